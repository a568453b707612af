import type { Ports } from '../ports';
import { audit } from './audit';

/** A new site member: counted as a sign-up conversion and written to the audit trail. */
export async function recordMemberCreated(
  ports: Pick<Ports, 'data' | 'clock'>,
  member: { id: string; loginEmail?: string },
): Promise<void> {
  await ports.data.insert('ConversionEvents', {
    event: 'member_signed_up',
    memberId: member.id,
    properties: {},
    occurredAt: ports.clock.now(),
  });
  await audit(ports, { action: 'member.created', actorId: member.id, actorRole: 'member', target: `members/${member.id}` });
}
