import type { DiagnosticReport, Reference } from 'fhir/r4';
import { V2_0074 } from '../../terminology/systems';
import type { Mention } from '../analyze';
import { narrative } from '../narrative';
import { codeable, describeDate, eventDate, hl7, regionText, type BuildContext, type Built } from './common';

type ReportMention = Extract<Mention, { type: 'DiagnosticReport' }>;

/**
 * A laboratory DiagnosticReport for a panel (LOINC), with its results: the Observations the same
 * request gives values for ("CBC report: hemoglobin 13.5 g/dL, WBC 7.2"), which the caller builds and
 * passes as references. A conclusion is kept when the request writes one ("conclusion: ...").
 */
export function buildDiagnosticReport(m: ReportMention, ctx: BuildContext, results: Reference[]): Built<DiagnosticReport> {
  const words = regionText(ctx, m);
  const when = eventDate(m);
  const status: DiagnosticReport['status'] = /\bpreliminary\b/i.test(words) ? 'preliminary' : 'final';
  ctx.notes.push(`${m.concept.display}: status set to ${status}`);
  const report: DiagnosticReport = {
    resourceType: 'DiagnosticReport',
    status,
    category: [hl7(V2_0074, 'LAB', 'Laboratory')],
    code: codeable([m.concept], m.concept.display),
  };
  if (ctx.patient) report.subject = { ...ctx.patient };
  else ctx.notes.push(`${m.concept.display}: no patient given, so the report has no subject`);
  if (ctx.encounter) report.encounter = { ...ctx.encounter };
  if (when) report.effectiveDateTime = when.value;
  if (ctx.organization) report.performer = [{ ...ctx.organization }];
  else if (ctx.practitioner) report.performer = [{ ...ctx.practitioner }];
  if (results.length) report.result = results;
  const conclusion = /\b(?:conclusion|impression|interpretation)\s*[:-]\s*([^.;\n]{1,300})/i.exec(ctx.analysis.text.slice(m.start));
  if (conclusion) report.conclusion = conclusion[1]!.trim();
  else if (/\b(?:all\s+)?(?:results?\s+)?(?:within normal limits|normal|unremarkable)\b/i.test(words) && !results.length) report.conclusion = 'Normal';

  ctx.understood.push(`DiagnosticReport: ${m.concept.display} (LOINC ${m.concept.code}), ${results.length} result${results.length === 1 ? '' : 's'}`);
  if (when) ctx.understood.push(`${m.concept.display} effective: ${describeDate(when)}`);
  const summary = `${m.concept.display} (${status})`;
  const { resourceType, ...rest } = report;
  return {
    ok: true,
    resource: {
      resourceType,
      text: narrative([`Report: ${summary}`, report.subject ? `Patient: ${report.subject.display ?? report.subject.reference ?? ''}` : undefined, when ? `Effective: ${when.value}` : undefined, report.conclusion ? `Conclusion: ${report.conclusion}` : undefined]),
      ...rest,
    },
    summary,
  };
}
