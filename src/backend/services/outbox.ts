import type { DataItem, Ports } from '../ports';

/**
 * The transactional outbox: a change that must reach an outside service (CRM, email) writes an
 * Outbox row next to itself, and the outbox job delivers it later with retries. A slow or broken
 * integration then never fails or slows the visitor's request, and nothing is lost.
 */

export interface OutboxMessage extends DataItem {
  topic: string;
  payload: Record<string, unknown>;
  status: 'pending' | 'sent' | 'dead';
  attempts: number;
  nextAttemptAt: Date;
  lastError?: string;
  sourceCollection?: string;
  sourceId?: string;
  sentAt?: Date;
}

/** Delivers one message's payload; throws to have it retried. */
export type OutboxSender = (payload: Record<string, unknown>, message: OutboxMessage) => Promise<void>;

export const OUTBOX_MAX_ATTEMPTS = 8;

export async function enqueue(
  ports: Pick<Ports, 'data' | 'clock'>,
  message: { topic: string; payload: Record<string, unknown>; sourceCollection?: string; sourceId?: string },
): Promise<OutboxMessage> {
  return ports.data.insert<OutboxMessage>('Outbox', {
    ...message,
    status: 'pending',
    attempts: 0,
    nextAttemptAt: ports.clock.now(),
  });
}

/** Minutes to wait after the n-th failed attempt: 1, 2, 4, ... capped at a day. */
export function backoffMinutes(attempts: number): number {
  return Math.min(2 ** Math.max(0, attempts - 1), 24 * 60);
}

export interface DeliveryReport {
  sent: number;
  retried: number;
  dead: number;
  /** Due messages whose topic has no sender in this deployment yet; they stay pending. */
  waiting: Record<string, number>;
}

/** Sends every due pending message whose topic has a sender, oldest first, up to `batchSize`. */
export async function deliverDue(
  ports: Pick<Ports, 'data' | 'clock'>,
  senders: Record<string, OutboxSender>,
  options: { batchSize?: number; maxAttempts?: number } = {},
): Promise<DeliveryReport> {
  const { batchSize = 100, maxAttempts = OUTBOX_MAX_ATTEMPTS } = options;
  const due = await ports.data
    .query<OutboxMessage>('Outbox')
    .eq('status', 'pending')
    .le('nextAttemptAt', ports.clock.now())
    .ascending('nextAttemptAt')
    .limit(batchSize)
    .find();

  const report: DeliveryReport = { sent: 0, retried: 0, dead: 0, waiting: {} };
  for (const message of due.items) {
    const send = senders[message.topic];
    if (!send) {
      report.waiting[message.topic] = (report.waiting[message.topic] ?? 0) + 1;
      continue;
    }
    const attempts = message.attempts + 1;
    try {
      await send(message.payload, message);
      await ports.data.update('Outbox', { ...message, attempts, status: 'sent', sentAt: ports.clock.now(), lastError: undefined });
      report.sent++;
    } catch (error) {
      const dead = attempts >= maxAttempts;
      const nextAttemptAt = new Date(ports.clock.now().getTime() + backoffMinutes(attempts) * 60_000);
      await ports.data.update('Outbox', {
        ...message,
        attempts,
        status: dead ? 'dead' : 'pending',
        nextAttemptAt,
        lastError: String((error as Error).message ?? error).slice(0, 1000),
      });
      if (dead) report.dead++;
      else report.retried++;
    }
  }
  return report;
}
