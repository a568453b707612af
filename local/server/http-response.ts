import type { FastifyReply } from 'fastify';

/**
 * Sends what an http function returned, as Velo does: objects and arrays as JSON, strings and
 * Buffers as they are. A value that is not a response is a fault of the function (thrown here,
 * answered as a generic 500 by the caller).
 */
export function sendVeloResponse(reply: FastifyReply, value: unknown): FastifyReply {
  if (typeof value !== 'object' || value === null) throw new TypeError('The http function returned no response object');
  const { status, headers, body } = value as { status?: unknown; headers?: unknown; body?: unknown };
  if (typeof status !== 'number' || !Number.isInteger(status) || status < 100 || status > 599) {
    throw new TypeError(`The http function returned an invalid status: ${String(status)}`);
  }
  const headerMap = new Map<string, string>();
  if (headers !== undefined && headers !== null) {
    if (typeof headers !== 'object') throw new TypeError('The http function returned invalid headers');
    for (const [name, v] of Object.entries(headers as Record<string, unknown>)) {
      if (v !== undefined && v !== null) headerMap.set(name.toLowerCase(), String(v));
    }
  }
  reply.code(status);
  for (const [name, v] of headerMap) reply.header(name, v);
  const contentType = headerMap.get('content-type');

  if (body === undefined || body === null) return reply.send();
  if (Buffer.isBuffer(body) || body instanceof Uint8Array) {
    if (!contentType) reply.type('application/octet-stream');
    return reply.send(Buffer.from(body));
  }
  if (typeof body === 'string') {
    if (!contentType) reply.type('text/plain; charset=utf-8');
    return reply.send(body);
  }
  // Serialise here (not in fastify) so a non-serialisable body is caught as the function's fault.
  const json = JSON.stringify(body);
  if (!contentType) reply.type('application/json; charset=utf-8');
  return reply.send(json);
}
