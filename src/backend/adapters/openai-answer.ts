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

let instructionShingles: Set<string> | undefined;

/**
 * True when the answer quotes 8 or more consecutive words of the instructions (in any case or
 * punctuation). The fixed "nothing here" OperationOutcome of rule 5 is the one quote allowed.
 */
export function repeatsInstructions(text: string): boolean {
  instructionShingles ??= new Set(shingles(words(FHIR_BUILDER_INSTRUCTIONS.replace(/\{"resourceType":"OperationOutcome".*?\}\]\}/, ' '))));
  return shingles(words(text)).some((s) => instructionShingles!.has(s));
}
