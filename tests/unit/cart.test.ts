import {
  CART_KEY,
  MAX_QUANTITY,
  addToCart,
  cartCount,
  clearCart,
  normalizeCart,
  readCart,
  removeFromCart,
  setQuantity,
  writeCart,
  type CartStore,
} from '../../src/public/cart';

function memoryStore(initial: Record<string, string> = {}): CartStore & { data: Map<string, string> } {
  const data = new Map(Object.entries(initial));
  return {
    data,
    getItem: (key) => data.get(key) ?? null,
    setItem: (key, value) => void data.set(key, value),
    removeItem: (key) => void data.delete(key),
  };
}

describe('cart storage', () => {
  it('starts empty and stores lines as JSON under fhiriq.cart', () => {
    const store = memoryStore();
    expect(readCart(store)).toEqual([]);
    addToCart('scanner-pro-monthly', 1, store);
    expect(JSON.parse(store.data.get(CART_KEY)!)).toEqual([{ sku: 'scanner-pro-monthly', quantity: 1 }]);
  });

  it('adds to an existing line instead of duplicating it', () => {
    const store = memoryStore();
    addToCart('scanner-pro-monthly', 1, store);
    addToCart('tester-pro-monthly', 1, store);
    expect(addToCart('scanner-pro-monthly', 2, store)).toEqual([
      { sku: 'scanner-pro-monthly', quantity: 3 },
      { sku: 'tester-pro-monthly', quantity: 1 },
    ]);
    expect(cartCount(readCart(store))).toBe(4);
  });

  it('sets quantities in place, and removes a line set to zero', () => {
    const store = memoryStore();
    addToCart('a-plan', 1, store);
    addToCart('b-plan', 1, store);
    addToCart('c-plan', 1, store);
    expect(setQuantity('b-plan', 5, store).map((l) => `${l.sku}:${l.quantity}`)).toEqual(['a-plan:1', 'b-plan:5', 'c-plan:1']);
    expect(setQuantity('a-plan', 0, store).map((l) => l.sku)).toEqual(['b-plan', 'c-plan']);
    expect(removeFromCart('c-plan', store)).toEqual([{ sku: 'b-plan', quantity: 5 }]);
  });

  it('clears the key when the cart becomes empty', () => {
    const store = memoryStore();
    addToCart('a-plan', 1, store);
    removeFromCart('a-plan', store);
    expect(store.data.has(CART_KEY)).toBe(false);
    addToCart('a-plan', 1, store);
    clearCart(store);
    expect(readCart(store)).toEqual([]);
  });

  it('treats unreadable or tampered storage as an empty cart', () => {
    expect(readCart(memoryStore({ [CART_KEY]: '{not json' }))).toEqual([]);
    expect(readCart(memoryStore({ [CART_KEY]: '{"sku":"a"}' }))).toEqual([]);
    expect(
      readCart(
        memoryStore({
          [CART_KEY]: JSON.stringify([
            { sku: 'ok-plan', quantity: 2 },
            { sku: '<script>', quantity: 1 },
            { sku: 'neg-plan', quantity: -3 },
            { sku: 'str-plan', quantity: '2' },
            null,
            { sku: 'frac-plan', quantity: 1.7 },
            { sku: 'big-plan', quantity: 1e9 },
          ]),
        }),
      ),
    ).toEqual([
      { sku: 'ok-plan', quantity: 2 },
      { sku: 'frac-plan', quantity: 1 },
      { sku: 'big-plan', quantity: MAX_QUANTITY },
    ]);
  });

  it('normalizes what it writes', () => {
    const store = memoryStore();
    expect(writeCart([{ sku: 'x-plan', quantity: 1 }, { sku: 'x-plan', quantity: 2 }], store)).toEqual([{ sku: 'x-plan', quantity: 3 }]);
    expect(normalizeCart('nope')).toEqual([]);
  });
});
