/**
 * Hard physiological limits by LOINC code: values no living human can have (not reference ranges),
 * in one UCUM unit; values in other commensurable units are converted. Sources: record values in the
 * clinical literature (e.g. survived core temperatures 11.8-46.5 °C, glucose up to ~2,650 mg/dL,
 * sodium 90-200 mmol/L, BMI up to ~250), padded to stay clear of extreme but real measurements.
 */
export interface PlausibleRange {
  name: string;
  unit: string;
  low: number;
  high: number;
  /** Units are annotations or dimensionless scores: compare the number as it is. */
  unitless?: boolean;
}

const r = (name: string, unit: string, low: number, high: number, unitless = false): PlausibleRange => ({ name, unit, low, high, ...(unitless ? { unitless } : {}) });

const HEIGHT = r('Body height', 'cm', 15, 275);
const WEIGHT = r('Body weight', 'kg', 0.2, 650);
const TEMPERATURE = r('Body temperature', 'Cel', 10, 47);
const SYSTOLIC = r('Systolic blood pressure', 'mm[Hg]', 20, 350);
const DIASTOLIC = r('Diastolic blood pressure', 'mm[Hg]', 5, 250);
const SPO2 = r('Oxygen saturation', '%', 10, 100);
const GLUCOSE = r('Glucose', 'mg/dL', 5, 3000);
const CREATININE = r('Creatinine', 'mg/dL', 0.05, 40);
const POTASSIUM = r('Potassium', 'mmol/L', 1, 15);
const SODIUM = r('Sodium', 'mmol/L', 90, 200);

export const PLAUSIBLE_RANGES: ReadonlyMap<string, PlausibleRange> = new Map([
  ['8302-2', HEIGHT],
  ['8306-3', HEIGHT], // body height lying
  ['8308-9', HEIGHT], // body height standing
  ['29463-7', WEIGHT],
  ['3141-9', WEIGHT], // body weight measured
  ['39156-5', r('Body mass index', 'kg/m2', 5, 260)],
  ['8867-4', r('Heart rate', '/min', 10, 350)],
  ['9279-1', r('Respiratory rate', '/min', 1, 150)],
  ['8310-5', TEMPERATURE],
  ['8331-1', TEMPERATURE], // oral
  ['8332-9', TEMPERATURE], // rectal
  ['8333-7', TEMPERATURE], // tympanic
  ['8480-6', SYSTOLIC],
  ['8462-4', DIASTOLIC],
  ['2708-6', SPO2],
  ['59408-5', SPO2],
  ['2339-0', GLUCOSE], // blood
  ['2345-7', GLUCOSE], // serum or plasma
  ['718-7', r('Hemoglobin', 'g/dL', 1, 26)],
  ['2160-0', CREATININE], // serum or plasma
  ['38483-4', CREATININE], // blood
  ['2823-3', POTASSIUM], // serum or plasma
  ['6298-4', POTASSIUM], // blood
  ['2951-2', SODIUM], // serum or plasma
  ['2947-0', SODIUM], // blood
  ['2093-3', r('Cholesterol', 'mg/dL', 20, 3000)],
  ['4548-4', r('Hemoglobin A1c', '%', 2, 25)],
  ['72514-3', r('Pain severity (0-10)', '{score}', 0, 10, true)],
]);

export const SYSTOLIC_CODE = '8480-6';
export const DIASTOLIC_CODE = '8462-4';
