import type { CodeableConcept, Coding, Quantity, Reference, Resource } from 'fhir/r4';
import type { Concept } from '../../terminology/types';
import type { Analysis, Mention } from '../analyze';
import type { FoundDate } from '../extract/dates';
import type { FoundQuantity } from '../extract/quantities';

/** What a resource builder gets: the request read once, and who the resources are about. */
export interface BuildContext {
  analysis: Analysis;
  /** The patient: Patient/123, or the urn:uuid of the Patient entry of the Bundle. */
  patient?: Reference;
  practitioner?: Reference;
  organization?: Reference;
  /** The encounter the request describes, when it also names one (Condition.encounter...). */
  encounter?: Reference;
  understood: string[];
  notes: string[];
}

export type Built<T extends Resource = Resource> = { ok: true; resource: T; summary: string } | { ok: false; missing: string[] };

export const missing = (...what: string[]): { ok: false; missing: string[] } => ({ ok: false, missing: what });

export function coding(concept: Pick<Concept, 'system' | 'code' | 'display'>): Coding {
  return { system: concept.system, code: concept.code, display: concept.display };
}

export function codeable(concepts: ReadonlyArray<Pick<Concept, 'system' | 'code' | 'display'>>, text?: string): CodeableConcept {
  const c: CodeableConcept = { coding: concepts.map(coding) };
  if (text) c.text = text;
  return c;
}

export function hl7(system: string, code: string, display: string): CodeableConcept {
  return { coding: [{ system, code, display }] };
}

/** The text of the request that describes a mention. */
export function regionText(ctx: BuildContext, m: Mention): string {
  return ctx.analysis.text.slice(m.region.start, m.region.end);
}

/** The lower-cased words just before a mention (same sentence), for status words said first ("resolved asthma"). */
export function leadText(ctx: BuildContext, m: Mention, width = 40): string {
  const before = ctx.analysis.text.slice(Math.max(0, m.start - width), m.start).toLowerCase();
  return before.split(/[.;]/).pop() ?? '';
}

/** The date of the event a mention describes (not a birth, onset or end date). */
export function eventDate(m: Mention): FoundDate | undefined {
  return m.dates.find((d) => d.role === 'event' || d.role === 'start');
}

export function quantity(q: FoundQuantity, unit = q.unit): Quantity {
  const out: Quantity = { value: q.value };
  if (unit) {
    out.unit = unit.unit;
    out.system = unit.system;
    out.code = unit.code;
  }
  return out;
}

export function formatQuantity(q: Quantity): string {
  return `${q.value}${q.unit ? (q.unit === '%' ? '%' : ` ${q.unit}`) : ''}`;
}

export function describeDate(d: FoundDate): string {
  return d.relative ? `${d.value} ("${d.text.trim()}")` : d.value;
}

/** The subject a clinical resource needs: a reference, or what is missing. */
export function requirePatient(ctx: BuildContext): Reference | undefined {
  return ctx.patient ? { ...ctx.patient } : undefined;
}

export const WHICH_PATIENT = 'which patient it is for (e.g. "patient 123", or a name: "for Jane Roe")';
