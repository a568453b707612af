/**
 * rate-limiter-flexible ships the base class for custom stores as lib/RateLimiterStoreAbstract.js
 * and types it in its index.d.ts, but its index.js does not export it at run time; this gives the
 * file its type (see services/rate-limit-store.ts).
 */
declare module 'rate-limiter-flexible/lib/RateLimiterStoreAbstract' {
  import { RateLimiterStoreAbstract } from 'rate-limiter-flexible';
  export = RateLimiterStoreAbstract;
}
