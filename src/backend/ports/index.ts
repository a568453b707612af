import type { Clock } from './clock';
import type { DataPort } from './data';
import type { MembersPort } from './members';

/** Everything services may use to reach the world. Adapters for Wix and for local use implement these. */
export interface Ports {
  data: DataPort;
  members: MembersPort;
  clock: Clock;
}

export type { Clock } from './clock';
export type { DataPort, DataItem, NewItem, DataQuery, QueryResult, BulkResult } from './data';
export { DataError, WIX_LIMITS } from './data';
export type { MembersPort, CurrentMember, SiteRole } from './members';
