/**
 * Scheduled job (see jobs.config): deletes assistant conversations past their expiresAt (30 days
 * after their last message) and rate-limit counters whose window has ended.
 */
import { ports } from '../platform';
import { expireConversations } from '../services/assistant/conversations';
import { purgeExpiredRateLimits } from '../services/rate-limit';

export interface AssistantExpiryReport {
  conversationsRemoved: number;
  rateLimitsRemoved: number;
}

export async function expireAssistantData(): Promise<AssistantExpiryReport> {
  const current = ports();
  const report = { conversationsRemoved: await expireConversations(current), rateLimitsRemoved: await purgeExpiredRateLimits(current) };
  console.log('[job expireAssistantData]', JSON.stringify(report));
  return report;
}
