import { removeExpired } from '../../src/backend/services/expired-items';
import { createTestPorts } from '../helpers/test-ports';

/** The batched clean-up behind the expiry jobs, over the real SQLite data port (Wix's 1,000-item limits hold there). */
describe('removeExpired', () => {
  const now = new Date('2026-11-25T12:00:00Z');
  const at = (minutes: number) => new Date(now.getTime() + minutes * 60_000);

  async function fill(count: number, expiresAt: (i: number) => Date) {
    const ports = createTestPorts();
    const rows = Array.from({ length: count }, (_, i) => ({ _id: `k${i}`, points: 1, expiresAt: expiresAt(i), updatedAt: now }));
    for (let i = 0; i < rows.length; i += 1000) await ports.data.bulkInsert('RateLimits', rows.slice(i, i + 1000));
    return ports;
  }

  it('deletes past the 1,000-item limit in batches, and keeps what has not expired (the boundary included)', async () => {
    const ports = await fill(2_600, (i) => (i < 2_500 ? at(-1 - (i % 50)) : i === 2_500 ? now : at(5)));
    expect(await removeExpired(ports.data, 'RateLimits', 'expiresAt', now)).toBe(2_500);
    const left = await ports.data.query('RateLimits').limit(1000).find();
    expect(left.totalCount).toBe(100);
    expect(left.items.every((item) => (item.expiresAt as Date).getTime() >= now.getTime())).toBe(true);
  });

  it('stops after maxBatches; the next run takes the rest', async () => {
    const ports = await fill(2_500, () => at(-1));
    expect(await removeExpired(ports.data, 'RateLimits', 'expiresAt', now, 2)).toBe(2_000);
    expect(await removeExpired(ports.data, 'RateLimits', 'expiresAt', now, 2)).toBe(500);
    expect(await removeExpired(ports.data, 'RateLimits', 'expiresAt', now, 2)).toBe(0);
  });
});
