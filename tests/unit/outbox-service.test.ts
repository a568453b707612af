import { backoffMinutes, deliverDue, enqueue, type OutboxMessage } from '../../src/backend/services/outbox';
import { createTestPorts, type TestPorts } from '../helpers/test-ports';

describe('outbox', () => {
  let ports: TestPorts;
  beforeEach(() => {
    ports = createTestPorts();
  });
  afterEach(() => ports.data.close());

  it('delivers due messages once and marks them sent', async () => {
    const message = await enqueue(ports, { topic: 'crm.upsertContact', payload: { email: 'a@b.org' } });
    const sent: unknown[] = [];
    const report = await deliverDue(ports, { 'crm.upsertContact': async (payload) => void sent.push(payload) });
    expect(report).toEqual({ sent: 1, retried: 0, dead: 0, waiting: {} });
    expect(sent).toEqual([{ email: 'a@b.org' }]);
    expect(await ports.data.get('Outbox', message._id)).toMatchObject({ status: 'sent', attempts: 1, sentAt: ports.clock.now() });

    const again = await deliverDue(ports, { 'crm.upsertContact': async (payload) => void sent.push(payload) });
    expect(again.sent).toBe(0);
    expect(sent).toHaveLength(1);
  });

  it('backs off exponentially after failures and gives up after the last attempt', async () => {
    const message = await enqueue(ports, { topic: 'mail.send', payload: {} });
    const failing = { 'mail.send': async () => Promise.reject(new Error('503 from provider')) };

    const first = await deliverDue(ports, failing, { maxAttempts: 3 });
    expect(first.retried).toBe(1);
    let stored = (await ports.data.get<OutboxMessage>('Outbox', message._id))!;
    expect(stored).toMatchObject({ status: 'pending', attempts: 1, lastError: '503 from provider' });
    expect(stored.nextAttemptAt.getTime() - ports.clock.now().getTime()).toBe(backoffMinutes(1) * 60_000);

    // Not due yet: nothing is attempted.
    expect((await deliverDue(ports, failing, { maxAttempts: 3 })).retried).toBe(0);

    ports.clock.advance(backoffMinutes(1) * 60_000);
    await deliverDue(ports, failing, { maxAttempts: 3 });
    stored = (await ports.data.get<OutboxMessage>('Outbox', message._id))!;
    expect(stored.attempts).toBe(2);
    expect(stored.nextAttemptAt.getTime() - ports.clock.now().getTime()).toBe(backoffMinutes(2) * 60_000);

    ports.clock.advance(backoffMinutes(2) * 60_000);
    const last = await deliverDue(ports, failing, { maxAttempts: 3 });
    expect(last.dead).toBe(1);
    expect(await ports.data.get('Outbox', message._id)).toMatchObject({ status: 'dead', attempts: 3 });
  });

  it('leaves messages without a sender pending and reports them', async () => {
    await enqueue(ports, { topic: 'crm.upsertContact', payload: {} });
    await enqueue(ports, { topic: 'crm.upsertContact', payload: {} });
    const report = await deliverDue(ports, {});
    expect(report.waiting).toEqual({ 'crm.upsertContact': 2 });
    expect(await ports.data.query('Outbox').eq('status', 'pending').count()).toBe(2);
  });

  it('caps the back-off at one day', () => {
    expect(backoffMinutes(1)).toBe(1);
    expect(backoffMinutes(4)).toBe(8);
    expect(backoffMinutes(40)).toBe(24 * 60);
  });
});
