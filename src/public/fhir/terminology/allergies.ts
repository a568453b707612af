import { SNOMED } from './systems';
import type { Concept } from './types';

/**
 * What people are allergic to (SNOMED CT substances, or the "allergy to X" finding where that is the
 * concept in common use), with the AllergyIntolerance.category each belongs to, and the reactions
 * (SNOMED CT clinical findings) a request may name.
 */
export interface AllergenConcept extends Concept {
  category: 'food' | 'medication' | 'environment' | 'biologic';
}

function allergen(code: string, display: string, category: AllergenConcept['category'], synonyms: string[]): AllergenConcept {
  return { system: SNOMED, code, display, category, synonyms };
}

export const ALLERGENS: readonly AllergenConcept[] = [
  allergen('91936005', 'Allergy to penicillin', 'medication', ['penicillins', 'penicillin', 'pcn']),
  allergen('372687004', 'Amoxicillin', 'medication', ['amoxicillin']),
  allergen('387458008', 'Aspirin', 'medication', ['aspirin', 'asa']),
  allergen('387207008', 'Ibuprofen', 'medication', ['ibuprofen']),
  allergen('387494007', 'Codeine', 'medication', ['codeine']),
  allergen('373529000', 'Morphine', 'medication', ['morphine']),
  allergen('256349002', 'Peanut', 'food', ['peanuts', 'peanut']),
  allergen('102263004', 'Eggs (edible)', 'food', ['eggs', 'egg']),
  allergen('3718001', "Cow's milk", 'food', ["cow's milk", 'cows milk', 'milk', 'dairy']),
  allergen('111088007', 'Latex', 'environment', ['natural rubber latex', 'latex']),
  allergen('256259004', 'Pollen', 'environment', ['pollen', 'pollens']),
  allergen('288328004', 'Bee venom', 'environment', ['bee venom', 'bee stings', 'bee sting', 'bees']),
];

export const REACTIONS: readonly Concept[] = [
  { system: SNOMED, code: '39579001', display: 'Anaphylaxis', synonyms: ['anaphylaxis', 'anaphylactic reaction', 'anaphylactic shock'] },
  { system: SNOMED, code: '126485001', display: 'Urticaria', synonyms: ['urticaria', 'hives'] },
  { system: SNOMED, code: '271807003', display: 'Eruption of skin', synonyms: ['skin rash', 'rash', 'skin eruption'] },
  { system: SNOMED, code: '418290006', display: 'Itching', synonyms: ['itching', 'itchiness', 'pruritus', 'itchy'] },
  { system: SNOMED, code: '41291007', display: 'Angioedema', synonyms: ['angioedema', 'swelling'] },
  { system: SNOMED, code: '422587007', display: 'Nausea', synonyms: ['nausea'] },
  { system: SNOMED, code: '422400008', display: 'Vomiting', synonyms: ['vomiting'] },
  { system: SNOMED, code: '62315008', display: 'Diarrhea', synonyms: ['diarrhea', 'diarrhoea'] },
  { system: SNOMED, code: '267036007', display: 'Dyspnea', synonyms: ['shortness of breath', 'dyspnea', 'dyspnoea', 'trouble breathing', 'difficulty breathing'] },
  { system: SNOMED, code: '56018004', display: 'Wheezing', synonyms: ['wheezing', 'wheeze'] },
];
