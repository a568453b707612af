import type { FastifyRequest } from 'fastify';

/**
 * The local helpers change state on POST (identity, jobs). A page on another site must not do
 * that through the visitor's browser, so a browser's Origin, when sent, must be this server.
 */
export function fromThisSite(request: FastifyRequest): boolean {
  const origin = request.headers.origin;
  if (origin === undefined) return true;
  return origin === `${request.protocol}://${request.host}`;
}

/** A redirect target from user input: only a path on this site ("/x", not "//evil" or "http:..."). */
export function safeNext(value: unknown): string {
  if (typeof value !== 'string' || !value.startsWith('/') || value.startsWith('//') || value.startsWith('/\\')) return '/';
  // eslint-disable-next-line no-control-regex
  if (/[\u0000-\u001f\u007f\\]/.test(value)) return '/';
  return value;
}
