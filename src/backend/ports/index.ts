import type { AiPort } from './ai';
import type { Clock } from './clock';
import type { DataPort } from './data';
import type { MembersPort } from './members';
import type { TargetHttpPort } from './target-http';

/** Everything services may use to reach the world. Adapters for Wix and for local use implement these. */
export interface Ports {
  data: DataPort;
  members: MembersPort;
  clock: Clock;
  /** The language engine (OpenAI with a key, else the offline engine). */
  ai: AiPort;
  /** HTTP to servers visitors name (the API Testing Suite's target), refusing the site's own network. */
  targetHttp: TargetHttpPort;
}

export type {
  AiPort,
  AiEngineName,
  ResourceDraftRequest,
  ResourceDraft,
  DraftSuccess,
  DraftFailure,
  ChatTurn,
  ChatPassage,
  ChatRequest,
  ChatAnswer,
} from './ai';
export type { Clock } from './clock';
export type { DataPort, DataItem, NewItem, DataQuery, QueryResult, BulkResult } from './data';
export { DataError, WIX_LIMITS } from './data';
export type { MembersPort, CurrentMember, SiteRole } from './members';
export type { TargetHttpPort } from './target-http';
