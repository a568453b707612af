import { RateLimiterMemory, RateLimiterRes } from 'rate-limiter-flexible';
import type { Ports } from '../ports';
import { removeExpired } from './expired-items';
import { DataRateLimiter, RATE_LIMITS_COLLECTION } from './rate-limit-store';

/**
 * Per-client request limits for the site's public endpoints (the assistant first; codegen and the
 * API Testing Suite can use the same service). rate-limit-flexible decides; the counts live in the
 * RateLimits collection (see rate-limit-store.ts) so every backend instance shares them. If the
 * store fails, an in-memory limiter of the same size stands in for that instance (the library's
 * "insurance" limiter), so a data hiccup neither blocks everyone nor lifts the limit.
 */

export interface RateLimitPolicy {
  /** The limiter's name: the prefix of its keys in RateLimits, e.g. "chat". Letters, digits, "-" only. */
  name: string;
  /** Points (requests) a client may spend per window. */
  points: number;
  /** Window length in seconds. */
  durationSeconds: number;
}

export type RateLimitDecision = { ok: true; remaining: number } | { ok: false; retryAfterSeconds: number };

export interface RateLimiter {
  /** Spends `points` (default 1) of `key`'s window: ok, or how long until the window ends. */
  consume(key: string, points?: number): Promise<RateLimitDecision>;
}

/**
 * The request limits of the site's public endpoints, per member (else per IP), in one place so they
 * can be read side by side. Sized for a person using the tool at a brisk pace, not a script.
 */
export const RATE_LIMITS = {
  /** Questions to the assistant. */
  chat: { name: 'chat', points: 20, durationSeconds: 600 },
  /** Reads of a conversation: the widget polls while an answer streams (about 25 reads a question). */
  chatRead: { name: 'chat-read', points: 600, durationSeconds: 600 },
  /** FHIR Builder AI generations: each may cost model calls. */
  codegen: { name: 'codegen', points: 30, durationSeconds: 600 },
  /** Scans of posted documents (up to 512 KB of FHIR each). */
  scan: { name: 'scan', points: 60, durationSeconds: 600 },
  /** New API Testing Suite runs: each sends a few hundred requests to someone's server. */
  apiTestStart: { name: 'api-test-start', points: 10, durationSeconds: 3600 },
} as const satisfies Record<string, RateLimitPolicy>;

/** Who a limit counts against: the signed-in member, else the client IP. */
export function clientKey(memberId: string | undefined | null, ip: string | undefined): string {
  if (memberId) return `member:${memberId}`;
  return `ip:${ip?.trim() || 'unknown'}`;
}

const NAME = /^[a-z0-9-]+$/i;

/** One in-memory stand-in per policy and instance, kept across calls (its counts are its only value). */
const insurance = new Map<string, RateLimiterMemory>();

export function createRateLimiter(ports: Pick<Ports, 'data' | 'clock'>, policy: RateLimitPolicy): RateLimiter {
  if (!NAME.test(policy.name)) throw new Error(`Rate limiter name "${policy.name}" must be letters, digits and "-"`);
  const signature = `${policy.name}/${policy.points}/${policy.durationSeconds}`;
  let memory = insurance.get(signature);
  if (!memory) {
    memory = new RateLimiterMemory({ keyPrefix: policy.name, points: policy.points, duration: policy.durationSeconds });
    insurance.set(signature, memory);
  }
  const limiter = new DataRateLimiter({
    data: ports.data,
    clock: ports.clock,
    keyPrefix: policy.name,
    points: policy.points,
    duration: policy.durationSeconds,
    insuranceLimiter: memory,
  });

  return {
    async consume(key, points = 1) {
      try {
        const res = await limiter.consume(key, points);
        return { ok: true, remaining: res.remainingPoints };
      } catch (outcome) {
        // The library rejects with a RateLimiterRes when the limit is reached, with an Error when even the insurance failed.
        if (outcome instanceof RateLimiterRes) {
          return { ok: false, retryAfterSeconds: Math.max(1, Math.ceil(outcome.msBeforeNext / 1000)) };
        }
        throw outcome;
      }
    },
  };
}

/**
 * Spends one point of `policy` for whoever is asking: the signed-in member, else the IP. The edge
 * turns a refusal into 429 with Retry-After (http/responses.ts tooManyRequests).
 */
export async function limitClient(ports: Pick<Ports, 'data' | 'clock' | 'members'>, policy: RateLimitPolicy, ip: string | undefined): Promise<RateLimitDecision> {
  const member = await ports.members.getCurrentMember();
  return limitFor(ports, policy, member?.id, ip);
}

/** As limitClient, for a caller that has looked up the member already. */
export function limitFor(ports: Pick<Ports, 'data' | 'clock'>, policy: RateLimitPolicy, memberId: string | undefined, ip: string | undefined): Promise<RateLimitDecision> {
  return createRateLimiter(ports, policy).consume(clientKey(memberId, ip));
}

/** The scheduled clean-up: deletes counters whose window has ended (they would be started afresh anyway). */
export async function purgeExpiredRateLimits(ports: Pick<Ports, 'data' | 'clock'>, options: { maxBatches?: number } = {}): Promise<number> {
  return removeExpired(ports.data, RATE_LIMITS_COLLECTION, 'expiresAt', ports.clock.now(), options.maxBatches);
}
