import type { IRateLimiterStoreOptions } from 'rate-limiter-flexible';
import { RateLimiterRes } from 'rate-limiter-flexible';
import RateLimiterStoreAbstract from 'rate-limiter-flexible/lib/RateLimiterStoreAbstract';
import type { Clock } from '../ports/clock';
import { DataError, type DataItem, type DataPort } from '../ports/data';

/**
 * A rate-limiter-flexible store over our data port (the RateLimits collection), so every backend
 * instance on Wix counts against the same numbers, and the local runtime and tests use SQLite the
 * same way. It lives beside the services, not in adapters/, because it speaks only the data port
 * (no client library): the Wix and SQLite data adapters under it are the adapters.
 *
 * The library ships the abstract class without exporting it from its index at run time (only its
 * types), hence the import of its file (typed in src/types/rate-limiter-flexible.d.ts).
 *
 * Windows are fixed: the first point of a window sets `expiresAt`, later points add to the count
 * without moving it. The data port has no atomic increment, so two requests of one client that
 * land at the same moment can both read the same count (the limit is then off by one for that
 * window); acceptable for abuse protection, and the first write of a window is an insert, so two
 * new windows cannot both start.
 *
 * Keys hold ":" (and IPv6 addresses more of them); Wix documents no character set for custom item
 * ids, so a row's _id spells every character outside [A-Za-z0-9_.-] as "~" and its code point in
 * hex (two digits, or "~u" and six): "chat:ip:::1" is stored as "chat~3aip~3a~3a~3a1". The encoding is
 * one-to-one, and the key stays readable in the CMS.
 */
export const RATE_LIMITS_COLLECTION = 'RateLimits';

/** The RateLimits _id of a limiter key. */
export function rowId(rlKey: string): string {
  return rlKey.replace(/[^A-Za-z0-9_.-]/gu, (ch) => {
    const code = ch.codePointAt(0) ?? 0;
    return code <= 0xff ? `~${code.toString(16).padStart(2, '0')}` : `~u${code.toString(16).padStart(6, '0')}`;
  });
}

interface RateLimitRow extends DataItem {
  points: number;
  expiresAt?: Date | null;
  updatedAt: Date;
}

/** What the store hands the library: the count and when the window ends (ms since epoch; null = never). */
interface StoreResult {
  points: number;
  expire: number | null;
}

export interface DataRateLimiterOptions extends Omit<IRateLimiterStoreOptions, 'storeClient'> {
  data: DataPort;
  clock: Clock;
}

export class DataRateLimiter extends RateLimiterStoreAbstract {
  private readonly data: DataPort;
  private readonly clock: Clock;

  constructor(options: DataRateLimiterOptions) {
    const { data, clock, ...rest } = options;
    super({ ...rest, storeClient: data });
    this.data = data;
    this.clock = clock;
  }

  /** Called by the library after every change: the result it judges the request by. */
  _getRateLimiterRes(_rlKey: string, changedPoints: number, result: StoreResult): RateLimiterRes {
    const msBeforeNext = result.expire === null ? -1 : Math.max(result.expire - this.clock.now().getTime(), 0);
    return new RateLimiterRes(Math.max(this.points - result.points, 0), msBeforeNext, result.points, result.points === changedPoints);
  }

  /** Adds `points` to the key's window (or starts a window); `forceExpire` sets the count and window outright (block, set). */
  async _upsert(rlKey: string, points: number, msDuration: number, forceExpire = false): Promise<StoreResult> {
    try {
      return await this.upsert(rlKey, points, msDuration, forceExpire);
    } catch (error) {
      // The library then asks the insurance limiter (if any); the log says why counts went local.
      console.warn(`[rate-limit] the RateLimits store failed for ${rlKey}: ${(error as Error)?.message ?? error}`);
      throw error;
    }
  }

  private async upsert(rlKey: string, points: number, msDuration: number, forceExpire: boolean): Promise<StoreResult> {
    const now = this.clock.now().getTime();
    const fresh: StoreResult = { points, expire: msDuration > 0 ? now + msDuration : null };
    if (forceExpire) return this.write(rlKey, fresh, 'save');
    const current = await this._get(rlKey);
    if (current === null) {
      try {
        return await this.write(rlKey, fresh, 'insert');
      } catch (error) {
        // Another request started the window first: count on top of it.
        if (!(error instanceof DataError && error.code === 'DUPLICATE_ID')) throw error;
        const raced = await this._get(rlKey);
        return this.write(rlKey, raced ? { points: raced.points + points, expire: raced.expire } : fresh, 'save');
      }
    }
    return this.write(rlKey, { points: current.points + points, expire: current.expire }, 'save');
  }

  /** The key's live window, or null when there is none (never set, or its window has ended). */
  async _get(rlKey: string): Promise<StoreResult | null> {
    const row = await this.data.get<RateLimitRow>(RATE_LIMITS_COLLECTION, rowId(rlKey));
    if (!row) return null;
    const expire = row.expiresAt ? new Date(row.expiresAt).getTime() : null;
    if (expire !== null && expire <= this.clock.now().getTime()) return null;
    return { points: row.points, expire };
  }

  async _delete(rlKey: string): Promise<boolean> {
    return (await this.data.remove(RATE_LIMITS_COLLECTION, rowId(rlKey))) !== null;
  }

  private async write(rlKey: string, result: StoreResult, how: 'insert' | 'save'): Promise<StoreResult> {
    const row = {
      _id: rowId(rlKey),
      points: result.points,
      expiresAt: result.expire === null ? null : new Date(result.expire),
      updatedAt: this.clock.now(),
    };
    if (how === 'insert') await this.data.insert(RATE_LIMITS_COLLECTION, row);
    else await this.data.save(RATE_LIMITS_COLLECTION, row);
    return result;
  }
}
