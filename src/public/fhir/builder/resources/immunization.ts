import type { Immunization } from 'fhir/r4';
import { CVX, V3_ROUTE } from '../../terminology/systems';
import type { Mention } from '../analyze';
import { narrative } from '../narrative';
import { codeable, describeDate, eventDate, hl7, leadText, missing, regionText, requirePatient, WHICH_PATIENT, type BuildContext, type Built } from './common';

type ImmunizationMention = Extract<Mention, { type: 'Immunization' }>;

const SITES: Array<[RegExp, string, string]> = [
  [/\bleft deltoid\b/, 'LD', 'left deltoid'],
  [/\bright deltoid\b/, 'RD', 'right deltoid'],
  [/\bleft (?:upper )?arm\b/, 'LA', 'left arm'],
  [/\bright (?:upper )?arm\b/, 'RA', 'right arm'],
  [/\bleft thigh\b/, 'LT', 'left thigh'],
  [/\bright thigh\b/, 'RT', 'right thigh'],
];

/**
 * An Immunization (CVX vaccine code). R4 requires when it was given (occurrence[x]), so a request
 * without a date is reported as missing it rather than dated today by guess.
 */
export function buildImmunization(m: ImmunizationMention, ctx: BuildContext): Built<Immunization> {
  const patient = requirePatient(ctx);
  const when = eventDate(m);
  const words = `${leadText(ctx, m)} ${regionText(ctx, m)}`.toLowerCase();
  const notDone = /\b(?:refused|declined|not given|did not receive|didn't receive|deferred)\b/.test(words);
  const lacking: string[] = [];
  if (!patient) lacking.push(WHICH_PATIENT);
  if (!when) lacking.push(`when the ${m.concept.display} vaccine was given (e.g. "today", "on 2024-03-05")`);
  if (!patient || !when) return missing(...lacking);

  const imm: Immunization = {
    resourceType: 'Immunization',
    status: notDone ? 'not-done' : 'completed',
    vaccineCode: codeable([{ system: CVX, code: m.concept.code, display: m.concept.display }], m.concept.display),
    patient,
    occurrenceDateTime: when.value,
  };
  if (notDone) imm.statusReason = hl7('http://terminology.hl7.org/CodeSystem/v3-ActReason', 'PATOBJ', 'patient objection');
  const lot = /\blot\s*(?:number|no\.?|#)?\s*[:#]?\s*([A-Za-z0-9][A-Za-z0-9-]{1,20})/i.exec(regionText(ctx, m));
  if (lot && /\d/.test(lot[1]!)) imm.lotNumber = lot[1];
  const site = SITES.find(([re]) => re.test(words));
  if (site) imm.site = hl7('http://terminology.hl7.org/CodeSystem/v3-ActSite', site[1], site[2]);
  if (/\b(?:intramuscular(?:ly)?|im)\b/.test(words)) imm.route = hl7(V3_ROUTE, 'IM', 'Injection, intramuscular');
  else if (/\b(?:subcutaneous(?:ly)?|subq|sc)\b/.test(words)) imm.route = hl7(V3_ROUTE, 'SQ', 'Injection, subcutaneous');
  if (ctx.practitioner) imm.performer = [{ actor: { ...ctx.practitioner } }];
  ctx.notes.push(`${m.concept.display}: status set to ${imm.status}`);

  ctx.understood.push(`Immunization: ${m.concept.display} (CVX ${m.concept.code}), ${imm.status}`);
  ctx.understood.push(`${m.concept.display} given: ${describeDate(when)}`);
  const summary = `${m.concept.display} on ${when.value}${notDone ? ' (not done)' : ''}`;
  const { resourceType, ...rest } = imm;
  return { ok: true, resource: { resourceType, text: narrative([`Immunization: ${summary}`, `Patient: ${patient.display ?? patient.reference ?? ''}`, imm.lotNumber ? `Lot: ${imm.lotNumber}` : undefined]), ...rest }, summary };
}
