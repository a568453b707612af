import { local } from 'wix-storage-frontend';

/**
 * The visitor's cart, kept in the browser (wix-storage-frontend `local`, key `fhiriq.cart`) as
 * JSON `[{ sku, quantity }]`. Only SKUs and quantities live here: prices are always computed by
 * the backend (shop.web priceCart / placeOrder), so nothing a visitor edits here can change a price.
 * Every function takes the store as an optional argument so tests can pass an in-memory one.
 */

export const CART_KEY = 'fhiriq.cart';
export const MAX_QUANTITY = 100;
export const MAX_LINES = 50;

export interface CartLine {
  sku: string;
  quantity: number;
}

/** The part of wix-storage-frontend's storage the cart needs. */
export interface CartStore {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
}

const SKU_PATTERN = /^[a-z0-9][a-z0-9-]{0,79}$/;

/** Keeps only well-formed lines, merges duplicate SKUs and clamps quantities. */
export function normalizeCart(raw: unknown): CartLine[] {
  if (!Array.isArray(raw)) return [];
  const merged = new Map<string, number>();
  for (const entry of raw) {
    if (typeof entry !== 'object' || entry === null) continue;
    const { sku, quantity } = entry as { sku?: unknown; quantity?: unknown };
    if (typeof sku !== 'string' || !SKU_PATTERN.test(sku)) continue;
    if (typeof quantity !== 'number' || !Number.isFinite(quantity)) continue;
    const qty = Math.floor(quantity);
    if (qty < 1) continue;
    merged.set(sku, Math.min(MAX_QUANTITY, (merged.get(sku) ?? 0) + qty));
  }
  return [...merged].slice(0, MAX_LINES).map(([sku, quantity]) => ({ sku, quantity }));
}

/** The cart's lines; an unreadable or tampered value counts as an empty cart. */
export function readCart(store: CartStore = local): CartLine[] {
  const text = store.getItem(CART_KEY);
  if (!text) return [];
  try {
    return normalizeCart(JSON.parse(text));
  } catch {
    return [];
  }
}

export function writeCart(lines: readonly CartLine[], store: CartStore = local): CartLine[] {
  const clean = normalizeCart(lines);
  if (clean.length === 0) store.removeItem(CART_KEY);
  else store.setItem(CART_KEY, JSON.stringify(clean));
  return clean;
}

/** Adds `quantity` of a SKU (default 1) and returns the new cart. */
export function addToCart(sku: string, quantity = 1, store: CartStore = local): CartLine[] {
  return writeCart([...readCart(store), { sku, quantity }], store);
}

/** Sets a line's quantity; 0 or less removes the line. */
export function setQuantity(sku: string, quantity: number, store: CartStore = local): CartLine[] {
  const lines = readCart(store).filter((line) => line.sku !== sku);
  const qty = Math.floor(quantity);
  if (Number.isFinite(qty) && qty > 0) lines.push({ sku, quantity: qty });
  // Keep the line's place in the cart when it stays.
  const order = readCart(store).map((line) => line.sku);
  lines.sort((a, b) => indexOr(order, a.sku) - indexOr(order, b.sku));
  return writeCart(lines, store);
}

export function removeFromCart(sku: string, store: CartStore = local): CartLine[] {
  return writeCart(readCart(store).filter((line) => line.sku !== sku), store);
}

export function clearCart(store: CartStore = local): void {
  store.removeItem(CART_KEY);
}

/** Number of items (sum of quantities), for the header badge. */
export function cartCount(lines: readonly CartLine[]): number {
  return lines.reduce((sum, line) => sum + line.quantity, 0);
}

function indexOr(order: string[], sku: string): number {
  const i = order.indexOf(sku);
  return i === -1 ? order.length : i;
}

/** Shows the number of items on the header's cart badge (#cartCount, in the master page). */
export function renderCartBadge(select: $w.Selector, lines: readonly CartLine[]): void {
  const badge = select('#cartCount');
  const count = cartCount(lines);
  badge.text = String(count);
  void (count > 0 ? badge.show() : badge.hide());
}
