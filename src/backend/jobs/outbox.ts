/**
 * Scheduled job (see jobs.config): delivers due Outbox messages with retries and back-off.
 * Senders are registered per topic by the integrations that own them (CRM, email); a topic with
 * no sender yet stays pending and is reported, never dropped.
 */
import { ports } from '../platform';
import { deliverDue, type DeliveryReport, type OutboxSender } from '../services/outbox';

const senders: Record<string, OutboxSender> = {};

/** Integrations call this at module load to take over a topic. */
export function registerOutboxSender(topic: string, sender: OutboxSender): void {
  senders[topic] = sender;
}

export async function retryOutbox(): Promise<DeliveryReport> {
  const report = await deliverDue(ports(), senders);
  console.log('[job retryOutbox]', JSON.stringify(report));
  return report;
}
