import type { CodeableConcept, Observation, Quantity } from 'fhir/r4';
import { BLOOD_PRESSURE_COMPONENTS, type ObservationConcept, type UnitOption } from '../../terminology/loinc';
import { findConcepts } from '../../terminology/match';
import { OBSERVATION_CATEGORY, UCUM } from '../../terminology/systems';
import type { Mention } from '../analyze';
import { narrative } from '../narrative';
import { codeable, coding, describeDate, eventDate, formatQuantity, hl7, missing, type BuildContext, type Built } from './common';

type ObservationMention = Extract<Mention, { type: 'Observation' }>;

const CATEGORY_DISPLAY = { 'vital-signs': 'Vital Signs', laboratory: 'Laboratory', 'social-history': 'Social History' } as const;

/** The unit a value without one is taken in, when the observation has a customary one. */
function assumedUnit(concept: ObservationConcept, value: number): UnitOption | undefined {
  if (concept.value.kind !== 'quantity') return undefined;
  const spec = concept.value;
  if (spec.assume === 'temperature') {
    // Body temperatures: 30-45 can only be Celsius, 85-115 only Fahrenheit.
    if (value >= 30 && value <= 45) return spec.units.find((u) => u.ucum === 'Cel');
    if (value >= 85 && value <= 115) return spec.units.find((u) => u.ucum === '[degF]');
    return undefined;
  }
  return spec.units.find((u) => u.ucum === spec.assume);
}

function valueExample(concept: ObservationConcept): string {
  if (concept.value.kind === 'blood-pressure') return 'e.g. 120/80';
  if (concept.value.kind === 'coded') return `e.g. ${concept.value.answers.slice(0, 2).map((a) => a.display.toLowerCase()).join(' or ')}`;
  return `e.g. ${concept.value.units.map((u) => u.unit).join(' or ')}`;
}

export function buildObservation(m: ObservationMention, ctx: BuildContext): Built<Observation> {
  const concept = m.concept;
  const label = concept.display;
  let code: CodeableConcept = codeable([concept], label);
  const obs: Observation = {
    resourceType: 'Observation',
    status: 'final',
    category: [hl7(OBSERVATION_CATEGORY, concept.category, CATEGORY_DISPLAY[concept.category])],
    code,
  };
  let valueText: string;
  const spec = concept.value;
  if (spec.kind === 'blood-pressure') {
    const bp = m.pressures[0];
    if (!bp) return missing(`the value of the ${label.toLowerCase().replace(/ panel.*/, '')} (${valueExample(concept)})`);
    if (bp.diastolic >= bp.systolic) return missing(`a blood pressure whose diastolic is below the systolic (${bp.systolic}/${bp.diastolic} reads the other way round)`);
    const mmHg = (value: number): Quantity => ({ value, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' });
    obs.code = code = codeable([concept], 'Blood pressure');
    obs.component = [
      { code: codeable([BLOOD_PRESSURE_COMPONENTS.systolic], 'Systolic blood pressure'), valueQuantity: mmHg(bp.systolic) },
      { code: codeable([BLOOD_PRESSURE_COMPONENTS.diastolic], 'Diastolic blood pressure'), valueQuantity: mmHg(bp.diastolic) },
    ];
    valueText = `${bp.systolic}/${bp.diastolic} mmHg`;
  } else if (spec.kind === 'quantity') {
    const q = m.quantities[0];
    if (!q) return missing(`the value of the ${label.toLowerCase()} (${valueExample(concept)})`);
    let option = q.unit ? spec.units.find((u) => u.ucum === q.unit!.code) : assumedUnit(concept, q.value);
    if (!option) return missing(`the unit of ${label.toLowerCase()} ${q.value} (${valueExample(concept)})`);
    if (!q.unit) ctx.notes.push(`${label}: no unit given, ${q.value} taken as ${option.unit} (${option.ucum})`);
    // Some tests have their own code per unit (glucose in mmol/L is 15074-8, not 2339-0).
    if (option.code) {
      obs.code = code = codeable([{ system: concept.system, code: option.code, display: option.display ?? label }], option.display ?? label);
    }
    obs.valueQuantity = { value: q.value, unit: option.unit, system: UCUM, code: option.ucum };
    valueText = formatQuantity(obs.valueQuantity);
  } else {
    // The answer may come first ("former smoker") or after ("COVID test: negative").
    const window = ctx.analysis.text.slice(Math.max(m.region.start - 30, 0), m.region.end);
    const answer = findConcepts(window, spec.answers)[0];
    if (!answer) return missing(`the result of the ${label.toLowerCase()} (${valueExample(concept)})`);
    obs.valueCodeableConcept = codeable([answer.concept], answer.concept.display);
    valueText = answer.concept.display;
  }
  if (concept.extra && concept.extra.when.some((w) => m.text.toLowerCase() === w)) {
    code.coding = [...(code.coding ?? []), coding({ system: concept.system, code: concept.extra.code, display: concept.extra.display })];
  }
  if (ctx.patient) obs.subject = { ...ctx.patient };
  else ctx.notes.push(`${label}: no patient given, so the observation has no subject`);
  const when = eventDate(m);
  if (when) obs.effectiveDateTime = when.value;
  else ctx.notes.push(`${label}: no date or time given, so the observation has no effective[x]`);
  if (ctx.practitioner) obs.performer = [{ ...ctx.practitioner }];
  // Claim the FHIR vital signs profile only when the observation meets it (subject, and a time precise to the day).
  if (concept.profile) {
    if (obs.subject && when && (when.precision === 'day' || when.precision === 'time')) obs.meta = { profile: [concept.profile] };
    else ctx.notes.push(`${label}: not tagged with the FHIR vital signs profile (it needs a patient and a date)`);
  }
  ctx.notes.push(`${label}: status set to final`);
  ctx.understood.push(`Observation: ${label} (LOINC ${obs.code.coding?.[0]?.code}) = ${valueText}`);
  if (when) ctx.understood.push(`${label} effective: ${describeDate(when)}`);
  const summary = `${label}: ${valueText}`;
  return {
    ok: true,
    resource: reorder({ ...obs, text: narrative([summary, obs.subject?.display ?? obs.subject?.reference ? `Patient: ${obs.subject?.display ?? obs.subject?.reference}` : undefined, when ? `Effective: ${when.value}` : undefined, 'Status: final']) }),
    summary,
  };
}

/** Elements in the order the FHIR spec lists them, for people reading the JSON. */
function reorder(o: Observation): Observation {
  const { resourceType, meta, text, status, category, code, subject, effectiveDateTime, performer, valueQuantity, valueCodeableConcept, component, ...rest } = o;
  return JSON.parse(
    JSON.stringify({ resourceType, meta, text, status, category, code, subject, effectiveDateTime, performer, valueQuantity, valueCodeableConcept, component, ...rest }),
  ) as Observation;
}
