import { lookup as dnsLookup, type LookupAddress, type LookupOptions } from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import type { LookupFunction } from 'node:net';
import { checkAddress, checkTargetUrl, type TargetPolicy, type TargetRefusal } from '../net/target-policy';

/**
 * An HTTP client for calls to URLs that visitors give (the API Testing Suite's target server),
 * which cannot be talked into reaching the site's own network:
 * - the URL's scheme, port and literal address are checked first (net/target-policy.ts);
 * - hostnames are checked after DNS resolution, inside the socket's own lookup, so the address
 *   checked is the address connected to (no window for a DNS answer to change in between);
 * - redirects are followed by hand (at most MAX_REDIRECTS), each hop checked the same way;
 * - every request has a deadline and a response size cap.
 */
export interface GuardedRequest {
  method: string;
  url: string;
  headers?: Record<string, string>;
  body?: string;
  timeoutMs: number;
}

export interface GuardedResponse {
  status: number;
  /** Lower-cased names; repeated headers joined with ", ". */
  headers: Record<string, string>;
  body: string;
  /** The URL that answered (after redirects). */
  url: string;
  durationMs: number;
}

export class TargetRefusedError extends Error {
  constructor(readonly refusal: TargetRefusal) {
    super(refusal.message);
    this.name = 'TargetRefusedError';
  }
  get code(): TargetRefusal['code'] {
    return this.refusal.code;
  }
}

export const MAX_REDIRECTS = 5;

export interface GuardedClientOptions {
  policy: TargetPolicy;
  /** Bigger responses fail the request (default 2 MB). */
  maxResponseBytes?: number;
  /** DNS resolution (tests give a fake resolver). */
  resolve?: typeof dnsLookup;
}

export function createGuardedHttpClient(options: GuardedClientOptions): (request: GuardedRequest) => Promise<GuardedResponse> {
  const maxBytes = options.maxResponseBytes ?? 2 * 1024 * 1024;
  const lookup = guardedLookup(options.policy, options.resolve ?? dnsLookup);

  return async (request) => {
    const started = Date.now();
    const deadline = started + request.timeoutMs;
    let current = { ...request, headers: { ...(request.headers ?? {}) } };
    for (let hop = 0; ; hop++) {
      const refusal = checkTargetUrl(current.url, options.policy);
      if (refusal) throw new TargetRefusedError(refusal);
      const answer = await send(current, lookup, maxBytes, deadline);
      const location = answer.headers.location;
      if (![301, 302, 303, 307, 308].includes(answer.status) || !location) {
        return { ...answer, url: current.url, durationMs: Date.now() - started };
      }
      if (hop >= MAX_REDIRECTS) throw new Error(`More than ${MAX_REDIRECTS} redirects, the last to ${location}`);
      const next = new URL(location, current.url).toString();
      // 303 (and 301/302 after a POST, as browsers do) continue as a GET without a body.
      const asGet = answer.status === 303 || ((answer.status === 301 || answer.status === 302) && current.method === 'POST');
      // Credentials stay with the origin they were given for.
      const crossOrigin = new URL(next).origin !== new URL(current.url).origin;
      const headers = Object.fromEntries(Object.entries(current.headers).filter(([name]) => !(crossOrigin && /^(authorization|cookie)$/i.test(name))));
      current = asGet ? { ...current, url: next, method: 'GET', body: undefined, headers } : { ...current, url: next, headers };
    }
  };
}

function send(request: GuardedRequest, lookup: LookupFunction, maxBytes: number, deadline: number): Promise<Omit<GuardedResponse, 'url' | 'durationMs'>> {
  return new Promise((resolve, reject) => {
    const url = new URL(request.url);
    const remaining = deadline - Date.now();
    if (remaining <= 0) {
      reject(new Error(`Timed out before sending ${request.method} ${request.url}`));
      return;
    }
    const transport = url.protocol === 'https:' ? https : http;
    const body = request.body === undefined ? undefined : Buffer.from(request.body, 'utf8');
    const req = transport.request(url, {
      method: request.method,
      headers: { ...request.headers, ...(body ? { 'content-length': String(body.length) } : {}) },
      lookup,
      agent: false,
    });
    const timer = setTimeout(() => req.destroy(new Error(`Timed out after ${request.timeoutMs} ms waiting for ${request.method} ${request.url}`)), remaining);
    timer.unref?.();
    let settled = false;
    const fail = (error: Error) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      reject(error.cause instanceof TargetRefusedError ? error.cause : error);
    };
    req.on('error', fail);
    req.on('response', (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) {
          fail(new Error(`The response is larger than ${maxBytes} bytes`));
          req.destroy();
          return;
        }
        chunks.push(chunk);
      });
      res.on('error', fail);
      res.on('end', () => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        const headers: Record<string, string> = {};
        for (const [name, value] of Object.entries(res.headers)) {
          if (value !== undefined) headers[name.toLowerCase()] = Array.isArray(value) ? value.join(', ') : value;
        }
        resolve({ status: res.statusCode ?? 0, headers, body: Buffer.concat(chunks).toString('utf8') });
      });
    });
    req.end(body);
  });
}

/** A socket lookup that resolves like dns.lookup and refuses when any address is not allowed. */
function guardedLookup(policy: TargetPolicy, resolve: typeof dnsLookup): LookupFunction {
  return (hostname, options, callback) => {
    resolve(hostname, { ...(options as LookupOptions), all: true }, (error, addresses) => {
      if (error) return callback(error, '', 0);
      const list = addresses as LookupAddress[];
      for (const { address } of list) {
        const refusal = checkAddress(address, policy);
        if (refusal) {
          const refused = new TargetRefusedError({ ...refusal, message: `${hostname} resolves to ${refusal.message}` });
          return callback(Object.assign(new Error(refused.message), { code: refusal.code, cause: refused }) as NodeJS.ErrnoException, '', 0);
        }
      }
      if ((options as LookupOptions).all) return (callback as unknown as (e: null, a: LookupAddress[]) => void)(null, list);
      const first = list[0];
      if (!first) return callback(Object.assign(new Error(`${hostname} has no address`), { code: 'ENOTFOUND' }), '', 0);
      return callback(null, first.address, first.family);
    });
  };
}
