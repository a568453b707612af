import type { Resource } from 'fhir/r4';

/**
 * The offline engine's contract: a plain-language request in, a FHIR R4 resource (or a transaction
 * Bundle when the request names several resources) out, or a clear account of what was understood
 * and what is missing. Never an empty or invalid resource reported as a success.
 */
export interface BuildOptions {
  /** "Now" for relative dates ("this morning", "yesterday", "3 days ago"). Default: the current time. */
  now?: Date;
}

export type BuildResult = BuildSuccess | BuildFailure;

export interface BuildSuccess {
  ok: true;
  /** The resource built: one resource, or a transaction Bundle of several. */
  resource: Resource;
  /** What the engine took from the prompt, for people: ["resource type: Observation (blood pressure)", "subject: Patient/42", ...]. */
  understood: string[];
  /** Things the engine assumed or left out, for people (e.g. "status set to final"). */
  notes: string[];
}

export interface BuildFailure {
  ok: false;
  understood: string[];
  /** What the request lacks, for people: ["a resource type (e.g. patient, blood pressure, condition)"]. */
  missing: string[];
  message: string;
}
