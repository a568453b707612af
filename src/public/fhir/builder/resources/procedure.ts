import type { Procedure } from 'fhir/r4';
import { ICD10CM } from '../../terminology/systems';
import type { Mention } from '../analyze';
import { narrative } from '../narrative';
import { codeable, describeDate, eventDate, leadText, missing, regionText, requirePatient, WHICH_PATIENT, type BuildContext, type Built } from './common';

type ProcedureMention = Extract<Mention, { type: 'Procedure' }>;

/** A Procedure (SNOMED CT), done unless the request says it is planned, under way or not done. */
export function buildProcedure(m: ProcedureMention, ctx: BuildContext): Built<Procedure> {
  const subject = requirePatient(ctx);
  if (!subject) return missing(WHICH_PATIENT);
  const words = `${leadText(ctx, m)} ${regionText(ctx, m)}`.toLowerCase();
  const when = eventDate(m);
  let status: Procedure['status'] = 'completed';
  if (/\b(?:not done|not performed|cancelled|canceled|was not)\b/.test(words)) status = 'not-done';
  else if (/\b(?:in progress|ongoing|under way|underway)\b/.test(words)) status = 'in-progress';
  else if (/\b(?:scheduled|planned|upcoming|will have|preparing)\b/.test(words) || (when?.future ?? false)) status = 'preparation';
  ctx.notes.push(`${m.concept.display}: status set to ${status}`);

  const procedure: Procedure = {
    resourceType: 'Procedure',
    status,
    code: codeable([m.concept], m.concept.display),
    subject,
  };
  if (when && status !== 'preparation') procedure.performedDateTime = when.value;
  if (ctx.encounter) procedure.encounter = { ...ctx.encounter };
  if (ctx.practitioner) procedure.performer = [{ actor: { ...ctx.practitioner } }];
  if (m.reasons.length) procedure.reasonCode = m.reasons.map((r) => codeable([r, { system: ICD10CM, ...r.icd10cm }], r.display));

  ctx.understood.push(`Procedure: ${m.concept.display} (SNOMED CT ${m.concept.code}), ${status}`);
  if (when) ctx.understood.push(`${m.concept.display} performed: ${describeDate(when)}`);
  const summary = `${m.concept.display} (${status})`;
  const { resourceType, ...rest } = procedure;
  return {
    ok: true,
    resource: { resourceType, text: narrative([`Procedure: ${summary}`, `Patient: ${subject.display ?? subject.reference ?? ''}`, procedure.performedDateTime ? `Performed: ${procedure.performedDateTime}` : undefined]), ...rest },
    summary,
  };
}
