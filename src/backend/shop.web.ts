import { Permissions, webMethod } from '@wix/web-methods';
import { ports } from './platform';
import * as shop from './services/shop';
import { parseArgs } from './web-args';

/** The shop for page code: prices come from the backend only. */

export const priceCart = webMethod(Permissions.Anyone, async (lines: shop.CartLineInput[]) =>
  shop.priceCart(ports(), parseArgs('priceCart', shop.cartLinesSchema, lines)),
);

/**
 * Records an order. Form mistakes come back as `{ ok: false, errors: { field: message } }` (the
 * service validates, since those messages are part of the result); faults are thrown.
 */
export const placeOrder = webMethod(Permissions.Anyone, async (input: shop.OrderInput) => shop.placeOrder(ports(), input));
