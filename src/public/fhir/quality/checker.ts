import type { CheckDefinition, CheckTally } from '../report/checks';
import type { FindingSink, IssueCode, Severity } from '../report/issue';
import { loincCheckDigit, loincCodeStatus, snomedCodeStatus } from './check-digits';
import { LOINC, SNOMED, UCUM, nonCanonicalSystem } from './code-systems';
import { bounds, parseDate } from './dates';
import type { ReferenceVisitor } from './dataset';
import { CHECKS } from './definitions';
import { DIASTOLIC_CODE, PLAUSIBLE_RANGES, SYSTOLIC_CODE, type PlausibleRange } from './ranges';
import { convertUcum, isValidUcum } from './ucum';

export interface QualityCheckerOptions {
  /** The clock for "in the future" checks (tests inject a fixed time). Default Date.now. */
  now?: () => number | Date;
}

export interface QualityChecker {
  /**
   * Checks one resource. `references`, when given, is called for every non-empty string
   * `reference` property the walk meets (see DatasetIndex.reference): the dataset index reuses this
   * walk instead of walking the resource again.
   */
  check(resource: Record<string, unknown>, sink: FindingSink, tally: CheckTally, references?: ReferenceVisitor): void;
}

type Json = Record<string, unknown>;

/** Per-resource outcome of a check that may fire several times in one resource (tallied once). */
const enum Seen {
  No = 0,
  Passed = 1,
  Failed = 2,
}

function present(v: unknown): boolean {
  return v !== undefined && v !== null && v !== '' && !(Array.isArray(v) && v.length === 0);
}

function isObject(v: unknown): v is Json {
  return v !== null && typeof v === 'object' && !Array.isArray(v);
}

function fmt(n: number): string {
  return Number.isInteger(n) ? String(n) : String(Math.round(n * 100) / 100);
}

/**
 * The per-resource data-quality checks. One generic walk over the resource finds what can be
 * anywhere (Codings, Quantities, Identifiers, Periods); type-specific checks look at the few elements
 * they need at the root. The walk keeps its path in a reused stack and builds FHIRPath strings only
 * when it reports, so a clean resource costs no allocation beyond the walk itself.
 */
export function createQualityChecker(options: QualityCheckerOptions = {}): QualityChecker {
  const clock = options.now;
  let sink: FindingSink = () => undefined;
  let rt = '';
  let now = 0;
  let bundleRoot = false;
  let references: ReferenceVisitor | undefined;
  const path: (string | number)[] = [];

  // per-resource outcomes of the walk's checks
  let loinc = Seen.No;
  let snomed = Seen.No;
  let systems = Seen.No;
  let ucum = Seen.No;
  let periods = Seen.No;
  let future = Seen.No;

  function expr(depth: number, suffix = ''): string {
    let s = rt;
    for (let i = 0; i < depth; i++) {
      const p = path[i]!;
      s += typeof p === 'number' ? `[${p}]` : `.${p}`;
    }
    return s + suffix;
  }

  function report(def: CheckDefinition, severity: Severity, code: IssueCode, expression: string, message: string): void {
    if (sink.countDropped !== undefined && sink.countDropped(severity, def.category)) return;
    sink({ severity, code, category: def.category, rule: def.id, expression: [expression], message });
  }

  // ---- the generic walk -------------------------------------------------------------------------

  function walk(obj: Json, depth: number): void {
    if (references !== undefined) {
      const reference = obj.reference;
      if (typeof reference === 'string' && reference !== '') references(reference, path, depth);
    }
    const system = obj.system;
    if (typeof system === 'string') checkSystem(obj, system, depth);
    const start = obj.start;
    const end = obj.end;
    if (typeof start === 'string' && typeof end === 'string') checkPeriod(start, end, depth);
    for (const key in obj) {
      const v = obj[key];
      if (v === null || typeof v !== 'object') continue;
      // A Bundle's entry resources are scanned as resources of their own.
      if (bundleRoot && depth === 2 && key === 'resource' && path[0] === 'entry') continue;
      path[depth] = key;
      if (Array.isArray(v)) {
        for (let i = 0; i < v.length; i++) {
          const item = v[i];
          if (item !== null && typeof item === 'object' && !Array.isArray(item)) {
            path[depth + 1] = i;
            walk(item as Json, depth + 2);
          }
        }
      } else {
        walk(v as Json, depth + 1);
      }
    }
  }

  function checkSystem(obj: Json, system: string, depth: number): void {
    const code = obj.code;
    const isCoded = typeof code === 'string';
    if (!isCoded && typeof obj.value !== 'string') return; // neither Coding/Quantity nor Identifier
    const wrong = nonCanonicalSystem(system);
    if (wrong) {
      systems = Seen.Failed;
      report(
        CHECKS.canonicalSystem,
        'warning',
        'value',
        expr(depth, '.system'),
        `The system "${system}" is a non-canonical name for ${wrong.name}; FHIR requires the URI "${wrong.canonical}"`,
      );
    } else if (systems === Seen.No) systems = Seen.Passed;
    if (!isCoded || code === '') return;
    if (system === LOINC) {
      const status = loincCodeStatus(code);
      if (status === 'valid') {
        if (loinc === Seen.No) loinc = Seen.Passed;
      } else {
        loinc = Seen.Failed;
        report(
          CHECKS.loincCheckDigit,
          'error',
          'code-invalid',
          expr(depth, '.code'),
          status === 'bad-check-digit'
            ? `The LOINC code "${code}" has a wrong check digit (mod 10 gives ${loincCheckDigit(code)})`
            : `"${code}" is not a LOINC code: LOINC codes are digits, a hyphen and a check digit (e.g. 8302-2), or LA/LP/LG/LL followed by such`,
        );
      }
    } else if (system === SNOMED) {
      const status = snomedCodeStatus(code);
      if (status === 'valid' || status === 'expression') {
        if (status === 'valid' && snomed === Seen.No) snomed = Seen.Passed;
      } else {
        snomed = Seen.Failed;
        report(
          CHECKS.snomedCheckDigit,
          'error',
          'code-invalid',
          expr(depth, '.code'),
          status === 'bad-check-digit'
            ? `The SNOMED CT concept id "${code}" has a wrong Verhoeff check digit`
            : status === 'bad-partition'
              ? `"${code}" is not a SNOMED CT concept id: its partition identifier "${code.slice(-3, -1)}" is not a concept partition (00 or 10)`
              : `"${code}" is not a SNOMED CT concept id (6 to 18 digits, no leading zero)`,
        );
      }
    } else if (system === UCUM) {
      if (isValidUcum(code)) {
        if (ucum === Seen.No) ucum = Seen.Passed;
      } else {
        ucum = Seen.Failed;
        report(CHECKS.ucumUnit, 'error', 'code-invalid', expr(depth, '.code'), `"${code}" is not a valid UCUM unit code`);
      }
    }
  }

  function checkPeriod(start: string, end: string, depth: number): void {
    if (!parseDate(start)) return;
    const startLo = bounds.lo;
    if (!parseDate(end)) return;
    if (bounds.hi < startLo) {
      // Counted for the plausibility score only: the finding itself is the spec's per-1 invariant,
      // which the invariant checker reports at the same element.
      periods = Seen.Failed;
    } else if (periods === Seen.No) periods = Seen.Passed;
  }

  // ---- type-specific checks at the root ---------------------------------------------------------

  function completeness(def: CheckDefinition, tally: CheckTally, ok: boolean, element: string, message: string): void {
    tally.record(def, rt, !ok);
    if (!ok) report(def, 'warning', 'incomplete', `${rt}.${element}`, message);
  }

  /** "Dates later than now" for dates of events that have happened. */
  function notFuture(value: unknown, element: string): void {
    if (typeof value !== 'string' || !parseDate(value)) return;
    if (bounds.lo > now) {
      future = Seen.Failed;
      report(CHECKS.futureDate, 'warning', 'value', `${rt}.${element}`, `${element} (${value}) is in the future`);
    } else if (future === Seen.No) future = Seen.Passed;
  }

  /** The start of a dateTime/Period/instant choice, with the JSON name that holds it. */
  function choiceStart(r: Json, prefix: ChoicePrefix): { value: string; element: string } | null {
    const names = CHOICE_NAMES[prefix];
    const dt = r[names.dateTime];
    if (typeof dt === 'string') return { value: dt, element: names.dateTime };
    const inst = r[names.instant];
    if (typeof inst === 'string') return { value: inst, element: names.instant };
    const p = r[names.period];
    if (isObject(p) && typeof p.start === 'string') return { value: p.start, element: names.periodStart };
    return null;
  }

  function checkPatient(r: Json, tally: CheckTally): void {
    completeness(CHECKS.patientName, tally, present(r.name), 'name', 'The patient has no name');
    completeness(CHECKS.patientIdentifier, tally, present(r.identifier), 'identifier', 'The patient has no identifier');
    completeness(CHECKS.patientGender, tally, present(r.gender), 'gender', 'The patient has no gender');
    completeness(CHECKS.patientBirthDate, tally, present(r.birthDate), 'birthDate', 'The patient has no birth date');
    const birth = r.birthDate;
    if (typeof birth === 'string' && parseDate(birth)) {
      const birthLo = bounds.lo;
      const inFuture = birthLo > now;
      tally.record(CHECKS.birthDateFuture, rt, inFuture);
      if (inFuture) report(CHECKS.birthDateFuture, 'error', 'value', 'Patient.birthDate', `The birth date ${birth} is in the future`);
      const death = r.deceasedDateTime;
      if (typeof death === 'string' && parseDate(death)) {
        const before = bounds.hi < birthLo;
        tally.record(CHECKS.deathBeforeBirth, rt, before);
        if (before) report(CHECKS.deathBeforeBirth, 'error', 'business-rule', 'Patient.deceasedDateTime', `The patient died (${death}) before being born (${birth})`);
      }
    }
    notFuture(r.deceasedDateTime, 'deceasedDateTime');
  }

  function checkIssuedAfterEffective(r: Json, tally: CheckTally): void {
    const eff = choiceStart(r, 'effective');
    notFuture(r.issued, 'issued');
    if (!eff) return;
    notFuture(eff.value, eff.element);
    const issued = r.issued;
    if (typeof issued !== 'string' || !parseDate(issued)) return;
    const issuedHi = bounds.hi;
    if (!parseDate(eff.value)) return;
    const before = issuedHi < bounds.lo;
    tally.record(CHECKS.issuedBeforeEffective, rt, before);
    if (before) {
      report(CHECKS.issuedBeforeEffective, 'warning', 'business-rule', `${rt}.issued`, `Issued (${issued}) before the ${eff.element} (${eff.value}) it reports on`);
    }
  }

  function rangeOf(concept: unknown): PlausibleRange | undefined {
    if (!isObject(concept) || !Array.isArray(concept.coding)) return undefined;
    for (const c of concept.coding) {
      if (isObject(c) && c.system === LOINC && typeof c.code === 'string') {
        const range = PLAUSIBLE_RANGES.get(c.code);
        if (range) return range;
      }
    }
    return undefined;
  }

  /** The value in the range's unit, or NaN when there is none or the unit does not convert. */
  function valueIn(range: PlausibleRange, q: Json): number {
    const value = q.value;
    if (typeof value !== 'number') return NaN;
    if (range.unitless) return value;
    const system = q.system;
    const unit = system === UCUM || system === undefined ? (typeof q.code === 'string' ? q.code : q.unit) : undefined;
    if (typeof unit !== 'string') return NaN;
    return convertUcum(value, unit, range.unit);
  }

  /** 0 not applicable, 1 in range, 2 out of range (reported). */
  function checkRange(range: PlausibleRange, q: unknown, element: string): number {
    if (!isObject(q)) return 0;
    const v = valueIn(range, q);
    if (Number.isNaN(v)) return 0;
    if (v >= range.low && v <= range.high) return 1;
    const given = `${fmt(q.value as number)} ${typeof q.code === 'string' ? q.code : (q.unit ?? '')}`.trim();
    const converted = range.unitless || q.code === range.unit ? '' : ` (= ${fmt(v)} ${range.unit})`;
    report(
      CHECKS.valueRange,
      'warning',
      'value',
      `${rt}.${element}.value`,
      `${range.name} ${given}${converted} is outside what a living human can have (${range.low}-${range.high} ${range.unit})`,
    );
    return 2;
  }

  function checkObservation(r: Json, tally: CheckTally): void {
    const status = r.status;
    const components = Array.isArray(r.component) ? (r.component as unknown[]) : [];
    if (status !== 'registered' && status !== 'cancelled' && status !== 'entered-in-error') {
      let ok = hasValue(r) || present(r.dataAbsentReason) || present(r.hasMember);
      for (let i = 0; !ok && i < components.length; i++) {
        const c = components[i];
        ok = isObject(c) && (hasValue(c) || present(c.dataAbsentReason));
      }
      completeness(CHECKS.observationValue, tally, ok, 'value', 'The observation has no value, no dataAbsentReason, no component values and no hasMember');
    }

    let ranged = 0;
    const range = rangeOf(r.code);
    if (range) ranged = Math.max(ranged, checkRange(range, r.valueQuantity, 'valueQuantity'));
    let systolic: Json | undefined;
    let diastolic: Json | undefined;
    let diastolicIndex = -1;
    for (let i = 0; i < components.length; i++) {
      const c = components[i];
      if (!isObject(c)) continue;
      const cr = rangeOf(c.code);
      if (!cr) continue;
      ranged = Math.max(ranged, checkRange(cr, c.valueQuantity, `component[${i}].valueQuantity`));
      if (isObject(c.valueQuantity)) {
        if (hasCode(c.code, SYSTOLIC_CODE)) systolic = c.valueQuantity;
        else if (hasCode(c.code, DIASTOLIC_CODE)) {
          diastolic = c.valueQuantity;
          diastolicIndex = i;
        }
      }
    }
    if (ranged) tally.record(CHECKS.valueRange, rt, ranged === 2);
    if (systolic && diastolic) checkBloodPressure(systolic, diastolic, diastolicIndex, tally);
    checkIssuedAfterEffective(r, tally);
  }

  function checkBloodPressure(sys: Json, dia: Json, diaIndex: number, tally: CheckTally): void {
    if (typeof sys.value !== 'number' || typeof dia.value !== 'number') return;
    // Compare in mm[Hg] when both units are known; as given when both lack a unit.
    const sysUnit = typeof sys.code === 'string' ? sys.code : sys.unit;
    const diaUnit = typeof dia.code === 'string' ? dia.code : dia.unit;
    let s = sys.value;
    let d = dia.value;
    if (sysUnit !== diaUnit) {
      if (typeof sysUnit !== 'string' || typeof diaUnit !== 'string') return;
      s = convertUcum(s, sysUnit, 'mm[Hg]');
      d = convertUcum(d, diaUnit, 'mm[Hg]');
      if (Number.isNaN(s) || Number.isNaN(d)) return;
    }
    const bad = d >= s;
    tally.record(CHECKS.bloodPressureOrder, rt, bad);
    if (bad) {
      report(
        CHECKS.bloodPressureOrder,
        'warning',
        'business-rule',
        `${rt}.component[${diaIndex}].valueQuantity.value`,
        `Diastolic blood pressure (${fmt(dia.value)}) is not below systolic (${fmt(sys.value)})`,
      );
    }
  }

  function checkCondition(r: Json, tally: CheckTally): void {
    const onset = r.onsetDateTime ?? r.onsetPeriod ?? r.onsetAge ?? r.onsetRange ?? r.onsetString;
    const abatement = r.abatementDateTime ?? r.abatementPeriod ?? r.abatementAge ?? r.abatementRange ?? r.abatementString ?? r.abatementBoolean;
    completeness(CHECKS.conditionOnset, tally, present(onset) || present(abatement), 'onset', 'The condition has no onset');
    const on = choiceStart(r, 'onset');
    const ab = choiceStart(r, 'abatement');
    if (on) notFuture(on.value, on.element);
    notFuture(r.recordedDate, 'recordedDate');
    if (on && ab && parseDate(on.value)) {
      const onsetLo = bounds.lo;
      if (parseDate(ab.value)) {
        const before = bounds.hi < onsetLo;
        tally.record(CHECKS.abatementBeforeOnset, rt, before);
        if (before) report(CHECKS.abatementBeforeOnset, 'warning', 'business-rule', `${rt}.${ab.element}`, `The condition abated (${ab.value}) before its onset (${on.value})`);
      }
    }
  }

  function checkByType(r: Json, tally: CheckTally): void {
    switch (rt) {
      case 'Patient':
        return checkPatient(r, tally);
      case 'Observation':
        return checkObservation(r, tally);
      case 'Encounter': {
        const s = r.status;
        if (s === 'planned' || s === 'cancelled' || s === 'entered-in-error') return;
        completeness(CHECKS.encounterPeriod, tally, isObject(r.period) && (present(r.period.start) || present(r.period.end)), 'period', 'The encounter has no period');
        if (isObject(r.period)) notFuture(r.period.start, 'period.start');
        return;
      }
      case 'Condition':
        return checkCondition(r, tally);
      case 'AllergyIntolerance':
        completeness(CHECKS.allergyCode, tally, present(r.code), 'code', 'The allergy or intolerance has no code (what the patient is allergic to)');
        notFuture(r.onsetDateTime, 'onsetDateTime');
        notFuture(r.recordedDate, 'recordedDate');
        return;
      case 'Immunization':
        completeness(CHECKS.immunizationOccurrence, tally, present(r.occurrenceDateTime) || present(r.occurrenceString), 'occurrence', 'The immunization has no occurrence date');
        notFuture(r.occurrenceDateTime, 'occurrenceDateTime');
        notFuture(r.recorded, 'recorded');
        return;
      case 'MedicationRequest':
        completeness(CHECKS.medicationRequestDosage, tally, present(r.dosageInstruction), 'dosageInstruction', 'The medication request has no dosage instruction');
        notFuture(r.authoredOn, 'authoredOn');
        return;
      case 'Procedure': {
        const s = r.status;
        if (s === 'not-done' || s === 'preparation' || s === 'entered-in-error') return;
        const performed = r.performedDateTime ?? r.performedPeriod ?? r.performedString ?? r.performedAge ?? r.performedRange;
        completeness(CHECKS.procedurePerformed, tally, present(performed), 'performed', 'The procedure has no performed date');
        const p = choiceStart(r, 'performed');
        if (p) notFuture(p.value, p.element);
        return;
      }
      case 'DiagnosticReport':
        completeness(
          CHECKS.diagnosticReportResult,
          tally,
          present(r.result) || present(r.conclusion) || present(r.conclusionCode) || present(r.presentedForm),
          'result',
          'The diagnostic report has no result, conclusion or presented form',
        );
        checkIssuedAfterEffective(r, tally);
        return;
      case 'Practitioner':
        completeness(CHECKS.practitionerName, tally, present(r.name), 'name', 'The practitioner has no name');
        completeness(CHECKS.practitionerIdentifier, tally, present(r.identifier), 'identifier', 'The practitioner has no identifier (e.g. an NPI)');
        return;
      case 'Organization':
        completeness(CHECKS.organizationName, tally, present(r.name), 'name', 'The organization has no name');
        return;
      default:
    }
  }

  return {
    check(resource, findingSink, tally, referenceVisitor) {
      sink = findingSink;
      references = referenceVisitor;
      rt = typeof resource.resourceType === 'string' ? resource.resourceType : 'Unknown';
      bundleRoot = rt === 'Bundle';
      now = clock ? +clock() : Date.now();
      loinc = snomed = systems = ucum = periods = future = Seen.No;
      try {
        walk(resource, 0);
        checkByType(resource, tally);
      } finally {
        sink = () => undefined;
        references = undefined;
      }
      if (loinc) tally.record(CHECKS.loincCheckDigit, rt, loinc === Seen.Failed);
      if (snomed) tally.record(CHECKS.snomedCheckDigit, rt, snomed === Seen.Failed);
      if (systems) tally.record(CHECKS.canonicalSystem, rt, systems === Seen.Failed);
      if (ucum) tally.record(CHECKS.ucumUnit, rt, ucum === Seen.Failed);
      if (periods) tally.record(CHECKS.periodOrder, rt, periods === Seen.Failed);
      if (future) tally.record(CHECKS.futureDate, rt, future === Seen.Failed);
    },
  };
}

type ChoicePrefix = 'effective' | 'onset' | 'abatement' | 'performed';

/** The JSON names of a date choice's dateTime, instant and Period forms (built once, not per call). */
const CHOICE_NAMES = Object.fromEntries(
  (['effective', 'onset', 'abatement', 'performed'] as const).map((prefix) => [
    prefix,
    { dateTime: `${prefix}DateTime`, instant: `${prefix}Instant`, period: `${prefix}Period`, periodStart: `${prefix}Period.start` },
  ]),
) as Record<ChoicePrefix, { dateTime: string; instant: string; period: string; periodStart: string }>;

const VALUE_KEYS = [
  'valueQuantity',
  'valueCodeableConcept',
  'valueString',
  'valueBoolean',
  'valueInteger',
  'valueRange',
  'valueRatio',
  'valueSampledData',
  'valueTime',
  'valueDateTime',
  'valuePeriod',
];

function hasValue(o: Json): boolean {
  for (const k of VALUE_KEYS) if (present(o[k])) return true;
  return false;
}

function hasCode(concept: unknown, code: string): boolean {
  if (!isObject(concept) || !Array.isArray(concept.coding)) return false;
  for (const c of concept.coding) if (isObject(c) && c.system === LOINC && c.code === code) return true;
  return false;
}

