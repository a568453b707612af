import type { ServiceRequest } from 'fhir/r4';
import { ICD10CM, SNOMED } from '../../terminology/systems';
import type { Mention } from '../analyze';
import { narrative } from '../narrative';
import { codeable, describeDate, leadText, missing, regionText, requirePatient, WHICH_PATIENT, type BuildContext, type Built } from './common';

type OrderMention = Extract<Mention, { type: 'ServiceRequest' }>;

/** ServiceRequest.category (SNOMED CT; the R4 servicerequest-category example value set). */
const CATEGORIES = {
  laboratory: { code: '108252007', display: 'Laboratory procedure' },
  imaging: { code: '363679005', display: 'Imaging' },
  surgical: { code: '387713003', display: 'Surgical procedure' },
  diagnostic: { code: '103693007', display: 'Diagnostic procedure' },
  therapeutic: { code: '277132007', display: 'Therapeutic procedure' },
} as const;

/** An order: a lab test or panel (LOINC) or a procedure or imaging study (SNOMED CT). */
export function buildServiceRequest(m: OrderMention, ctx: BuildContext): Built<ServiceRequest> {
  const subject = requirePatient(ctx);
  if (!subject) return missing(WHICH_PATIENT);
  const words = `${leadText(ctx, m)} ${regionText(ctx, m)}`.toLowerCase();
  let priority: ServiceRequest['priority'];
  if (/\bstat\b/.test(words)) priority = 'stat';
  else if (/\b(?:asap|as soon as possible)\b/.test(words)) priority = 'asap';
  else if (/\burgent(?:ly)?\b/.test(words)) priority = 'urgent';
  else if (/\broutine\b/.test(words)) priority = 'routine';
  const category = CATEGORIES[m.category];
  const request: ServiceRequest = {
    resourceType: 'ServiceRequest',
    status: 'active',
    intent: 'order',
    category: [codeable([{ system: SNOMED, ...category }], category.display)],
    code: codeable([m.concept], m.concept.display),
    subject,
  };
  if (priority) request.priority = priority;
  // A future date is when the service should happen; a past one is when it was ordered.
  const date = m.dates.find((d) => d.role === 'event' || d.role === 'start');
  if (date?.future) request.occurrenceDateTime = date.value;
  else if (date) request.authoredOn = date.value;
  if (ctx.encounter) request.encounter = { ...ctx.encounter };
  if (ctx.practitioner) request.requester = { ...ctx.practitioner };
  if (m.reasons.length) request.reasonCode = m.reasons.map((r) => codeable([r, { system: ICD10CM, ...r.icd10cm }], r.display));
  ctx.notes.push(`${m.concept.display}: status set to active, intent to order`);

  ctx.understood.push(`ServiceRequest: ${m.concept.display} (${m.concept.system.includes('loinc') ? 'LOINC' : 'SNOMED CT'} ${m.concept.code})${priority ? `, ${priority}` : ''}`);
  if (date) ctx.understood.push(`${m.concept.display} ${request.occurrenceDateTime ? 'for' : 'ordered'}: ${describeDate(date)}`);
  if (m.reasons.length) ctx.understood.push(`${m.concept.display} reason: ${m.reasons.map((r) => r.display).join(', ')}`);
  const summary = `Order: ${m.concept.display}${priority ? ` (${priority})` : ''}`;
  const { resourceType, ...rest } = request;
  return {
    ok: true,
    resource: { resourceType, text: narrative([summary, `Patient: ${subject.display ?? subject.reference ?? ''}`, request.occurrenceDateTime ? `When: ${request.occurrenceDateTime}` : undefined]), ...rest },
    summary,
  };
}

