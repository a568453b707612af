import type { DataPort } from '../../src/backend/ports';
import { checkHealth } from '../../src/backend/services/health';
import { createTestPorts } from '../helpers/test-ports';

describe('checkHealth', () => {
  it('is ok when the data store answers', async () => {
    const ports = createTestPorts();
    const report = await checkHealth(ports);
    ports.data.close();
    expect(report.status).toBe('ok');
    expect(report.checks.dataStore).toMatchObject({ status: 'ok', latencyMs: expect.any(Number) });
    expect(report.checkedAt).toBe(ports.clock.now().toISOString());
  });

  it('is degraded, naming the failure, when the data store is closed', async () => {
    const ports = createTestPorts();
    ports.data.close();
    const report = await checkHealth(ports);
    expect(report.status).toBe('degraded');
    expect(report.checks.dataStore!.status).toBe('fail');
    expect(report.checks.dataStore!.detail).toBeTruthy();
  });

  it('is degraded when the data store hangs', async () => {
    jest.useFakeTimers({ doNotFake: ['performance'] });
    const hanging = { query: () => ({ limit: () => ({ find: () => new Promise(() => {}) }) }) } as unknown as DataPort;
    const pending = checkHealth({ data: hanging, clock: { now: () => new Date(0) } });
    await jest.advanceTimersByTimeAsync(3100);
    const report = await pending;
    jest.useRealTimers();
    expect(report.checks.dataStore).toMatchObject({ status: 'fail', detail: expect.stringMatching(/timed out/) });
  });
});
