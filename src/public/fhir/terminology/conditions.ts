import { ICD10CM, SNOMED } from './systems';
import type { Concept } from './types';

/**
 * Common conditions: a SNOMED CT concept and the ICD-10-CM code US billing uses for the unspecified
 * form of it. Pairs are listed only where the ICD-10-CM code is the usual mapping of the SNOMED
 * concept; an unsure pair is left out (the request is then reported as not understood).
 */
export interface ConditionConcept extends Concept {
  icd10cm: { code: string; display: string };
}

function condition(code: string, display: string, icd: string, icdDisplay: string, synonyms: string[]): ConditionConcept {
  return { system: SNOMED, code, display, synonyms, icd10cm: { code: icd, display: icdDisplay } };
}

export const ICD10CM_SYSTEM = ICD10CM;

export const CONDITIONS: readonly ConditionConcept[] = [
  condition('59621000', 'Essential hypertension', 'I10', 'Essential (primary) hypertension', ['essential hypertension', 'hypertension', 'high blood pressure', 'htn']),
  condition('44054006', 'Diabetes mellitus type 2', 'E11.9', 'Type 2 diabetes mellitus without complications', ['type 2 diabetes mellitus', 'type 2 diabetes', 'type ii diabetes', 't2dm', 'dm2', 'diabetes type 2', 'diabetes mellitus type 2', 'diabetes']),
  condition('46635009', 'Diabetes mellitus type 1', 'E10.9', 'Type 1 diabetes mellitus without complications', ['type 1 diabetes mellitus', 'type 1 diabetes', 'type i diabetes', 't1dm', 'dm1', 'diabetes type 1', 'diabetes mellitus type 1', 'juvenile diabetes']),
  condition('714628002', 'Prediabetes', 'R73.03', 'Prediabetes', ['prediabetes', 'pre-diabetes', 'borderline diabetes']),
  condition('195967001', 'Asthma', 'J45.909', 'Unspecified asthma, uncomplicated', ['asthma']),
  condition('13645005', 'Chronic obstructive lung disease', 'J44.9', 'Chronic obstructive pulmonary disease, unspecified', ['chronic obstructive pulmonary disease', 'chronic obstructive lung disease', 'copd']),
  condition('55822004', 'Hyperlipidemia', 'E78.5', 'Hyperlipidemia, unspecified', ['hyperlipidemia', 'hyperlipidaemia', 'dyslipidemia']),
  condition('13644009', 'Hypercholesterolemia', 'E78.00', 'Pure hypercholesterolemia, unspecified', ['hypercholesterolemia', 'hypercholesterolaemia', 'high cholesterol']),
  condition('35489007', 'Depressive disorder', 'F32.A', 'Depression, unspecified', ['depressive disorder', 'depression']),
  condition('370143000', 'Major depressive disorder', 'F32.9', 'Major depressive disorder, single episode, unspecified', ['major depressive disorder', 'major depression', 'mdd']),
  condition('21897009', 'Generalized anxiety disorder', 'F41.1', 'Generalized anxiety disorder', ['generalized anxiety disorder', 'generalised anxiety disorder', 'gad']),
  condition('197480006', 'Anxiety disorder', 'F41.9', 'Anxiety disorder, unspecified', ['anxiety disorder', 'anxiety']),
  condition('406506008', 'Attention deficit hyperactivity disorder', 'F90.9', 'Attention-deficit hyperactivity disorder, unspecified type', ['attention deficit hyperactivity disorder', 'adhd']),
  condition('37796009', 'Migraine', 'G43.909', 'Migraine, unspecified, not intractable, without status migrainosus', ['migraine', 'migraines', 'migraine headache']),
  condition('84757009', 'Epilepsy', 'G40.909', 'Epilepsy, unspecified, not intractable, without status epilepticus', ['epilepsy', 'seizure disorder']),
  condition('49436004', 'Atrial fibrillation', 'I48.91', 'Unspecified atrial fibrillation', ['atrial fibrillation', 'afib', 'a-fib', 'a fib']),
  condition('84114007', 'Heart failure', 'I50.9', 'Heart failure, unspecified', ['congestive heart failure', 'heart failure', 'chf']),
  condition('53741008', 'Coronary arteriosclerosis', 'I25.10', 'Atherosclerotic heart disease of native coronary artery without angina pectoris', ['coronary artery disease', 'coronary heart disease', 'coronary arteriosclerosis', 'cad']),
  condition('709044004', 'Chronic kidney disease', 'N18.9', 'Chronic kidney disease, unspecified', ['chronic kidney disease', 'ckd', 'chronic renal disease']),
  condition('40930008', 'Hypothyroidism', 'E03.9', 'Hypothyroidism, unspecified', ['hypothyroidism', 'underactive thyroid']),
  condition('414916001', 'Obesity', 'E66.9', 'Obesity, unspecified', ['obesity', 'obese']),
  condition('396275006', 'Osteoarthritis', 'M19.90', 'Unspecified osteoarthritis, unspecified site', ['osteoarthritis', 'degenerative joint disease']),
  condition('69896004', 'Rheumatoid arthritis', 'M06.9', 'Rheumatoid arthritis, unspecified', ['rheumatoid arthritis']),
  condition('90560007', 'Gout', 'M10.9', 'Gout, unspecified', ['gout']),
  condition('279039007', 'Low back pain', 'M54.50', 'Low back pain, unspecified', ['low back pain', 'lower back pain', 'lumbago']),
  condition('235595009', 'Gastroesophageal reflux disease', 'K21.9', 'Gastro-esophageal reflux disease without esophagitis', ['gastroesophageal reflux disease', 'gastro-oesophageal reflux disease', 'acid reflux', 'gerd', 'reflux']),
  condition('233604007', 'Pneumonia', 'J18.9', 'Pneumonia, unspecified organism', ['pneumonia']),
  condition('10509002', 'Acute bronchitis', 'J20.9', 'Acute bronchitis, unspecified', ['acute bronchitis', 'bronchitis']),
  condition('15805002', 'Acute sinusitis', 'J01.90', 'Acute sinusitis, unspecified', ['acute sinusitis', 'sinusitis', 'sinus infection']),
  condition('43878008', 'Streptococcal sore throat', 'J02.0', 'Streptococcal pharyngitis', ['streptococcal pharyngitis', 'strep throat', 'streptococcal sore throat']),
  condition('68566005', 'Urinary tract infectious disease', 'N39.0', 'Urinary tract infection, site not specified', ['urinary tract infection', 'uti', 'bladder infection']),
  condition('65363002', 'Otitis media', 'H66.90', 'Otitis media, unspecified, unspecified ear', ['otitis media', 'middle ear infection', 'ear infection']),
  condition('840539006', 'COVID-19', 'U07.1', 'COVID-19', ['covid-19', 'covid 19', 'covid', 'sars-cov-2 infection']),
  condition('6142004', 'Influenza', 'J11.1', 'Influenza due to unidentified influenza virus with other respiratory manifestations', ['influenza', 'the flu', 'flu']),
  condition('61582004', 'Allergic rhinitis', 'J30.9', 'Allergic rhinitis, unspecified', ['allergic rhinitis', 'hay fever']),
  condition('78275009', 'Obstructive sleep apnea syndrome', 'G47.33', 'Obstructive sleep apnea (adult) (pediatric)', ['obstructive sleep apnea', 'obstructive sleep apnoea', 'sleep apnea', 'osa']),
  condition('271737000', 'Anemia', 'D64.9', 'Anemia, unspecified', ['anemia', 'anaemia']),
  condition('87522002', 'Iron deficiency anemia', 'D50.9', 'Iron deficiency anemia, unspecified', ['iron deficiency anemia', 'iron deficiency anaemia', 'iron-deficiency anemia']),
];
