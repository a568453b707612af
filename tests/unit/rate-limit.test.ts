import { DataError, type DataPort } from '../../src/backend/ports';
import { clientKey, createRateLimiter, purgeExpiredRateLimits } from '../../src/backend/services/rate-limit';
import { DataRateLimiter, RATE_LIMITS_COLLECTION, rowId } from '../../src/backend/services/rate-limit-store';
import { createTestPorts } from '../helpers/test-ports';

/** The rate-limit service: rate-limiter-flexible over a store in the RateLimits collection, with a manual clock. */

const policy = { name: 'test', points: 3, durationSeconds: 60 };

describe('createRateLimiter', () => {
  it('allows `points` requests per window, then refuses with the seconds left in the window', async () => {
    const ports = createTestPorts();
    const limiter = createRateLimiter(ports, policy);
    expect(await limiter.consume('ip:10.0.0.1')).toEqual({ ok: true, remaining: 2 });
    ports.clock.advance(10_000);
    expect(await limiter.consume('ip:10.0.0.1')).toEqual({ ok: true, remaining: 1 });
    expect(await limiter.consume('ip:10.0.0.1')).toEqual({ ok: true, remaining: 0 });
    ports.clock.advance(5_500);
    // The window started at t=0 and ends at t=60 s: 44.5 s left, rounded up.
    expect(await limiter.consume('ip:10.0.0.1')).toEqual({ ok: false, retryAfterSeconds: 45 });
  });

  it('counts each key apart', async () => {
    const ports = createTestPorts();
    const limiter = createRateLimiter(ports, policy);
    for (let i = 0; i < 3; i++) await limiter.consume('ip:10.0.0.1');
    expect((await limiter.consume('ip:10.0.0.1')).ok).toBe(false);
    expect(await limiter.consume('ip:10.0.0.2')).toEqual({ ok: true, remaining: 2 });
    expect(await limiter.consume('member:m-1')).toEqual({ ok: true, remaining: 2 });
  });

  it('keeps the counts in the RateLimits collection, so another limiter (another backend instance) sees them', async () => {
    const ports = createTestPorts();
    await createRateLimiter(ports, policy).consume('ip:10.0.0.1');
    await createRateLimiter(ports, policy).consume('ip:10.0.0.1', 2);
    const row = await ports.data.get(RATE_LIMITS_COLLECTION, rowId('test:ip:10.0.0.1'));
    expect(row).toMatchObject({ points: 3, expiresAt: new Date(ports.clock.now().getTime() + 60_000) });
    expect((await createRateLimiter(ports, policy).consume('ip:10.0.0.1')).ok).toBe(false);
  });

  it('starts a new window when the old one has ended (a fixed window: later points do not move its end)', async () => {
    const ports = createTestPorts();
    const limiter = createRateLimiter(ports, policy);
    await limiter.consume('k');
    ports.clock.advance(59_000);
    await limiter.consume('k');
    await limiter.consume('k');
    expect((await limiter.consume('k')).ok).toBe(false);
    ports.clock.advance(1_000);
    expect(await limiter.consume('k')).toEqual({ ok: true, remaining: 2 });
  });

  it('limits limiters with different names apart', async () => {
    const ports = createTestPorts();
    for (let i = 0; i < 3; i++) await createRateLimiter(ports, policy).consume('k');
    expect((await createRateLimiter(ports, policy).consume('k')).ok).toBe(false);
    expect((await createRateLimiter(ports, { ...policy, name: 'other' }).consume('k')).ok).toBe(true);
  });

  it('refuses a limiter name that would not make a clean key prefix', () => {
    expect(() => createRateLimiter(createTestPorts(), { ...policy, name: 'a:b' })).toThrow(/letters, digits/);
  });

  it('keeps limiting in memory when the store fails (the insurance limiter), instead of failing the request', async () => {
    const ports = createTestPorts();
    const down = (): never => {
      throw new DataError('STORE_UNAVAILABLE', 'store down');
    };
    const broken: DataPort = { ...ports.data, get: async () => down(), save: async () => down(), insert: async () => down() };
    const warnings = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
    try {
      const limiter = createRateLimiter({ data: broken, clock: ports.clock }, { name: 'insured', points: 2, durationSeconds: 60 });
      expect((await limiter.consume('k')).ok).toBe(true);
      expect((await limiter.consume('k')).ok).toBe(true);
      const refused = await limiter.consume('k');
      expect(refused.ok).toBe(false);
      if (!refused.ok) expect(refused.retryAfterSeconds).toBeGreaterThan(0);
      expect(warnings).toHaveBeenCalledWith(expect.stringContaining('the RateLimits store failed for insured:k: store down'));
    } finally {
      warnings.mockRestore();
    }
  });
});

describe('clientKey', () => {
  it('is the member when signed in, else the IP', () => {
    expect(clientKey('m-1', '10.0.0.1')).toBe('member:m-1');
    expect(clientKey(undefined, '10.0.0.1')).toBe('ip:10.0.0.1');
    expect(clientKey(null, '  ')).toBe('ip:unknown');
  });
});

describe('DataRateLimiter (the store)', () => {
  it('get, block and delete go through the collection', async () => {
    const ports = createTestPorts();
    const limiter = new DataRateLimiter({ data: ports.data, clock: ports.clock, keyPrefix: 'store', points: 5, duration: 30 });
    expect(await limiter.get('k')).toBeNull();
    await limiter.consume('k', 2);
    expect(await limiter.get('k')).toMatchObject({ consumedPoints: 2, remainingPoints: 3, msBeforeNext: 30_000 });
    await limiter.block('k', 120);
    expect(await limiter.get('k')).toMatchObject({ consumedPoints: 6, msBeforeNext: 120_000 });
    await expect(limiter.consume('k')).rejects.toMatchObject({ remainingPoints: 0 });
    expect(await limiter.delete('k')).toBe(true);
    expect(await ports.data.get(RATE_LIMITS_COLLECTION, rowId('store:k'))).toBeNull();
    expect(await limiter.delete('k')).toBe(false);
  });

  it('two first requests of a window at once both count (the second insert finds the first and adds to it)', async () => {
    const ports = createTestPorts();
    const limiter = new DataRateLimiter({ data: ports.data, clock: ports.clock, keyPrefix: 'race', points: 5, duration: 30 });
    await Promise.all([limiter.consume('k'), limiter.consume('k')]);
    expect(await ports.data.get(RATE_LIMITS_COLLECTION, rowId('race:k'))).toMatchObject({ points: 2 });
  });
});

describe('rowId', () => {
  it('spells every character outside [A-Za-z0-9_.-] in hex, one-to-one, so any key is a plain item id', () => {
    expect(rowId('chat:ip:10.0.0.1')).toBe('chat~3aip~3a10.0.0.1');
    expect(rowId('chat:ip:2001:db8::1')).toBe('chat~3aip~3a2001~3adb8~3a~3a1');
    expect(rowId('chat:member:a b/ü😀')).toBe('chat~3amember~3aa~20b~2f~fc~u01f600');
    // "~" itself is escaped, so a key that already looks encoded cannot collide with an encoded one.
    expect(rowId('a~3ab')).not.toBe(rowId('a:b'));
    for (const key of ['chat:ip:::1', 'x:member:7', 'codegen:ip:fe80::1%eth0']) expect(rowId(key)).toMatch(/^[A-Za-z0-9_.~-]+$/);
  });
});

describe('purgeExpiredRateLimits', () => {
  it('deletes counters whose window has ended and keeps the live ones', async () => {
    const ports = createTestPorts();
    const limiter = createRateLimiter(ports, policy);
    await limiter.consume('old-1');
    await limiter.consume('old-2');
    ports.clock.advance(45_000);
    await limiter.consume('live');
    ports.clock.advance(30_000);
    expect(await purgeExpiredRateLimits(ports)).toBe(2);
    const left = await ports.data.query(RATE_LIMITS_COLLECTION).find();
    expect(left.items.map((i) => i._id)).toEqual([rowId('test:live')]);
  });
});
