import type { CheckDefinition } from '../report/checks';
import type { Category } from '../report/issue';

function def(id: string, category: Category, thresholdPct: number, description: string): CheckDefinition {
  return { id, category, thresholdPct, description };
}

/**
 * Every data-quality check, counted as OHDSI's Data Quality Dashboard counts them. Thresholds: the
 * share of applicable records that may fail before the check counts as failed. Certainly-wrong
 * values (bad check digits, impossible dates, duplicate ids) allow none; completeness of elements
 * that de-identified or partial extracts legitimately lack allows more.
 */
export const CHECKS = {
  // completeness (one check per element, applicable to every resource of the type)
  patientName: def('dq.completeness.patient-name', 'completeness', 5, 'Patient has a name'),
  patientIdentifier: def('dq.completeness.patient-identifier', 'completeness', 5, 'Patient has an identifier'),
  patientGender: def('dq.completeness.patient-gender', 'completeness', 5, 'Patient has a gender'),
  patientBirthDate: def('dq.completeness.patient-birthdate', 'completeness', 5, 'Patient has a birth date'),
  observationValue: def(
    'dq.completeness.observation-value',
    'completeness',
    5,
    'Observation has a value[x], a dataAbsentReason, component values or hasMember (not for registered, cancelled or entered-in-error)',
  ),
  encounterPeriod: def('dq.completeness.encounter-period', 'completeness', 5, 'Encounter has a period (not for planned, cancelled or entered-in-error)'),
  conditionOnset: def('dq.completeness.condition-onset', 'completeness', 10, 'Condition has an onset[x] (or at least an abatement[x])'),
  allergyCode: def('dq.completeness.allergyintolerance-code', 'completeness', 5, 'AllergyIntolerance has a code'),
  immunizationOccurrence: def('dq.completeness.immunization-occurrence', 'completeness', 0, 'Immunization has an occurrence[x]'),
  medicationRequestDosage: def('dq.completeness.medicationrequest-dosage', 'completeness', 10, 'MedicationRequest has a dosageInstruction'),
  procedurePerformed: def(
    'dq.completeness.procedure-performed',
    'completeness',
    5,
    'Procedure has a performed[x] (not for not-done, preparation or entered-in-error)',
  ),
  diagnosticReportResult: def(
    'dq.completeness.diagnosticreport-result',
    'completeness',
    5,
    'DiagnosticReport has a result, a conclusion, a conclusionCode or a presentedForm',
  ),
  practitionerName: def('dq.completeness.practitioner-name', 'completeness', 5, 'Practitioner has a name'),
  practitionerIdentifier: def('dq.completeness.practitioner-identifier', 'completeness', 5, 'Practitioner has an identifier'),
  organizationName: def('dq.completeness.organization-name', 'completeness', 5, 'Organization has a name'),

  // plausibility: values
  valueRange: def(
    'dq.plausibility.value-range',
    'plausibility',
    1,
    'Vital signs and common lab values (by LOINC code, in UCUM units) lie within what a living human can have',
  ),
  bloodPressureOrder: def('dq.plausibility.bp-diastolic-below-systolic', 'plausibility', 0, 'Diastolic blood pressure is below systolic in a blood pressure panel'),
  // plausibility: dates within a resource
  periodOrder: def('dq.plausibility.period-order', 'plausibility', 0, 'Every Period ends after it starts'),
  birthDateFuture: def('dq.plausibility.birthdate-future', 'plausibility', 0, 'Patient.birthDate is not in the future'),
  deathBeforeBirth: def('dq.plausibility.death-before-birth', 'plausibility', 0, 'Patient.deceasedDateTime is not before Patient.birthDate'),
  futureDate: def('dq.plausibility.future-date', 'plausibility', 0, 'Dates of past events (effective, issued, onset, performed, occurrence, authored, period) are not after now'),
  issuedBeforeEffective: def('dq.plausibility.issued-before-effective', 'plausibility', 1, 'Observation/DiagnosticReport issued is not before effective[x]'),
  abatementBeforeOnset: def('dq.plausibility.abatement-before-onset', 'plausibility', 0, 'Condition abatement[x] is not before onset[x]'),
  // plausibility: dates across resources (dataset index)
  eventBeforeBirth: def('dq.plausibility.event-before-birth', 'plausibility', 0, "Clinical events of a patient do not start before the patient's birth"),
  eventAfterDeath: def('dq.plausibility.event-after-death', 'plausibility', 0, "Clinical events of a patient do not start more than a day after the patient's death"),

  // code checks (Kahn: value conformance)
  loincCheckDigit: def('dq.code.loinc-check-digit', 'conformance', 0, 'LOINC codes have a valid format and mod-10 check digit'),
  snomedCheckDigit: def('dq.code.snomed-check-digit', 'conformance', 0, 'SNOMED CT concept ids have a concept partition and a valid Verhoeff check digit'),
  canonicalSystem: def('dq.code.system-canonical', 'conformance', 0, 'Code and identifier systems use the canonical URI FHIR defines for them'),
  ucumUnit: def('dq.code.ucum-unit', 'conformance', 0, 'Quantity codes in system http://unitsofmeasure.org are valid UCUM'),

  // dataset checks (Kahn: relational conformance; uniqueness plausibility)
  danglingReference: def('dq.dataset.dangling-reference', 'conformance', 5, 'References to resources (Type/id, urn:uuid, conditional) resolve within the dataset'),
  duplicateIdentifier: def('dq.dataset.duplicate-identifier', 'plausibility', 0, 'A business identifier (system|value) belongs to one resource of a type'),
  duplicateId: def('dq.dataset.duplicate-id', 'conformance', 0, 'A resource id occurs once per type within one dataset (a folder of input files, or one Bundle)'),
} satisfies Record<string, CheckDefinition>;

/** All quality check definitions, e.g. for documentation and reports. */
export const QUALITY_CHECKS: readonly CheckDefinition[] = Object.values(CHECKS);
