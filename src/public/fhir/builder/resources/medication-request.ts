import type { Dosage, MedicationRequest, Quantity, Timing } from 'fhir/r4';
import { RXNORM, UCUM, V3_ORDERABLE_DRUG_FORM } from '../../terminology/systems';
import type { Mention } from '../analyze';
import { findDosage } from '../extract/timing';
import { narrative } from '../narrative';
import { codeable, describeDate, eventDate, formatQuantity, missing, quantity, regionText, requirePatient, WHICH_PATIENT, type BuildContext, type Built } from './common';

type MedicationMention = Extract<Mention, { type: 'MedicationRequest' }>;

/** Units that count doses (a tablet, 2 puffs), as opposed to a strength (10 mg). */
const COUNT_UNITS = new Set(['TAB', 'CAP', '{puff}', '[drp]']);

/**
 * A MedicationRequest: the RxNorm ingredient, and a dosage instruction whose text is written from
 * what was understood (not copied from the request) with a structured timing: "twice daily" is
 * repeat.frequency 2 per 1 d, "every 6 hours as needed" is 1 per 6 h with asNeededBoolean.
 */
export function buildMedicationRequest(m: MedicationMention, ctx: BuildContext): Built<MedicationRequest> {
  const subject = requirePatient(ctx);
  if (!subject) return missing(WHICH_PATIENT);
  const drug = m.concept.display;
  const countDose = m.quantities.find((q) => q.unit && COUNT_UNITS.has(q.unit.code));
  const strength = m.quantities.find((q) => q !== countDose && q.unit?.system === UCUM && !COUNT_UNITS.has(q.unit.code));
  const dose = countDose ?? strength;
  const medicationText = strength ? `${drug} ${formatQuantity(quantity(strength))}` : drug;

  const found = findDosage(regionText(ctx, m).slice(m.end - m.region.start));
  const dosage: Dosage = {};
  const parts: string[] = [];
  if (dose) {
    const q: Quantity = quantity(dose);
    if (dose.unit?.system === V3_ORDERABLE_DRUG_FORM && dose.value !== 1) q.unit = `${dose.unit.unit}s`;
    dosage.doseAndRate = [{ type: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/dose-rate-type', code: 'ordered', display: 'Ordered' }] }, doseQuantity: q }];
    parts.push(formatQuantity(q));
  }
  if (found.route) {
    dosage.route = codeable([found.route], found.route.display);
    parts.push(found.route.display.toLowerCase().replace(/ route$/, '') === 'oral' ? 'by mouth' : found.route.display.toLowerCase());
  }
  const timing: Timing = {};
  if (found.timing) {
    timing.repeat = { frequency: found.timing.frequency, period: found.timing.period, periodUnit: found.timing.periodUnit };
    if (found.timing.periodMax) timing.repeat.periodMax = found.timing.periodMax;
    if (found.timing.when) timing.repeat.when = found.timing.when as NonNullable<Timing['repeat']>['when'];
    parts.push(found.timing.words);
  }
  if (found.asNeeded) {
    if (found.asNeeded.reason) {
      dosage.asNeededCodeableConcept = codeable([found.asNeeded.reason], found.asNeeded.reason.display);
      parts.push(`as needed for ${found.asNeeded.reason.display.toLowerCase()}`);
    } else {
      dosage.asNeededBoolean = true;
      parts.push('as needed');
    }
  }
  if (found.duration) {
    timing.repeat = { ...timing.repeat, boundsDuration: { value: found.duration.value, unit: found.duration.unit, system: UCUM, code: found.duration.code } };
    parts.push(`for ${found.duration.value} ${found.duration.unit}`);
  }
  if (timing.repeat) dosage.timing = timing;

  const request: MedicationRequest = {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: codeable([{ system: RXNORM, code: m.concept.code, display: m.concept.display }], medicationText),
    subject,
  };
  const when = eventDate(m);
  if (when) request.authoredOn = when.value;
  if (ctx.practitioner) request.requester = { ...ctx.practitioner };
  if (m.reasons.length) request.reasonCode = m.reasons.map((r) => codeable([r, { system: 'http://hl7.org/fhir/sid/icd-10-cm', ...r.icd10cm }], r.display));
  if (parts.length) {
    dosage.text = parts.join(' ');
    request.dosageInstruction = [{ text: dosage.text, ...dosage }];
  } else ctx.notes.push(`${drug}: no dose or frequency given, so there is no dosage instruction`);
  if (found.refills !== undefined) request.dispenseRequest = { numberOfRepeatsAllowed: found.refills };
  ctx.notes.push(`${drug}: status set to active, intent to order`);

  ctx.understood.push(`MedicationRequest: ${medicationText} (RxNorm ${m.concept.code})${dosage.text ? `, ${dosage.text}` : ''}`);
  if (m.reasons.length) ctx.understood.push(`${drug} reason: ${m.reasons.map((r) => r.display).join(', ')}`);
  if (when) ctx.understood.push(`${drug} authored: ${describeDate(when)}`);
  const summary = `${medicationText}${dosage.text ? `: ${dosage.text}` : ''}`;
  const { resourceType, ...rest } = request;
  return {
    ok: true,
    resource: { resourceType, text: narrative([`Prescription: ${summary}`, `Patient: ${subject.display ?? subject.reference ?? ''}`, when ? `Authored: ${when.value}` : undefined]), ...rest },
    summary,
  };
}
