import type { FastifyRequest } from 'fastify';
import type { WixHttpFunctionRequest } from '../velo/wix-http-functions';

/** The request object an http function receives, built as Velo builds it. */
export function toVeloRequest(request: FastifyRequest, functionName: string, rest: string[], raw: Buffer): WixHttpFunctionRequest {
  const baseUrl = `${request.protocol}://${request.host}`;
  const text = raw.toString('utf8');
  return {
    path: rest,
    query: queryOf(request.url),
    headers: headersOf(request.headers),
    method: request.method,
    url: baseUrl + request.url,
    baseUrl,
    functionName,
    ip: request.ip,
    body: {
      text: async () => text,
      // Velo's json() rejects on malformed text; the edge helper turns that into a 400.
      json: async () => JSON.parse(text) as unknown,
    },
  };
}

/** The path after /_functions/: the function name and the remaining, decoded segments. */
export function splitFunctionPath(url: string): { name: string; rest: string[] } | undefined {
  const pathname = url.split('?')[0] ?? '';
  const segments = pathname.split('/').slice(2).filter((s) => s !== '');
  const decoded: string[] = [];
  for (const segment of segments) {
    try {
      decoded.push(decodeURIComponent(segment));
    } catch {
      return undefined;
    }
  }
  const [name, ...rest] = decoded;
  return name === undefined ? undefined : { name, rest };
}

function queryOf(url: string): Record<string, string> {
  const search = url.includes('?') ? url.slice(url.indexOf('?') + 1) : '';
  // First value wins for repeated keys; fromEntries makes own properties, so "__proto__" is inert.
  const seen = new Map<string, string>();
  for (const [key, value] of new URLSearchParams(search)) {
    if (!seen.has(key)) seen.set(key, value);
  }
  return Object.fromEntries(seen);
}

function headersOf(headers: FastifyRequest['headers']): Record<string, string> {
  const out = new Map<string, string>();
  for (const [key, value] of Object.entries(headers)) {
    if (value === undefined) continue;
    out.set(key.toLowerCase(), Array.isArray(value) ? value.join(', ') : value);
  }
  return Object.fromEntries(out);
}
