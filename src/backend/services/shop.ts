import { z } from 'zod';
import { DataError, type DataItem, type NewItem, type Ports } from '../ports';
import type { CurrentMember } from '../ports/members';
import { findAll, toProduct, type ProductView } from './content';

/**
 * The shop: pricing a cart and recording an order. The server is the price authority: the
 * browser sends only SKUs and quantities, and every price and total comes from Products here.
 * Payment (Stripe) is a later step; an order starts as "pending".
 */

export const MAX_CART_LINES = 50;
export const MAX_LINE_QUANTITY = 100;

export type CartLineInput = {
  sku: string;
  quantity: number;
};

export type PricedLine = {
  sku: string;
  name: string;
  toolSlug: string;
  tier: string;
  interval: string;
  quantity: number;
  unitPriceCents: number;
  lineTotalCents: number;
  currency: string;
};

export type UnavailableLine = {
  sku: string;
  reason: string;
};

export type PricedCart = {
  lines: PricedLine[];
  unavailable: UnavailableLine[];
  totalCents: number;
  currency: string;
};

export const cartLineSchema = z.object({
  sku: z.string().trim().min(1, 'SKU is required').max(80, 'SKU is too long'),
  quantity: z
    .number({ message: 'Quantity must be a number' })
    .int('Quantity must be a whole number')
    .min(1, 'Quantity must be at least 1')
    .max(MAX_LINE_QUANTITY, `Quantity must be at most ${MAX_LINE_QUANTITY}`),
});

export const cartLinesSchema = z
  .array(cartLineSchema, { message: 'Lines must be a list of { sku, quantity }' })
  .max(MAX_CART_LINES, `A cart holds at most ${MAX_CART_LINES} lines`);

/**
 * Prices lines from the active Products. Duplicate SKUs are merged; unknown, inactive or
 * other-currency SKUs are reported in `unavailable` rather than priced.
 */
export async function priceCart(ports: Pick<Ports, 'data'>, lines: readonly CartLineInput[]): Promise<PricedCart> {
  const merged = new Map<string, number>();
  for (const line of lines) {
    merged.set(line.sku, Math.min(MAX_LINE_QUANTITY, (merged.get(line.sku) ?? 0) + line.quantity));
  }
  const skus = [...merged.keys()];
  const products = new Map<string, ProductView>();
  if (skus.length > 0) {
    // The catalog is a few dozen rows: reading the active ones is simpler and as cheap as a filter.
    const items = await findAll(ports.data.query('Products').eq('active', true));
    for (const item of items) {
      const product = toProduct(item);
      if (merged.has(product.sku)) products.set(product.sku, product);
    }
  }

  const priced: PricedLine[] = [];
  const unavailable: UnavailableLine[] = [];
  let currency: string | undefined;
  for (const [sku, quantity] of merged) {
    const product = products.get(sku);
    if (!product) {
      unavailable.push({ sku, reason: 'This product is not on sale.' });
      continue;
    }
    currency ??= product.currency;
    if (product.currency !== currency) {
      unavailable.push({ sku, reason: `Priced in ${product.currency}; this cart is in ${currency}.` });
      continue;
    }
    priced.push({
      sku,
      name: product.name,
      toolSlug: product.toolSlug,
      tier: product.tier,
      interval: product.interval,
      quantity,
      unitPriceCents: product.priceCents,
      lineTotalCents: product.priceCents * quantity,
      currency: product.currency,
    });
  }
  const totalCents = priced.reduce((sum, line) => sum + line.lineTotalCents, 0);
  return { lines: priced, unavailable, totalCents, currency: currency ?? 'USD' };
}

export const orderInputSchema = z.object({
  name: z.string({ message: 'Please enter your name.' }).trim().min(1, 'Please enter your name.').max(200, 'Name is too long (200 characters at most).'),
  email: z
    .string({ message: 'Please enter your email address.' })
    .trim()
    .min(1, 'Please enter your email address.')
    .max(254, 'Email address is too long.')
    .pipe(z.email({ message: 'Please enter a valid email address.' })),
  company: z.string({ message: 'Company must be text.' }).trim().max(200, 'Company is too long (200 characters at most).').optional(),
  lines: z
    .array(cartLineSchema, { message: 'Your cart is empty.' })
    .min(1, 'Your cart is empty.')
    .max(MAX_CART_LINES, `A cart holds at most ${MAX_CART_LINES} lines.`),
});

export type OrderInput = z.input<typeof orderInputSchema>;

export type PlaceOrderResult =
  | { ok: true; orderNumber: string; totalCents: number; currency: string }
  | { ok: false; errors: Record<string, string> };

/**
 * Records an order: validates the form, prices the lines from Products, upserts the Customer
 * (by lower-cased email) and inserts an Orders row with status "pending" and a new order number.
 */
export async function placeOrder(ports: Ports, input: unknown): Promise<PlaceOrderResult> {
  const parsed = orderInputSchema.safeParse(input);
  if (!parsed.success) return { ok: false, errors: fieldErrors(parsed.error) };
  const { name, email: rawEmail, lines } = parsed.data;
  const email = rawEmail.toLowerCase();
  const company = parsed.data.company || undefined;

  const cart = await priceCart(ports, lines);
  if (cart.unavailable.length > 0) {
    return {
      ok: false,
      errors: { lines: `No longer available: ${cart.unavailable.map((u) => u.sku).join(', ')}. Please update your cart.` },
    };
  }

  const member = await ports.members.getCurrentMember();
  const customer = await upsertCustomer(ports, { email, name, company, member });
  const now = ports.clock.now();
  const order = await insertWithOrderNumber(ports, now.getUTCFullYear(), {
    customerId: customer._id,
    memberId: member?.id,
    email,
    lines: cart.lines.map((l) => ({ sku: l.sku, name: l.name, quantity: l.quantity, unitPriceCents: l.unitPriceCents })),
    totalCents: cart.totalCents,
    currency: cart.currency,
    status: 'pending',
  });
  return { ok: true, orderNumber: String(order.orderNumber), totalCents: cart.totalCents, currency: cart.currency };
}

async function upsertCustomer(
  ports: Pick<Ports, 'data'>,
  who: { email: string; name: string; company?: string; member: CurrentMember | null },
): Promise<DataItem> {
  const findExisting = async () => (await ports.data.query('Customers').eq('email', who.email).limit(1).find()).items[0];
  const existing = await findExisting();
  if (existing) return ports.data.update('Customers', mergeCustomer(existing, who));
  try {
    return await ports.data.insert('Customers', {
      email: who.email,
      name: who.name,
      ...(who.company ? { company: who.company } : {}),
      ...(who.member ? { memberId: who.member.id } : {}),
    });
  } catch (error) {
    // Two checkouts with one email at the same moment: the unique index let one insert win.
    if (error instanceof DataError && error.code === 'DUPLICATE_KEY') {
      const winner = await findExisting();
      if (winner) return ports.data.update('Customers', mergeCustomer(winner, who));
    }
    throw error;
  }
}

function mergeCustomer(
  existing: DataItem,
  who: { name: string; company?: string; member: CurrentMember | null },
): NewItem & { _id: string } {
  // The latest checkout's name and company win; a member id, once linked, is kept.
  // System dates are the store's to set, so they are not sent back.
  const { _createdDate: _c, _updatedDate: _u, ...fields } = existing;
  return {
    ...fields,
    name: who.name,
    ...(who.company ? { company: who.company } : {}),
    ...(existing.memberId ? {} : who.member ? { memberId: who.member.id } : {}),
  };
}

/** Order numbers run per year: FIQ-2026-000001, FIQ-2026-000002, ... */
export function formatOrderNumber(year: number, sequence: number): string {
  return `FIQ-${year}-${String(sequence).padStart(6, '0')}`;
}

const ORDER_NUMBER_ATTEMPTS = 5;

async function insertWithOrderNumber(ports: Pick<Ports, 'data'>, year: number, order: Record<string, unknown>): Promise<DataItem> {
  const prefix = `FIQ-${year}-`;
  for (let attempt = 0; attempt < ORDER_NUMBER_ATTEMPTS; attempt++) {
    const { items } = await ports.data.query('Orders').startsWith('orderNumber', prefix).descending('orderNumber').limit(1).find();
    const last = items[0] ? Number(String(items[0].orderNumber).slice(prefix.length)) : 0;
    const orderNumber = formatOrderNumber(year, (Number.isFinite(last) ? last : 0) + 1);
    try {
      return await ports.data.insert('Orders', { ...stripUndefined(order), orderNumber });
    } catch (error) {
      // Another order took this number in the meantime: the unique index refused ours; try the next.
      if (error instanceof DataError && error.code === 'DUPLICATE_KEY') continue;
      throw error;
    }
  }
  throw new Error(`Could not allocate an order number after ${ORDER_NUMBER_ATTEMPTS} attempts`);
}

function stripUndefined(record: Record<string, unknown>): Record<string, unknown> {
  return Object.fromEntries(Object.entries(record).filter(([, v]) => v !== undefined));
}

function fieldErrors(error: z.ZodError): Record<string, string> {
  const errors: Record<string, string> = {};
  for (const issue of error.issues) {
    const field = typeof issue.path[0] === 'string' ? issue.path[0] : 'form';
    // Problems inside a cart line are reported on the cart as a whole.
    const message = field === 'lines' && issue.path.length > 1 ? `Cart line ${String(issue.path[1])}: ${issue.message}` : issue.message;
    errors[field] ??= message;
  }
  return errors;
}

// --- account --------------------------------------------------------------------------------

export type AccountOrder = {
  _id: string;
  orderNumber: string;
  createdDate: string | null;
  status: string;
  totalCents: number;
  currency: string;
  lines: Array<{ sku: string; name: string; quantity: number; unitPriceCents: number }>;
};

export type AccountSubscription = {
  _id: string;
  sku: string;
  toolSlug: string;
  tier: string;
  status: string;
  currentPeriodEnd: string | null;
};

export type Account = {
  member: { id: string; loginEmail: string; nickname: string; role: string };
  orders: AccountOrder[];
  subscriptions: AccountSubscription[];
};

/** The signed-in member with their orders (newest first) and subscriptions; null for a visitor. */
export async function getAccount(ports: Ports): Promise<Account | null> {
  const member = await ports.members.getCurrentMember();
  if (!member) return null;
  const [orders, subscriptions] = await Promise.all([
    findAll(ports.data.query('Orders').eq('memberId', member.id).descending('orderNumber')),
    findAll(ports.data.query('Subscriptions').eq('memberId', member.id).ascending('toolSlug')),
  ]);
  return {
    member: { id: member.id, loginEmail: member.loginEmail, nickname: member.nickname, role: member.role },
    orders: orders.map((o) => ({
      _id: o._id,
      orderNumber: String(o.orderNumber ?? ''),
      createdDate: isoOf(o._createdDate),
      status: String(o.status ?? ''),
      totalCents: typeof o.totalCents === 'number' ? o.totalCents : 0,
      currency: String(o.currency ?? 'USD'),
      lines: Array.isArray(o.lines) ? (o.lines as AccountOrder['lines']) : [],
    })),
    subscriptions: subscriptions.map((s) => ({
      _id: s._id,
      sku: String(s.sku ?? ''),
      toolSlug: String(s.toolSlug ?? ''),
      tier: String(s.tier ?? ''),
      status: String(s.status ?? ''),
      currentPeriodEnd: isoOf(s.currentPeriodEnd),
    })),
  };
}

function isoOf(value: unknown): string | null {
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'string' && !Number.isNaN(Date.parse(value))) return new Date(value).toISOString();
  return null;
}
