import type { Ctx, Outcome } from '../context';
import type { GroupId } from '../types';

/**
 * A test of the suite. `scope` says how it is planned: once ("server"), once per tested resource
 * type ("type", id suffixed "-Patient"), or once per search parameter the CapabilityStatement
 * declares for a tested type ("param", id suffixed "-Patient-family").
 */
export interface TestDef {
  id: string;
  group: GroupId;
  /** "{type}" and "{param}" are filled in. */
  title: string;
  specRef: string;
  scope: 'server' | 'type' | 'param';
  needsWrites?: boolean;
  run(ctx: Ctx): Promise<Outcome>;
}
