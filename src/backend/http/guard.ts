import type { WixHttpFunctionRequest, WixHttpFunctionResponse } from 'wix-http-functions';
import { DataError } from '../ports/data';
import { jsonError } from './responses';

type Handler = (request: WixHttpFunctionRequest) => Promise<WixHttpFunctionResponse>;

/**
 * Wraps an http function so a fault becomes a JSON error rather than Velo's bare 500 page:
 * data validation failures are the caller's (400); everything else is ours (500/503) and is
 * logged with the function's name, without leaking internals to the client.
 */
export function guarded(name: string, handler: Handler): Handler {
  return async (request) => {
    try {
      return await handler(request);
    } catch (error) {
      if (error instanceof DataError) {
        if (error.code === 'VALIDATION' || error.code === 'ITEM_TOO_LARGE') {
          return jsonError(400, error.code, error.message);
        }
        if (error.code === 'STORE_UNAVAILABLE') {
          console.error(`[http ${name}]`, error);
          return jsonError(503, 'STORE_UNAVAILABLE', 'The data store is unavailable; try again shortly');
        }
      }
      console.error(`[http ${name}]`, error);
      return jsonError(500, 'INTERNAL', 'Something went wrong on our side; it has been logged');
    }
  };
}
