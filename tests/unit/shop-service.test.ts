import { formatOrderNumber, getAccount, placeOrder, priceCart } from '../../src/backend/services/shop';
import { seedIfEmpty } from '../../local/seed';
import { createTestPorts, type TestPorts } from '../helpers/test-ports';

const MEMBER = { id: 'local-member', loginEmail: 'member@fhiriq.local', nickname: 'Local Member', role: 'member' as const };

let ports: TestPorts;

beforeEach(async () => {
  ports = createTestPorts();
  await seedIfEmpty(ports.data);
});

const goodOrder = {
  name: 'Ada Lovelace',
  email: '  Ada@Example.COM ',
  company: 'Analytical Engines Ltd',
  lines: [
    { sku: 'scanner-pro-monthly', quantity: 1 },
    { sku: 'tester-pro-monthly', quantity: 2 },
  ],
};

describe('priceCart', () => {
  it('prices lines from Products, merging duplicate SKUs', async () => {
    const cart = await priceCart(ports, [
      { sku: 'scanner-pro-monthly', quantity: 1 },
      { sku: 'builder-pro-monthly', quantity: 1 },
      { sku: 'scanner-pro-monthly', quantity: 2 },
    ]);
    expect(cart.unavailable).toEqual([]);
    expect(cart.lines).toEqual([
      expect.objectContaining({ sku: 'scanner-pro-monthly', quantity: 3, unitPriceCents: 4900, lineTotalCents: 14700 }),
      expect.objectContaining({ sku: 'builder-pro-monthly', quantity: 1, unitPriceCents: 3900, lineTotalCents: 3900 }),
    ]);
    expect(cart.totalCents).toBe(18600);
    expect(cart.currency).toBe('USD');
  });

  it('lists unknown and inactive SKUs as unavailable instead of pricing them', async () => {
    const { items } = await ports.data.query('Products').eq('sku', 'builder-enterprise-monthly').find();
    await ports.data.update('Products', { ...items[0]!, active: false });
    const cart = await priceCart(ports, [
      { sku: 'no-such-plan', quantity: 1 },
      { sku: 'builder-enterprise-monthly', quantity: 1 },
      { sku: 'bundle-pro-monthly', quantity: 1 },
    ]);
    expect(cart.unavailable.map((u) => u.sku)).toEqual(['no-such-plan', 'builder-enterprise-monthly']);
    expect(cart.lines.map((l) => l.sku)).toEqual(['bundle-pro-monthly']);
    expect(cart.totalCents).toBe(11900);
  });

  it('uses the stored price, whatever the product costs elsewhere', async () => {
    const { items } = await ports.data.query('Products').eq('sku', 'scanner-pro-monthly').find();
    await ports.data.update('Products', { ...items[0]!, priceCents: 5900 });
    expect((await priceCart(ports, [{ sku: 'scanner-pro-monthly', quantity: 1 }])).totalCents).toBe(5900);
  });

  it('prices an empty cart at zero', async () => {
    expect(await priceCart(ports, [])).toEqual({ lines: [], unavailable: [], totalCents: 0, currency: 'USD' });
  });
});

describe('placeOrder', () => {
  it('records a pending order with totals from Products and a customer with a lower-cased email', async () => {
    const result = await placeOrder(ports, goodOrder);
    expect(result).toEqual({ ok: true, orderNumber: 'FIQ-2026-000001', totalCents: 4900 + 2 * 5900, currency: 'USD' });

    const customers = (await ports.data.query('Customers').find()).items;
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ email: 'ada@example.com', name: 'Ada Lovelace', company: 'Analytical Engines Ltd' });
    expect(customers[0]!.memberId).toBeUndefined();

    const orders = (await ports.data.query('Orders').find()).items;
    expect(orders).toHaveLength(1);
    expect(orders[0]).toMatchObject({
      orderNumber: 'FIQ-2026-000001',
      status: 'pending',
      email: 'ada@example.com',
      customerId: customers[0]!._id,
      totalCents: 16700,
      currency: 'USD',
      lines: [
        { sku: 'scanner-pro-monthly', name: 'Data Quality Scanner Pro', quantity: 1, unitPriceCents: 4900 },
        { sku: 'tester-pro-monthly', name: 'API Testing Suite Pro', quantity: 2, unitPriceCents: 5900 },
      ],
    });
  });

  it('numbers orders in sequence within the year, and restarts the sequence in a new year', async () => {
    const a = await placeOrder(ports, goodOrder);
    const b = await placeOrder(ports, { ...goodOrder, email: 'grace@example.com' });
    expect(a.ok && a.orderNumber).toBe('FIQ-2026-000001');
    expect(b.ok && b.orderNumber).toBe('FIQ-2026-000002');
    ports.clock.advance(365 * 24 * 3600 * 1000);
    const c = await placeOrder(ports, goodOrder);
    expect(c.ok && c.orderNumber).toBe('FIQ-2027-000001');
    expect(formatOrderNumber(2026, 123)).toBe('FIQ-2026-000123');
  });

  it('reuses the customer with the same email, updating name and company', async () => {
    await placeOrder(ports, goodOrder);
    await placeOrder(ports, { ...goodOrder, email: 'ADA@example.com', name: 'Ada King', company: 'Babbage & Co' });
    const customers = (await ports.data.query('Customers').find()).items;
    expect(customers).toHaveLength(1);
    expect(customers[0]).toMatchObject({ name: 'Ada King', company: 'Babbage & Co' });
    const orders = (await ports.data.query('Orders').find()).items;
    expect(new Set(orders.map((o) => o.customerId))).toEqual(new Set([customers[0]!._id]));
  });

  it('links the order and the customer to the signed-in member', async () => {
    ports.signIn(MEMBER);
    await placeOrder(ports, goodOrder);
    const order = (await ports.data.query('Orders').find()).items[0]!;
    const customer = (await ports.data.query('Customers').find()).items[0]!;
    expect(order.memberId).toBe('local-member');
    expect(customer.memberId).toBe('local-member');
  });

  it('returns field errors for a bad form and writes nothing', async () => {
    const result = await placeOrder(ports, { name: ' ', email: 'not-an-email', company: 'x'.repeat(201), lines: [] });
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(Object.keys(result.errors).sort()).toEqual(['company', 'email', 'lines', 'name']);
    expect(result.errors.email).toMatch(/valid email/i);
    expect(result.errors.lines).toMatch(/empty/i);
    expect(await ports.data.query('Orders').count()).toBe(0);
    expect(await ports.data.query('Customers').count()).toBe(0);
  });

  it('refuses malformed input of any shape as errors, not exceptions', async () => {
    for (const input of [null, 'text', 42, [], { lines: 'x' }, { ...goodOrder, lines: [{ sku: 'scanner-pro-monthly', quantity: 0.5 }] }]) {
      const result = await placeOrder(ports, input);
      expect(result.ok).toBe(false);
    }
  });

  it('refuses a cart with products that are no longer on sale', async () => {
    const result = await placeOrder(ports, { ...goodOrder, lines: [{ sku: 'retired-plan', quantity: 1 }] });
    expect(result).toEqual({ ok: false, errors: { lines: expect.stringContaining('retired-plan') } });
    expect(await ports.data.query('Orders').count()).toBe(0);
  });
});

describe('getAccount', () => {
  it('is null for a visitor', async () => {
    expect(await getAccount(ports)).toBeNull();
  });

  it('gives the member their own orders, newest first, and subscriptions', async () => {
    ports.signIn(MEMBER);
    await placeOrder(ports, goodOrder);
    await placeOrder(ports, { ...goodOrder, lines: [{ sku: 'bundle-pro-monthly', quantity: 1 }] });
    ports.signIn(null);
    await placeOrder(ports, { ...goodOrder, email: 'someone@else.org' });
    await ports.data.insert('Subscriptions', {
      memberId: 'local-member',
      sku: 'scanner-pro-monthly',
      toolSlug: 'data-quality-scanner',
      tier: 'pro',
      status: 'active',
      currentPeriodEnd: new Date('2026-02-15T00:00:00Z'),
    });
    await ports.data.insert('Subscriptions', {
      memberId: 'other-member',
      sku: 'tester-pro-monthly',
      toolSlug: 'api-testing-suite',
      tier: 'pro',
      status: 'active',
      currentPeriodEnd: new Date('2026-02-15T00:00:00Z'),
    });

    ports.signIn(MEMBER);
    const account = await getAccount(ports);
    expect(account?.member).toEqual(MEMBER);
    expect(account?.orders.map((o) => o.orderNumber)).toEqual(['FIQ-2026-000002', 'FIQ-2026-000001']);
    expect(account?.orders[0]).toMatchObject({ status: 'pending', totalCents: 11900, currency: 'USD' });
    expect(account?.subscriptions).toEqual([
      expect.objectContaining({ sku: 'scanner-pro-monthly', status: 'active', currentPeriodEnd: '2026-02-15T00:00:00.000Z' }),
    ]);
    expect(JSON.parse(JSON.stringify(account))).toEqual(account);
  });
});
