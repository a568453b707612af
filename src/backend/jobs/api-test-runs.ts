/**
 * Scheduled job (see jobs.config): API Testing Suite runs that nobody advanced for a while (the
 * visitor closed the tab) are cancelled and cleaned up, so the resources they wrote on the target
 * server are deleted.
 */
import { ports } from '../platform';
import { finishAbandonedRuns, type AbandonedRunsReport } from '../services/api-test-runs';

export async function finishAbandonedApiTestRuns(): Promise<AbandonedRunsReport> {
  const report = await finishAbandonedRuns(ports());
  console.log('[job finishAbandonedApiTestRuns]', JSON.stringify(report));
  return report;
}
