import type { Reference, Resource } from 'fhir/r4';
import { analyze, type Analysis, type Mention, type ResourceTypeName } from './analyze';
import { entryFullUrl, transactionBundle, type PlannedEntry } from './bundle';
import type { FoundName } from './extract/people';
import { buildAllergyIntolerance } from './resources/allergy-intolerance';
import type { BuildContext, Built } from './resources/common';
import { buildCondition } from './resources/condition';
import { buildDiagnosticReport } from './resources/diagnostic-report';
import { buildEncounter } from './resources/encounter';
import { buildImmunization } from './resources/immunization';
import { buildMedicationRequest } from './resources/medication-request';
import { buildObservation } from './resources/observation';
import { buildOrganization, buildPatient, buildPractitioner, humanName, mrnIdentifier } from './resources/people';
import { buildProcedure } from './resources/procedure';
import { buildServiceRequest } from './resources/service-request';
import type { BuildFailure, BuildOptions, BuildResult } from './types';

export type { BuildOptions, BuildResult, BuildSuccess, BuildFailure } from './types';

/**
 * The offline engine of FHIR Builder AI: a plain-language request in, a FHIR R4 resource out (a
 * transaction Bundle when the request names several), deterministic and with no model. What it
 * cannot build it reports, with what it understood and what is missing; it never returns an empty
 * resource as a success. Reading the request is analyze.ts; each resource type has its builder in
 * resources/.
 */

const NOTHING_TO_BUILD = 'a resource type: what to create (e.g. "patient Jane Roe, female, born 1980-04-02", "blood pressure 120/80 for patient 42", "asthma for patient 7", "lisinopril 10 mg daily for patient 7")';

interface Plan {
  analysis: Analysis;
  patientName?: FoundName;
  practitionerName?: FoundName;
  /** Resources of their own for the parties, in Bundle order. */
  parties: Array<'Patient' | 'Practitioner' | 'Organization'>;
  mentions: Mention[];
}

function plan(prompt: string, now: Date): Plan {
  const analysis = analyze(prompt, now);
  const patientName = analysis.names.find((n) => n.role === 'patient');
  const practitionerName = analysis.names.find((n) => n.role === 'practitioner');
  const clinical = analysis.mentions.length > 0;
  const parties: Plan['parties'] = [];
  // With a patient id ("patient 123") the clinical resources refer to that patient; it is not created again.
  if (analysis.wantsPatient && !(clinical && analysis.subject)) parties.push('Patient');
  if (analysis.wantsPractitioner) parties.push('Practitioner');
  if (analysis.wantsOrganization) parties.push('Organization');
  return { analysis, patientName, practitionerName, parties, mentions: analysis.mentions };
}

/**
 * The resource types a request asks for, in the order it names them (parties first, as in the
 * Bundle), each once; includes types asked for without enough detail for the offline engine ("a
 * prescription for Xyzzy"), which a model may still build.
 */
export function detectResourceTypes(prompt: string): string[] {
  const p = plan(prompt, new Date(0));
  const types: ResourceTypeName[] = [...p.parties, ...p.mentions.map((m) => m.type)];
  for (const w of [...p.analysis.wanted].sort((a, b) => a.at - b.at)) types.push(w.type);
  return [...new Set(types)];
}

function failure(understood: string[], missing: string[], message: string): BuildFailure {
  return { ok: false, understood, missing: [...new Set(missing)], message };
}

function describeSubject(ref: Reference): string {
  if (ref.reference?.startsWith('urn:uuid:')) return `the new Patient${ref.display ? ` ${ref.display}` : ''}`;
  if (ref.reference) return `${ref.reference}${ref.display ? ` (${ref.display})` : ''}`;
  return `the patient with MRN ${ref.identifier?.value}`;
}

export function buildFromPrompt(prompt: string, options: BuildOptions = {}): BuildResult {
  const now = options.now ?? new Date();
  if (typeof prompt !== 'string' || prompt.trim() === '') {
    return failure([], [NOTHING_TO_BUILD], 'The request is empty.');
  }
  const p = plan(prompt, now);
  const a = p.analysis;
  const understood: string[] = [];
  const notes: string[] = [...a.notes];

  if (a.subject) understood.push(`subject: Patient/${a.subject.id}`);
  if (!p.parties.length && !p.mentions.length) {
    const missing = a.wanted.length ? a.wanted.map((w) => w.missing) : [NOTHING_TO_BUILD];
    understood.push(...a.wanted.map((w) => `resource type: ${w.type}`));
    return failure(understood, [...a.problems, ...missing], a.wanted.length ? `Not enough to build a ${a.wanted.map((w) => w.type).join(' or ')}.` : 'The request does not say what FHIR resource to build.');
  }
  understood.unshift(`resource type${p.parties.length + p.mentions.length > 1 ? 's' : ''}: ${[...p.parties, ...p.mentions.map((m) => m.type)].join(', ')}`);

  // Full URLs first, so that entries can refer to each other whatever their order.
  const entryCount = p.parties.length + p.mentions.length;
  const bundled = entryCount > 1;
  const urls = Array.from({ length: entryCount }, (_, i) => entryFullUrl(prompt, now, i));
  const partyUrl = (type: Plan['parties'][number]) => (p.parties.includes(type) ? urls[p.parties.indexOf(type)] : undefined);
  const mentionUrl = (m: Mention) => urls[p.parties.length + p.mentions.indexOf(m)]!;

  const ctx: BuildContext = { analysis: a, understood, notes };
  const patientDisplay = p.patientName ? humanName(p.patientName).text : undefined;
  if (a.subject) ctx.patient = { reference: `Patient/${a.subject.id}`, ...(patientDisplay ? { display: patientDisplay } : {}) };
  else if (bundled && partyUrl('Patient')) ctx.patient = { reference: partyUrl('Patient')!, ...(patientDisplay ? { display: patientDisplay } : {}) };
  else if (a.mrns[0]) ctx.patient = { identifier: mrnIdentifier(a.mrns[0].value), ...(patientDisplay ? { display: patientDisplay } : {}) };
  if (ctx.patient && p.mentions.length && !a.subject) understood.push(`subject: ${describeSubject(ctx.patient)}`);
  if (bundled && partyUrl('Practitioner')) ctx.practitioner = { reference: partyUrl('Practitioner')!, ...(p.practitionerName ? { display: humanName(p.practitionerName).text } : {}) };
  if (bundled && partyUrl('Organization')) ctx.organization = { reference: partyUrl('Organization')!, display: a.organizations[0]?.name };
  const encounter = p.mentions.find((m) => m.type === 'Encounter');
  if (encounter && p.mentions.length > 1) ctx.encounter = { reference: mentionUrl(encounter) };

  const built: PlannedEntry[] = [];
  const missing: string[] = [...a.problems, ...a.wanted.map((w) => w.missing)];
  const add = (url: string | undefined, result: Built, soft = false): void => {
    if (result.ok) built.push({ fullUrl: url ?? '', resource: result.resource });
    else if (soft) notes.push(...result.missing.map((m) => `left out: ${m}`));
    else missing.push(...result.missing);
  };

  for (const party of p.parties) {
    const withContacts = party === p.parties[0];
    if (party === 'Patient') add(partyUrl('Patient'), buildPatient(ctx, p.patientName, withContacts));
    if (party === 'Practitioner') add(partyUrl('Practitioner'), buildPractitioner(ctx, p.practitionerName, withContacts));
    if (party === 'Organization') add(partyUrl('Organization'), buildOrganization(ctx, withContacts));
  }
  // An invalid NPI is reported even when the practitioner is only mentioned in passing.
  for (const npi of a.npis) if (!npi.valid && !p.parties.includes('Practitioner') && !p.parties.includes('Organization')) missing.push(`a valid NPI: ${npi.problem}`);

  // A report's results: the lab observations that follow it in the request.
  const resultsOf = new Map<Mention, Reference[]>();
  p.mentions.forEach((m, i) => {
    if (m.type !== 'DiagnosticReport') return;
    const refs: Reference[] = [];
    for (const next of p.mentions.slice(i + 1)) {
      if (next.type !== 'Observation' || next.concept.category !== 'laboratory') break;
      refs.push({ reference: mentionUrl(next), display: next.concept.display });
    }
    resultsOf.set(m, refs);
  });
  const failedObservations = new Set<Mention>();
  const otherwiseBuilt = p.mentions.length > 1 || p.parties.length > 0;
  for (const m of p.mentions) {
    let result: Built;
    switch (m.type) {
      case 'Observation': {
        result = buildObservation(m, ctx);
        // A vital-sign word with no number next to it, in a request about something else ("as needed
        // for fever"), is not a request for an observation: left out with a note, not a failure.
        const soft = !result.ok && otherwiseBuilt && m.quantities.length === 0 && m.pressures.length === 0;
        if (!result.ok) failedObservations.add(m);
        add(mentionUrl(m), result, soft);
        continue;
      }
      case 'Condition':
        result = buildCondition(m, ctx);
        break;
      case 'MedicationRequest':
        result = buildMedicationRequest(m, ctx);
        break;
      case 'Immunization':
        result = buildImmunization(m, ctx);
        break;
      case 'AllergyIntolerance':
        result = buildAllergyIntolerance(m, ctx);
        break;
      case 'Encounter':
        result = buildEncounter(m, ctx);
        break;
      case 'Procedure':
        result = buildProcedure(m, ctx);
        break;
      case 'ServiceRequest':
        result = buildServiceRequest(m, ctx);
        break;
      case 'DiagnosticReport':
        result = buildDiagnosticReport(m, ctx, (resultsOf.get(m) ?? []).filter((r) => !p.mentions.some((x) => failedObservations.has(x) && mentionUrl(x) === r.reference)));
        break;
    }
    add(mentionUrl(m), result);
  }

  if (missing.length || built.length === 0) {
    return failure(understood, missing.length ? missing : [NOTHING_TO_BUILD], `Could not build the ${[...p.parties, ...p.mentions.map((m) => m.type)].join(', ')}: ${missing.length ? 'the request lacks details' : 'nothing was understood'}.`);
  }
  // References to entries that were left out would dangle: drop them.
  const kept = new Set(built.map((e) => e.fullUrl));
  const dropDangling = (r: Resource): Resource => withoutDangling(r, kept) as Resource;

  if (built.length === 1) {
    const only = built[0]!.resource;
    // A single resource may still carry references prepared for a Bundle (to a left-out entry).
    return { ok: true, resource: dropDangling(only), understood, notes: [...new Set(notes)] };
  }
  return { ok: true, resource: transactionBundle(built.map((e) => ({ fullUrl: e.fullUrl, resource: dropDangling(e.resource) }))), understood, notes: [...new Set(notes)] };
}

/** A copy of `value` without the references to urn:uuid entries not in `kept` (and no arrays left empty by that). */
function withoutDangling(value: unknown, kept: ReadonlySet<string>): unknown {
  const dangling = (v: unknown) =>
    typeof v === 'object' && v !== null && typeof (v as Reference).reference === 'string' && (v as Reference).reference!.startsWith('urn:uuid:') && !kept.has((v as Reference).reference!);
  if (Array.isArray(value)) return value.filter((v) => !dangling(v)).map((v) => withoutDangling(v, kept));
  if (typeof value !== 'object' || value === null) return value;
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value)) {
    if (dangling(v)) continue;
    const copy = withoutDangling(v, kept);
    if (Array.isArray(copy) && copy.length === 0) continue;
    out[k] = copy;
  }
  return out;
}
