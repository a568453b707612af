import type { Ports, SiteRole } from '../ports';

export interface AuditEntry {
  action: string;
  actorId?: string;
  actorRole: SiteRole | 'system';
  target?: string;
  ip?: string;
  details?: Record<string, unknown>;
}

/** Appends to the AuditLog. Callers pass only non-secret details. */
export async function audit(ports: Pick<Ports, 'data' | 'clock'>, entry: AuditEntry): Promise<void> {
  await ports.data.insert('AuditLog', { ...entry, at: ports.clock.now() });
}
