import { REACTIONS } from './allergies';
import { SNOMED } from './systems';
import type { Concept } from './types';

/**
 * Symptoms (SNOMED CT clinical findings) a request gives as the reason of an "as needed" dose
 * ("every 6 hours as needed for pain"); the allergy reactions are symptoms too.
 */
export const SYMPTOMS: readonly Concept[] = [
  { system: SNOMED, code: '22253000', display: 'Pain', synonyms: ['pain'] },
  { system: SNOMED, code: '25064002', display: 'Headache', synonyms: ['headache', 'headaches'] },
  { system: SNOMED, code: '386661006', display: 'Fever', synonyms: ['fever'] },
  { system: SNOMED, code: '49727002', display: 'Cough', synonyms: ['cough', 'coughing'] },
  { system: SNOMED, code: '193462001', display: 'Insomnia', synonyms: ['insomnia', 'sleep', 'trouble sleeping'] },
  ...REACTIONS,
];

/** Routes of administration (SNOMED CT qualifier values, the R4 route-codes example binding). */
export const ROUTES: readonly Concept[] = [
  { system: SNOMED, code: '26643006', display: 'Oral route', synonyms: ['by mouth', 'orally', 'oral', 'po', 'p.o.'] },
  { system: SNOMED, code: '37839007', display: 'Sublingual route', synonyms: ['sublingual', 'sublingually', 'under the tongue'] },
  { system: SNOMED, code: '34206005', display: 'Subcutaneous route', synonyms: ['subcutaneous', 'subcutaneously', 'subq', 'sub-q', 'subcut'] },
  { system: SNOMED, code: '78421000', display: 'Intramuscular route', synonyms: ['intramuscular', 'intramuscularly', 'im'] },
  { system: SNOMED, code: '47625008', display: 'Intravenous route', synonyms: ['intravenous', 'intravenously', 'iv'] },
  { system: SNOMED, code: '6064005', display: 'Topical route', synonyms: ['topical', 'topically', 'on the skin'] },
  { system: SNOMED, code: '447694001', display: 'Respiratory tract route', synonyms: ['inhaled', 'by inhalation', 'via inhaler', 'inhale'] },
];
