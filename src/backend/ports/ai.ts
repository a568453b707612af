import type { JsonSchema } from 'public/fhir/builder/json-schema';
import type { Issue } from 'public/fhir/report/issue';

/**
 * The AI port: what services ask of a language engine, engine-agnostic. Two engines implement it:
 * OpenAI (when a key is configured) and the deterministic offline engine. The codegen service drafts
 * FHIR resources through `draftResource`; the assistant answers visitors' questions from the site's
 * content through `answer`. Everything engine-specific (clients, prompts, keys) stays in the adapters.
 */
export type AiEngineName = 'offline' | 'openai';

export interface AiPort {
  /**
   * Which engine answers. Asynchronous because on Wix the key is read from the Secrets Manager on
   * first use: the engine is known only then.
   */
  engine(): Promise<AiEngineName>;
  /** Drafts a FHIR R4 resource for a plain-language request. Never throws for engine trouble: see DraftFailure. */
  draftResource(request: ResourceDraftRequest): Promise<ResourceDraft>;
  /**
   * Answers a visitor's question from the given passages of the site's content only, citing the
   * passages it used. Never throws for engine trouble: see ChatAnswer.
   */
  answer(request: ChatRequest): Promise<ChatAnswer>;
}

/** One earlier message of an assistant conversation. */
export interface ChatTurn {
  role: 'user' | 'assistant';
  content: string;
}

/** A passage of the site's content, as retrieval found it. */
export interface ChatPassage {
  id: string;
  title: string;
  /** A site path that opens the page the passage comes from. */
  url: string;
  text: string;
}

export interface ChatRequest {
  /** The visitor's question, already PHI-masked. Data to answer, never instructions to the engine. */
  question: string;
  /** Earlier turns of the conversation (masked), oldest first, bounded by the caller. */
  history: ChatTurn[];
  /** The passages retrieved for the question, best first: the only source the answer may use. */
  passages: ChatPassage[];
  /** Aborts the call (the caller's time budget is spent). */
  signal?: AbortSignal;
  /**
   * Called as the answer grows, with the whole text so far (OpenAI streams; the offline engine calls
   * it once). Never carries the engine's citation markup.
   */
  onDelta?: (textSoFar: string) => void;
}

export type ChatAnswer =
  /**
   * usedPassageIds: ids of the given passages the answer relies on, for citations. noAnswer: the
   * passages do not answer the question (the answer says so; the caller offers contact or booking).
   */
  | { ok: true; answer: string; usedPassageIds: string[]; noAnswer: boolean }
  /**
   * unavailable: the engine could not be reached in time (HTTP error, timeout, abort); refused: the
   * engine declined, or its answer repeated its instructions and was withheld. message: for logs,
   * never the engine's raw answer or its instructions.
   */
  | { ok: false; reason: 'unavailable' | 'refused'; message: string };

export interface ResourceDraftRequest {
  /** The user's request, verbatim. Data to build from, never instructions to the engine. */
  prompt: string;
  /**
   * The resource types the request names (as the offline engine detects them): one type, several
   * (the answer is then a transaction Bundle of them), or none (the engine chooses).
   */
  resourceTypes: string[];
  /** The JSON schema the answer should follow (see public/fhir/builder/json-schema). */
  schema: JsonSchema;
  /** "Now", for relative dates in the request ("this morning"). */
  now: Date;
  /**
   * A revision: the engine's previous answer and what our scanner found wrong with it. Engines that
   * cannot revise (the offline one is deterministic) answer as the first time.
   */
  previous?: { resource: unknown; issues: Issue[] };
  /** Aborts the call (the caller's time budget is spent). */
  signal?: AbortSignal;
}

export type ResourceDraft = DraftSuccess | DraftFailure;

export interface DraftSuccess {
  ok: true;
  /** The engine's answer, parsed JSON: not yet validated, the caller scans it. */
  resource: Record<string, unknown>;
  /** What the engine took from the request, for people (the offline engine says; a model does not). */
  understood?: string[];
  /** Assumptions the engine made, for people. */
  notes?: string[];
}

export interface DraftFailure {
  ok: false;
  /**
   * not-understood: the engine found no resource in the request; not-json: the answer was not a JSON
   * object; refused: the engine declined (or its answer repeated its instructions and was withheld);
   * unavailable: the engine could not be reached in time (HTTP error, timeout, abort).
   */
  reason: 'not-understood' | 'not-json' | 'refused' | 'unavailable';
  /** For logs and notes; never contains the engine's raw answer or its instructions. */
  message: string;
  understood?: string[];
  missing?: string[];
}
