/**
 * Wix backend events (Velo calls `<wixModule>_<eventName>(event)` from this file on the live site).
 */
import { ports } from './platform';
import { recordMemberCreated } from './services/member-events';

interface MemberCreatedEvent {
  entity: { _id: string; loginEmail?: string };
}

export async function wixMembers_onMemberCreated(event: MemberCreatedEvent): Promise<void> {
  await recordMemberCreated(ports(), { id: event.entity._id, loginEmail: event.entity.loginEmail });
}
