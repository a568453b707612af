import type { Encounter } from 'fhir/r4';
import { ICD10CM, V3_ACT_CODE } from '../../terminology/systems';
import type { EncounterClass, Mention } from '../analyze';
import { narrative } from '../narrative';
import { codeable, describeDate, leadText, regionText, type BuildContext, type Built } from './common';

type EncounterMention = Extract<Mention, { type: 'Encounter' }>;

/** v3 ActCode encounter classes (the R4 Encounter.class extensible binding). */
const CLASSES: Record<EncounterClass, string> = {
  AMB: 'ambulatory',
  EMER: 'emergency',
  IMP: 'inpatient encounter',
  VR: 'virtual',
  HH: 'home health',
  OBSENC: 'observation encounter',
};

/**
 * An Encounter: class from the kind of visit (ER -> EMER, admission -> IMP, telehealth -> VR,
 * office -> AMB), status from tense and dates (a future date is planned), period from the dates.
 */
export function buildEncounter(m: EncounterMention, ctx: BuildContext): Built<Encounter> {
  const words = `${leadText(ctx, m)} ${regionText(ctx, m)}`.toLowerCase();
  const start = m.dates.find((d) => d.role === 'start' || d.role === 'event');
  const end = m.dates.find((d) => d.role === 'end');
  let status: Encounter['status'] = 'finished';
  if (/\b(?:scheduled|planned|upcoming|will be|booked)\b/.test(words) || (start?.future ?? false)) status = 'planned';
  else if (/\b(?:in progress|currently|ongoing|still admitted|is admitted|arrived)\b/.test(words)) status = 'in-progress';
  else if (/\b(?:cancelled|canceled)\b/.test(words)) status = 'cancelled';
  const cls = m.encounterClass ?? 'AMB';
  if (!m.encounterClass) ctx.notes.push('Encounter: class taken as ambulatory (AMB)');
  ctx.notes.push(`Encounter: status set to ${status}`);

  const encounter: Encounter = {
    resourceType: 'Encounter',
    status,
    class: { system: V3_ACT_CODE, code: cls, display: CLASSES[cls] },
  };
  if (ctx.patient) encounter.subject = { ...ctx.patient };
  else ctx.notes.push('Encounter: no patient given, so the encounter has no subject');
  if (ctx.practitioner) encounter.participant = [{ individual: { ...ctx.practitioner } }];
  if (start || end) {
    encounter.period = {};
    if (start) encounter.period.start = start.value;
    if (end) encounter.period.end = end.value;
  }
  if (m.reasons.length) encounter.reasonCode = m.reasons.map((r) => codeable([r, { system: ICD10CM, ...r.icd10cm }], r.display));
  if (ctx.organization) encounter.serviceProvider = { ...ctx.organization };

  ctx.understood.push(`Encounter: ${CLASSES[cls]} (${cls}), ${status}`);
  if (start) ctx.understood.push(`Encounter start: ${describeDate(start)}`);
  if (end) ctx.understood.push(`Encounter end: ${describeDate(end)}`);
  if (m.reasons.length) ctx.understood.push(`Encounter reason: ${m.reasons.map((r) => r.display).join(', ')}`);
  const summary = `${CLASSES[cls]} encounter (${status})`;
  const { resourceType, ...rest } = encounter;
  return {
    ok: true,
    resource: {
      resourceType,
      text: narrative([`Encounter: ${summary}`, encounter.subject ? `Patient: ${encounter.subject.display ?? encounter.subject.reference ?? ''}` : undefined, start ? `Start: ${start.value}` : undefined, end ? `End: ${end.value}` : undefined]),
      ...rest,
    },
    summary,
  };
}
