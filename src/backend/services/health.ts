import type { Ports } from '../ports';

export interface CheckResult {
  status: 'ok' | 'fail';
  latencyMs: number;
  detail?: string;
}

export interface HealthReport {
  status: 'ok' | 'degraded';
  checkedAt: string;
  checks: Record<string, CheckResult>;
}

/** A check slower than this counts as failed: Velo ends backend calls after about 14 s. */
const CHECK_TIMEOUT_MS = 3000;

/**
 * Health as monitors see it. The data store check is a real round trip: it reads from a
 * collection and counts it, which fails when the store is unreachable or its schema is missing.
 */
export async function checkHealth(ports: Pick<Ports, 'data' | 'clock'>): Promise<HealthReport> {
  const checks: Record<string, CheckResult> = {
    dataStore: await timed(async () => {
      const page = await ports.data.query('Tools').limit(1).find();
      const outbox = await ports.data.query('Outbox').eq('status', 'dead').count();
      return `${page.totalCount} tools published; ${outbox} dead outbox messages`;
    }),
  };
  const healthy = Object.values(checks).every((c) => c.status === 'ok');
  return { status: healthy ? 'ok' : 'degraded', checkedAt: ports.clock.now().toISOString(), checks };
}

async function timed(check: () => Promise<string>): Promise<CheckResult> {
  const started = performance.now();
  let timer: ReturnType<typeof setTimeout> | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new Error(`timed out after ${CHECK_TIMEOUT_MS} ms`)), CHECK_TIMEOUT_MS);
    });
    const detail = await Promise.race([check(), timeout]);
    return { status: 'ok', latencyMs: elapsed(started), detail };
  } catch (error) {
    return { status: 'fail', latencyMs: elapsed(started), detail: (error as Error).message };
  } finally {
    clearTimeout(timer);
  }
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
