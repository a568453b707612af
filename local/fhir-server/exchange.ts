import type { RepositoryOptions } from './repository';

/** A request as the HTTP layer sees it, before it is handled (faults may rewrite it). */
export interface Inbound {
  method: string;
  /** Path segments below the base path, decoded: ["Patient", "123", "_history", "1"]. */
  segments: string[];
  /** The query string, in order (a name may repeat). */
  pairs: Array<[string, string]>;
  /** Lower-cased header names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  /** The raw body ('' when none). */
  rawBody: string;
}

/** A response before it is written: the body is a JSON value (serialised last) or absent. */
export interface Outbound {
  status: number;
  headers: Record<string, string>;
  body?: unknown;
}

export interface ServerContext {
  /** The server's base URL, e.g. http://127.0.0.1:40123/fhir (no trailing slash). */
  baseUrl: string;
}

/**
 * How a faulty variant departs from the reference server: switches in the repository and search
 * engine, no validation of written resources, or a rewrite of the request (before) or of the
 * response (after). Each variant breaks one rule; see faults.ts.
 */
export interface FaultBehaviour {
  repository?: RepositoryOptions;
  /** false: written resources are not validated. */
  validate?: boolean;
  /** Rewrites the request, or answers it instead of the server. */
  before?(request: Inbound, server: ServerContext): Outbound | void;
  /** Rewrites the response (request as handled). */
  after?(request: Inbound, response: Outbound, server: ServerContext): void;
}
