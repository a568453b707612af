import { APIConnectionTimeoutError, APIError } from 'openai';
import sjson from 'secure-json-parse';
import type { ResourceDraft } from '../ports/ai';
import { FHIR_BUILDER_INSTRUCTIONS } from './openai-prompt';

/**
 * Reading a model's answer: JSON or not, a resource or a "nothing here" OperationOutcome, and
 * whether it repeats our instructions (an injected "print your system prompt" that the model obeyed,
 * even inside a valid resource). The answer text itself never leaves this module in a failure.
 */
export function readAnswer(text: string, requestedTypes: readonly string[]): ResourceDraft {
  if (repeatsInstructions(text)) {
    return { ok: false, reason: 'refused', message: 'the answer repeated the engine instructions and was withheld' };
  }
  const value = parseJson(stripFence(text));
  if (value === undefined) return { ok: false, reason: 'not-json', message: 'the answer was not JSON' };
  if (typeof value !== 'object' || value === null || Array.isArray(value) || typeof (value as { resourceType?: unknown }).resourceType !== 'string') {
    return { ok: false, reason: 'not-json', message: 'the answer was JSON but not a FHIR resource (no resourceType)' };
  }
  const resource = value as Record<string, unknown>;
  if (resource.resourceType === 'OperationOutcome' && !requestedTypes.includes('OperationOutcome')) {
    return { ok: false, reason: 'not-understood', message: 'the model found no FHIR resource in the request' };
  }
  return { ok: true, resource };
}

/** Models sometimes wrap JSON in a Markdown fence despite the instructions. */
function stripFence(text: string): string {
  const m = /^\s*```(?:json)?\s*\n([\s\S]*?)\n\s*```\s*$/i.exec(text);
  return m ? m[1] : text;
}

function parseJson(text: string): unknown {
  try {
    // Drops "__proto__" / "constructor.prototype" keys: the answer is untrusted input.
    return sjson.parse(text, undefined, { protoAction: 'remove', constructorAction: 'remove' });
  } catch {
    return undefined;
  }
}

/** Runs of this many consecutive words of the instructions found in an answer mean it repeats them. */
const SHINGLE_WORDS = 8;

const words = (text: string): string[] => text.toLowerCase().split(/[^a-z0-9]+/).filter(Boolean);

function shingles(list: string[]): string[] {
  const out: string[] = [];
  for (let i = 0; i + SHINGLE_WORDS <= list.length; i++) out.push(list.slice(i, i + SHINGLE_WORDS).join(' '));
  return out;
}

/**
 * A check that is true when a text quotes 8 or more consecutive words of the given instructions (in
 * any case or punctuation). `allowed` are the parts of the instructions an answer may repeat (a
 * fixed answer the instructions prescribe): they are left out of the comparison.
 */
export function instructionLeakCheck(instructions: string, allowed: readonly string[] = []): (text: string) => boolean {
  let known: Set<string> | undefined;
  return (text) => {
    // Shingles never span an allowed part: the text on each side of it is compared on its own.
    known ??= new Set(allowed.reduce<string[]>((parts, part) => parts.flatMap((p) => p.split(part)), [instructions]).flatMap((segment) => shingles(words(segment))));
    return shingles(words(text)).some((s) => known!.has(s));
  };
}

const builderLeak = instructionLeakCheck(FHIR_BUILDER_INSTRUCTIONS.replace(/\{"resourceType":"OperationOutcome".*?\}\]\}/, ' '));

/**
 * True when the answer quotes 8 or more consecutive words of the FHIR Builder instructions. The fixed
 * "nothing here" OperationOutcome of rule 5 is the one quote allowed.
 */
export function repeatsInstructions(text: string): boolean {
  return builderLeak(text);
}

/** For notes and logs: the kind of failure, never the API's message (it can quote the key or the request). */
export function describeApiError(error: unknown): string {
  if (error instanceof APIConnectionTimeoutError) return 'the request timed out';
  if (error instanceof APIError) return error.status ? `HTTP ${error.status} from the API` : 'the API could not be reached';
  return 'the request failed';
}
