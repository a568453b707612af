import { LOINC, SNOMED } from './systems';
import type { Concept } from './types';

/**
 * LOINC codes for vital signs (as the FHIR R4 vital signs profiles fix them) and common laboratory
 * tests, with the UCUM units each takes. Only codes we are sure of are listed: a concept that is
 * not here is reported as not understood rather than guessed.
 */
export interface UnitOption {
  /** UCUM code. */
  ucum: string;
  /** Human-readable unit for Quantity.unit. */
  unit: string;
  /** A different LOINC code when the test is reported in this unit (e.g. glucose in mmol/L). */
  code?: string;
  display?: string;
}

export interface AnswerConcept extends Concept {}

export type ObservationValueSpec =
  | { kind: 'blood-pressure' }
  /** Units accepted; `assume`: the unit taken when none is given (with a note), when one is customary. */
  | { kind: 'quantity'; units: readonly UnitOption[]; assume?: string | 'temperature' }
  | { kind: 'coded'; answers: readonly AnswerConcept[] };

export interface ObservationConcept extends Concept {
  key: string;
  category: 'vital-signs' | 'laboratory' | 'social-history';
  /** The FHIR R4 vital signs profile this observation conforms to. */
  profile?: string;
  value: ObservationValueSpec;
  /** Codes added beside the main one when the request uses these words (pulse oximetry). */
  extra?: { when: readonly string[]; code: string; display: string };
}

const VS = 'http://hl7.org/fhir/StructureDefinition/';
const MMHG: UnitOption = { ucum: 'mm[Hg]', unit: 'mmHg' };
const PER_MIN_BEATS: UnitOption = { ucum: '/min', unit: 'beats/minute' };
const PER_MIN_BREATHS: UnitOption = { ucum: '/min', unit: 'breaths/minute' };
const PERCENT: UnitOption = { ucum: '%', unit: '%' };
const MG_DL: UnitOption = { ucum: 'mg/dL', unit: 'mg/dL' };
const MMOL_L: UnitOption = { ucum: 'mmol/L', unit: 'mmol/L' };
const G_DL: UnitOption = { ucum: 'g/dL', unit: 'g/dL' };
const U_L: UnitOption = { ucum: 'U/L', unit: 'U/L' };
const K_UL: UnitOption = { ucum: '10*3/uL', unit: '10*3/uL' };

function obs(
  key: string,
  code: string,
  display: string,
  synonyms: string[],
  category: ObservationConcept['category'],
  value: ObservationValueSpec,
  extra: Partial<Pick<ObservationConcept, 'profile' | 'extra'>> = {},
): ObservationConcept {
  return { key, system: LOINC, code, display, synonyms, category, value, ...extra };
}

export const BLOOD_PRESSURE_COMPONENTS = {
  systolic: { system: LOINC, code: '8480-6', display: 'Systolic blood pressure' },
  diastolic: { system: LOINC, code: '8462-4', display: 'Diastolic blood pressure' },
} as const;

export const VITAL_SIGNS: readonly ObservationConcept[] = [
  obs('blood-pressure', '85354-9', 'Blood pressure panel with all children optional', ['blood pressure', 'bp', 'b/p'], 'vital-signs', { kind: 'blood-pressure' }, { profile: `${VS}bp` }),
  obs('heart-rate', '8867-4', 'Heart rate', ['heart rate', 'pulse rate', 'pulse', 'hr', 'heartrate'], 'vital-signs', { kind: 'quantity', units: [PER_MIN_BEATS], assume: '/min' }, { profile: `${VS}heartrate` }),
  obs('respiratory-rate', '9279-1', 'Respiratory rate', ['respiratory rate', 'respiration rate', 'respirations', 'breathing rate', 'rr', 'resp rate'], 'vital-signs', { kind: 'quantity', units: [PER_MIN_BREATHS], assume: '/min' }, { profile: `${VS}resprate` }),
  obs('body-temperature', '8310-5', 'Body temperature', ['body temperature', 'temperature', 'temp', 'fever'], 'vital-signs', { kind: 'quantity', units: [{ ucum: 'Cel', unit: 'C' }, { ucum: '[degF]', unit: 'F' }], assume: 'temperature' }, { profile: `${VS}bodytemp` }),
  obs('body-weight', '29463-7', 'Body weight', ['body weight', 'weight', 'weighs', 'weighed', 'wt'], 'vital-signs', { kind: 'quantity', units: [{ ucum: 'kg', unit: 'kg' }, { ucum: '[lb_av]', unit: 'lb' }, { ucum: 'g', unit: 'g' }] }, { profile: `${VS}bodyweight` }),
  obs('body-height', '8302-2', 'Body height', ['body height', 'height', 'tall', 'ht'], 'vital-signs', { kind: 'quantity', units: [{ ucum: 'cm', unit: 'cm' }, { ucum: '[in_i]', unit: 'in' }] }, { profile: `${VS}bodyheight` }),
  obs('bmi', '39156-5', 'Body mass index (BMI) [Ratio]', ['body mass index', 'bmi'], 'vital-signs', { kind: 'quantity', units: [{ ucum: 'kg/m2', unit: 'kg/m2' }], assume: 'kg/m2' }, { profile: `${VS}bmi` }),
  obs(
    'oxygen-saturation',
    '2708-6',
    'Oxygen saturation in Arterial blood',
    ['oxygen saturation', 'o2 saturation', 'o2 sat', 'o2 sats', 'spo2', 'sp02', 'sao2', 'pulse oximetry', 'pulse ox', 'sats'],
    'vital-signs',
    { kind: 'quantity', units: [PERCENT], assume: '%' },
    { profile: `${VS}oxygensat`, extra: { when: ['spo2', 'sp02', 'pulse oximetry', 'pulse ox'], code: '59408-5', display: 'Oxygen saturation in Arterial blood by Pulse oximetry' } },
  ),
  obs('head-circumference', '9843-4', 'Head Occipital-frontal circumference', ['head circumference', 'occipital-frontal circumference', 'ofc'], 'vital-signs', { kind: 'quantity', units: [{ ucum: 'cm', unit: 'cm' }, { ucum: '[in_i]', unit: 'in' }] }, { profile: `${VS}headcircum` }),
];

/** Qualitative results of tests that detect an organism (SNOMED CT qualifier values). */
const DETECTED: AnswerConcept = { system: SNOMED, code: '260373001', display: 'Detected', synonyms: ['detected', 'positive', 'pos'] };
const NOT_DETECTED: AnswerConcept = { system: SNOMED, code: '260415000', display: 'Not detected', synonyms: ['not detected', 'negative', 'neg', 'undetected'] };

export const LABS: readonly ObservationConcept[] = [
  obs('glucose', '2339-0', 'Glucose [Mass/volume] in Blood', ['blood glucose', 'blood sugar', 'glucose'], 'laboratory', {
    kind: 'quantity',
    units: [MG_DL, { ucum: 'mmol/L', unit: 'mmol/L', code: '15074-8', display: 'Glucose [Moles/volume] in Blood' }],
  }),
  obs('fasting-glucose', '1558-6', 'Fasting glucose [Mass/volume] in Serum or Plasma', ['fasting glucose', 'fasting blood glucose', 'fasting blood sugar', 'fbg', 'fbs'], 'laboratory', { kind: 'quantity', units: [MG_DL] }),
  obs('hba1c', '4548-4', 'Hemoglobin A1c/Hemoglobin.total in Blood', ['hemoglobin a1c', 'haemoglobin a1c', 'hba1c', 'a1c', 'glycated hemoglobin'], 'laboratory', { kind: 'quantity', units: [PERCENT], assume: '%' }),
  obs('hemoglobin', '718-7', 'Hemoglobin [Mass/volume] in Blood', ['hemoglobin', 'haemoglobin', 'hgb', 'hb'], 'laboratory', { kind: 'quantity', units: [G_DL] }),
  obs('hematocrit', '4544-3', 'Hematocrit [Volume Fraction] of Blood by Automated count', ['hematocrit', 'haematocrit', 'hct'], 'laboratory', { kind: 'quantity', units: [PERCENT], assume: '%' }),
  obs('wbc', '6690-2', 'Leukocytes [#/volume] in Blood by Automated count', ['white blood cell count', 'white blood cells', 'white cell count', 'wbc', 'leukocytes'], 'laboratory', { kind: 'quantity', units: [K_UL] }),
  obs('platelets', '777-3', 'Platelets [#/volume] in Blood by Automated count', ['platelet count', 'platelets', 'plt'], 'laboratory', { kind: 'quantity', units: [K_UL] }),
  obs('total-cholesterol', '2093-3', 'Cholesterol [Mass/volume] in Serum or Plasma', ['total cholesterol', 'cholesterol'], 'laboratory', { kind: 'quantity', units: [MG_DL] }),
  obs('hdl', '2085-9', 'Cholesterol in HDL [Mass/volume] in Serum or Plasma', ['hdl cholesterol', 'hdl-c', 'hdl'], 'laboratory', { kind: 'quantity', units: [MG_DL] }),
  obs('ldl', '2089-1', 'Cholesterol in LDL [Mass/volume] in Serum or Plasma', ['ldl cholesterol', 'ldl-c', 'ldl'], 'laboratory', { kind: 'quantity', units: [MG_DL] }),
  obs('triglycerides', '2571-8', 'Triglyceride [Mass/volume] in Serum or Plasma', ['triglycerides', 'triglyceride', 'trigs', 'tg'], 'laboratory', { kind: 'quantity', units: [MG_DL] }),
  obs('creatinine', '2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', ['serum creatinine', 'creatinine', 'creat'], 'laboratory', { kind: 'quantity', units: [MG_DL] }),
  obs('bun', '3094-0', 'Urea nitrogen [Mass/volume] in Serum or Plasma', ['blood urea nitrogen', 'urea nitrogen', 'bun'], 'laboratory', { kind: 'quantity', units: [MG_DL] }),
  obs('sodium', '2951-2', 'Sodium [Moles/volume] in Serum or Plasma', ['sodium', 'na'], 'laboratory', { kind: 'quantity', units: [MMOL_L, { ucum: 'meq/L', unit: 'mEq/L' }] }),
  obs('potassium', '2823-3', 'Potassium [Moles/volume] in Serum or Plasma', ['potassium', 'k'], 'laboratory', { kind: 'quantity', units: [MMOL_L, { ucum: 'meq/L', unit: 'mEq/L' }] }),
  obs('chloride', '2075-0', 'Chloride [Moles/volume] in Serum or Plasma', ['chloride', 'cl'], 'laboratory', { kind: 'quantity', units: [MMOL_L, { ucum: 'meq/L', unit: 'mEq/L' }] }),
  obs('calcium', '17861-6', 'Calcium [Mass/volume] in Serum or Plasma', ['calcium', 'ca'], 'laboratory', { kind: 'quantity', units: [MG_DL] }),
  obs('albumin', '1751-7', 'Albumin [Mass/volume] in Serum or Plasma', ['albumin'], 'laboratory', { kind: 'quantity', units: [G_DL] }),
  obs('total-bilirubin', '1975-2', 'Bilirubin.total [Mass/volume] in Serum or Plasma', ['total bilirubin', 'bilirubin'], 'laboratory', { kind: 'quantity', units: [MG_DL] }),
  obs('alt', '1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma', ['alanine aminotransferase', 'alt', 'sgpt'], 'laboratory', { kind: 'quantity', units: [U_L] }),
  obs('ast', '1920-8', 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma', ['aspartate aminotransferase', 'ast', 'sgot'], 'laboratory', { kind: 'quantity', units: [U_L] }),
  obs('tsh', '3016-3', 'Thyrotropin [Units/volume] in Serum or Plasma', ['thyroid stimulating hormone', 'thyrotropin', 'tsh'], 'laboratory', { kind: 'quantity', units: [{ ucum: 'm[IU]/L', unit: 'mIU/L' }, { ucum: 'u[IU]/mL', unit: 'uIU/mL' }] }),
  obs('psa', '2857-1', 'Prostate specific Ag [Mass/volume] in Serum or Plasma', ['prostate specific antigen', 'psa'], 'laboratory', { kind: 'quantity', units: [{ ucum: 'ng/mL', unit: 'ng/mL' }] }),
  obs('crp', '1988-5', 'C reactive protein [Mass/volume] in Serum or Plasma', ['c-reactive protein', 'c reactive protein', 'crp'], 'laboratory', { kind: 'quantity', units: [{ ucum: 'mg/L', unit: 'mg/L' }] }),
  obs('inr', '6301-6', 'INR in Platelet poor plasma by Coagulation assay', ['inr', 'international normalized ratio'], 'laboratory', { kind: 'quantity', units: [{ ucum: '{INR}', unit: 'INR' }], assume: '{INR}' }),
  obs('sars-cov-2-pcr', '94500-6', 'SARS-CoV-2 (COVID-19) RNA [Presence] in Respiratory specimen by NAA with probe detection', ['covid-19 pcr', 'covid pcr', 'sars-cov-2 pcr', 'covid-19 test', 'covid test', 'sars-cov-2 rna'], 'laboratory', { kind: 'coded', answers: [NOT_DETECTED, DETECTED] }),
];

/** Smoking status (social history), answered with SNOMED CT findings as US Core uses them. */
export const SOCIAL_HISTORY: readonly ObservationConcept[] = [
  obs('smoking-status', '72166-2', 'Tobacco smoking status', ['tobacco smoking status', 'smoking status', 'smoker', 'smokes', 'smoking'], 'social-history', {
    kind: 'coded',
    answers: [
      { system: SNOMED, code: '266919005', display: 'Never smoked tobacco', synonyms: ['never smoker', 'never smoked', 'non-smoker', 'nonsmoker', 'never'] },
      { system: SNOMED, code: '8517006', display: 'Ex-smoker', synonyms: ['former smoker', 'ex-smoker', 'quit smoking', 'former', 'ex smoker'] },
      { system: SNOMED, code: '449868002', display: 'Smokes tobacco daily', synonyms: ['smokes daily', 'daily smoker', 'every day smoker', 'smokes every day'] },
      { system: SNOMED, code: '77176002', display: 'Smoker', synonyms: ['current smoker', 'active smoker', 'smokes', 'smoker'] },
    ],
  }),
];

export const OBSERVATIONS: readonly ObservationConcept[] = [...VITAL_SIGNS, ...LABS, ...SOCIAL_HISTORY];

/** Lab panels (orders and reports), and the observations each may carry as results. */
export interface PanelConcept extends Concept {
  key: string;
  members: readonly string[];
}

export const LAB_PANELS: readonly PanelConcept[] = [
  { key: 'cbc-diff', system: LOINC, code: '57021-8', display: 'CBC W Auto Differential panel - Blood', synonyms: ['cbc with differential', 'cbc with diff', 'cbc w/ diff', 'complete blood count with differential'], members: ['hemoglobin', 'hematocrit', 'wbc', 'platelets'] },
  { key: 'cbc', system: LOINC, code: '58410-2', display: 'CBC panel - Blood by Automated count', synonyms: ['complete blood count', 'cbc', 'full blood count', 'fbc'], members: ['hemoglobin', 'hematocrit', 'wbc', 'platelets'] },
  { key: 'bmp', system: LOINC, code: '24321-2', display: 'Basic metabolic 2000 panel - Serum or Plasma', synonyms: ['basic metabolic panel', 'bmp', 'chem 7', 'chem-7'], members: ['glucose', 'bun', 'creatinine', 'sodium', 'potassium', 'chloride', 'calcium'] },
  { key: 'cmp', system: LOINC, code: '24323-8', display: 'Comprehensive metabolic 2000 panel - Serum or Plasma', synonyms: ['comprehensive metabolic panel', 'cmp', 'chem 14', 'chem-14'], members: ['glucose', 'bun', 'creatinine', 'sodium', 'potassium', 'chloride', 'calcium', 'albumin', 'total-bilirubin', 'alt', 'ast'] },
  { key: 'lipid', system: LOINC, code: '57698-3', display: 'Lipid panel with direct LDL - Serum or Plasma', synonyms: ['lipid panel', 'lipid profile', 'lipids', 'cholesterol panel'], members: ['total-cholesterol', 'hdl', 'ldl', 'triglycerides'] },
  { key: 'hepatic', system: LOINC, code: '24325-3', display: 'Hepatic function 2000 panel - Serum or Plasma', synonyms: ['hepatic function panel', 'liver function tests', 'liver function test', 'liver panel', 'lfts', 'lft'], members: ['albumin', 'total-bilirubin', 'alt', 'ast'] },
  { key: 'urinalysis', system: LOINC, code: '24357-6', display: 'Urinalysis macro (dipstick) panel - Urine', synonyms: ['urinalysis', 'urine dipstick', 'ua'], members: [] },
];
