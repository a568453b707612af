import type { Resource } from 'fhir/r4';
import { buildFromPrompt, detectResourceTypes } from 'public/fhir/builder';
import { draftJsonSchema } from 'public/fhir/builder/json-schema';
import { repairResource } from 'public/fhir/builder/repair';
import { generateCode } from 'public/fhir/codegen';
import { DEFAULT_BASE_URL, LANGUAGES, type Language } from 'public/fhir/codegen/languages';
import type { Issue } from 'public/fhir/report/issue';
import { scanAll } from 'public/fhir/scanner';
import { z } from 'zod';
import type { AiEngineName, AiPort, ResourceDraft, ResourceDraftRequest } from '../ports/ai';

/**
 * FHIR Builder AI: a plain-language request in, a FHIR R4 resource that passes our scanner and the
 * code that sends it out. The engine drafts; our scanner decides. A model's invalid answer is sent
 * back with the scanner's issues (a bounded number of times), then repaired by the issues' paths,
 * then replaced by the offline engine's result. Nothing invalid or empty is ever returned as a success.
 */

export const MAX_PROMPT_CHARS = 2000;

/** Revisions a model gets after its first answer (each costs a round trip). */
export const MAX_REVISIONS = 2;

/**
 * Time the engine gets for all its attempts. Wix ends backend calls after about 14 s; what is left
 * is for the offline fallback, the scans and the code.
 */
export const AI_BUDGET_MS = 10_000;

/** Repair rounds: a repair can expose issues the first scan could not see (e.g. inside a removed-then-pruned parent). */
const REPAIR_ROUNDS = 3;

export interface CodegenBody {
  prompt: string;
  languages?: Language[];
  baseUrl?: string;
}

export const CodegenBodySchema = z.strictObject({
  prompt: z
    .string({ error: 'prompt must be a string: the plain-language description of the resource you need' })
    .trim()
    .min(1, 'prompt is empty: describe the resource you need, e.g. "blood pressure 120/80 for patient 42"')
    .max(MAX_PROMPT_CHARS, `prompt is too long: at most ${MAX_PROMPT_CHARS} characters`),
  languages: z
    .array(z.enum(LANGUAGES, { error: `languages: each must be one of ${LANGUAGES.join(', ')}` }), {
      error: `languages must be an array of ${LANGUAGES.join(', ')}`,
    })
    .min(1, `languages must name at least one of ${LANGUAGES.join(', ')} (or be left out for all)`)
    .transform((list) => [...new Set(list)])
    .optional(),
  baseUrl: z
    .url({ protocol: /^https?$/, error: 'baseUrl must be an http(s) URL, e.g. https://hapi.fhir.org/baseR4' })
    // The snippets append /<resourceType> to it: a query or fragment would end up before that.
    .refine((url) => !/[?#]/.test(url), 'baseUrl must be the server base URL, without a query (?) or fragment (#)')
    .optional(),
}) satisfies z.ZodType<CodegenBody, unknown>;

export interface CodegenResponse {
  resource: Resource;
  validation: { valid: boolean; issues: Issue[] };
  code: Partial<Record<Language, string>>;
  engine: 'offline' | 'openai';
  understood: string[];
  notes: string[];
}

export type CodegenOutcome =
  | { ok: true; response: CodegenResponse }
  | { ok: false; code: 'NOT_UNDERSTOOD'; message: string; understood: string[]; missing: string[] };

export interface GenerateOptions {
  /** "Now" for relative dates in the request. Default: the current time. */
  now?: Date;
  /** The engine's time budget in ms (default AI_BUDGET_MS). */
  aiBudgetMs?: number;
}

/** The result of the drafting stage: a resource our scanner passes, or an account of why none. */
type Drafted =
  | { ok: true; resource: Resource; issues: Issue[]; engine: AiEngineName; understood: string[]; notes: string[] }
  | { ok: false; message: string; understood: string[]; missing: string[] };

/** Builds the resource for a request (validated with CodegenBodySchema; parsed again here) and its code. */
export async function generateFhir(ai: AiPort, body: CodegenBody, options: GenerateOptions = {}): Promise<CodegenOutcome> {
  const input = CodegenBodySchema.parse(body);
  const now = options.now ?? new Date();
  const drafted = await draft(ai, input.prompt, now, options.aiBudgetMs ?? AI_BUDGET_MS);
  if (!drafted.ok) return { ok: false, code: 'NOT_UNDERSTOOD', message: drafted.message, understood: drafted.understood, missing: drafted.missing };
  const code = generateCode(drafted.resource, { languages: input.languages ?? [...LANGUAGES], baseUrl: input.baseUrl ?? DEFAULT_BASE_URL });
  return {
    ok: true,
    response: {
      resource: drafted.resource,
      validation: { valid: true, issues: drafted.issues },
      code,
      engine: drafted.engine,
      understood: drafted.understood,
      notes: drafted.notes,
    },
  };
}

async function draft(ai: AiPort, prompt: string, now: Date, budgetMs: number): Promise<Drafted> {
  const engine = await ai.engine().catch((): AiEngineName => 'offline');
  const resourceTypes = detectResourceTypes(prompt);
  const signal = AbortSignal.timeout(budgetMs);
  const request: ResourceDraftRequest = { prompt, resourceTypes, schema: draftJsonSchema(resourceTypes), now, signal };
  const label = engine === 'openai' ? 'OpenAI' : 'engine';

  let answer = await askEngine(ai, request);
  let last: { resource: Record<string, unknown>; issues: Issue[] } | undefined;
  for (let revision = 0; answer.ok; revision++) {
    const scanned = scan(answer.resource);
    if (scanned.valid) {
      const notes = [...(answer.notes ?? [])];
      if (revision > 0) notes.push(`The ${label} answer had errors our scanner found; it was corrected after ${plural(revision, 'revision')} with the scanner's issues.`);
      return success(answer.resource, scanned.issues, engine, answer.understood ?? describe(answer.resource), notes);
    }
    last = { resource: answer.resource, issues: scanned.issues };
    // The offline engine is deterministic: asking again gives the same answer.
    if (engine === 'offline' || revision >= MAX_REVISIONS || signal.aborted) break;
    answer = await askEngine(ai, { ...request, previous: last });
  }

  if (last) {
    const repaired = repairUntilValid(last.resource, last.issues);
    if (repaired.ok) {
      const notes = [...(answer.ok ? (answer.notes ?? []) : [])];
      notes.push(`The ${label} answer was not valid FHIR; it was repaired: ${repaired.changes.join('; ')}.`);
      return success(repaired.resource, repaired.issues, engine, (answer.ok && answer.understood) || describe(repaired.resource), notes);
    }
  }

  if (engine === 'offline') {
    if (!answer.ok) {
      return { ok: false, message: answer.message, understood: answer.understood ?? [], missing: answer.missing ?? [] };
    }
    return {
      ok: false,
      message: 'The request was understood in part, but no valid FHIR resource could be built from it. Try naming the resource and its values plainly.',
      understood: answer.understood ?? [],
      missing: ['details the engine can turn into a valid resource'],
    };
  }
  return offlineFallback(prompt, now, `The OpenAI answer ${whyUnusable(answer, last !== undefined)}; this is the offline engine's result instead.`);
}

/** The offline engine's result for the request, when the model's could not be used. */
function offlineFallback(prompt: string, now: Date, note: string): Drafted {
  const built = buildFromPrompt(prompt, { now });
  if (!built.ok) return { ok: false, message: built.message, understood: built.understood, missing: built.missing };
  const scanned = scan(built.resource);
  if (scanned.valid && !isEmptyResource(built.resource)) return success(built.resource, scanned.issues, 'offline', built.understood, [note, ...built.notes]);
  const repaired = repairUntilValid(built.resource, scanned.issues);
  if (repaired.ok) return success(repaired.resource, repaired.issues, 'offline', built.understood, [note, ...built.notes]);
  return {
    ok: false,
    message: 'The request was understood in part, but no valid FHIR resource could be built from it. Try naming the resource and its values plainly.',
    understood: built.understood,
    missing: ['details the engine can turn into a valid resource'],
  };
}

/** The engine never throws by contract; an adapter bug still must not cost the user the fallback. */
async function askEngine(ai: AiPort, request: ResourceDraftRequest): Promise<ResourceDraft> {
  try {
    return await ai.draftResource(request);
  } catch (error) {
    // Logged for operators, not shown: an error's message can carry anything.
    console.error('AI engine failed (an adapter must not throw):', error);
    return { ok: false, reason: 'unavailable', message: 'the engine failed' };
  }
}

function whyUnusable(answer: ResourceDraft, wasInvalid: boolean): string {
  if (answer.ok || wasInvalid) return 'stayed invalid after revisions and repair';
  switch (answer.reason) {
    case 'not-json':
      return 'was not a JSON resource';
    case 'refused':
      return 'was withheld (the model declined, or its answer was not a resource)';
    case 'not-understood':
      return 'found no FHIR resource in the request';
    default:
      return `could not be obtained (${answer.message})`;
  }
}

interface Scanned {
  valid: boolean;
  issues: Issue[];
}

/**
 * The scanner's dataset check reports references to resources outside the data it was given. A
 * built resource refers to resources on the user's server (Patient/42), so that warning is noise
 * here; references inside a transaction Bundle are still checked by the Bundle rules (errors).
 */
const NOT_FOR_BUILT_RESOURCES = new Set(['dq.dataset.dangling-reference']);

/** Valid = our scanner finds no error or fatal issue, and the resource says something. */
function scan(resource: unknown): Scanned {
  const report = scanAll([resource]);
  const valid = report.summary.errors === 0 && report.summary.fatal === 0 && !isEmptyResource(resource);
  return { valid, issues: report.issues.filter((issue) => !NOT_FOR_BUILT_RESOURCES.has(issue.rule)) };
}

function repairUntilValid(resource: unknown, issues: Issue[]): { ok: true; resource: Record<string, unknown>; issues: Issue[]; changes: string[] } | { ok: false } {
  const changes: string[] = [];
  let current = resource;
  let currentIssues = issues;
  for (let round = 0; round < REPAIR_ROUNDS; round++) {
    const repaired = repairResource(current, currentIssues);
    if (repaired.changes.length === 0) break;
    changes.push(...repaired.changes);
    current = repaired.resource;
    const scanned = scan(current);
    if (scanned.valid) return { ok: true, resource: current as Record<string, unknown>, issues: scanned.issues, changes };
    currentIssues = scanned.issues;
  }
  return { ok: false };
}

/** A resource with nothing but its type (and bookkeeping), or a Bundle with no entry, answers nothing. */
function isEmptyResource(resource: unknown): boolean {
  if (typeof resource !== 'object' || resource === null || Array.isArray(resource)) return true;
  const r = resource as Record<string, unknown>;
  if (r.resourceType === 'Bundle') return !Array.isArray(r.entry) || r.entry.length === 0;
  return Object.keys(r).every((key) => ['resourceType', 'id', 'meta', 'text', 'language', 'implicitRules'].includes(key));
}

function success(resource: Record<string, unknown> | Resource, issues: Issue[], engine: AiEngineName, understood: string[], notes: string[]): Drafted {
  return { ok: true, resource: resource as Resource, issues, engine, understood, notes };
}

/** What a model's resource holds, for people (a model does not say what it understood). */
function describe(resource: Record<string, unknown>): string[] {
  const type = String(resource.resourceType);
  if (type === 'Bundle' && Array.isArray(resource.entry)) {
    const types = resource.entry.map((e) => String((e as { resource?: { resourceType?: unknown } })?.resource?.resourceType ?? '?'));
    return [`resource type: Bundle (${String(resource.type ?? 'collection')}) of ${types.join(', ')}`];
  }
  const understood = [`resource type: ${type}`];
  const subject = (resource.subject ?? resource.patient) as { reference?: unknown } | undefined;
  if (typeof subject?.reference === 'string') understood.push(`subject: ${subject.reference}`);
  return understood;
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}
