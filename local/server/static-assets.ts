import { createReadStream } from 'node:fs';
import { stat } from 'node:fs/promises';
import path from 'node:path';
import type { FastifyInstance } from 'fastify';
import { sendError } from './errors';

/**
 * The preview's static files (styles, images, fonts) under a URL prefix. A few lines of our own
 * rather than @fastify/static, whose ESM-only dependencies the jest runtime cannot load.
 */
const TYPES: Record<string, string> = {
  '.css': 'text/css; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.woff2': 'font/woff2',
  '.woff': 'font/woff',
  '.mp3': 'audio/mpeg',
  '.txt': 'text/plain; charset=utf-8',
};

export async function staticAssets(app: FastifyInstance, options: { prefix: string; root: string }): Promise<void> {
  const root = path.resolve(options.root);
  app.get<{ Params: { '*': string } }>(`${options.prefix}*`, async (request, reply) => {
    const relative = request.params['*'];
    const file = path.resolve(root, relative);
    const type = TYPES[path.extname(file).toLowerCase()];
    const inside = file.startsWith(root + path.sep);
    const info = inside && type ? await stat(file).catch(() => undefined) : undefined;
    if (!info?.isFile()) return sendError(reply, 404, 'NOT_FOUND', `There is no asset ${options.prefix}${relative}`);
    reply.header('content-length', info.size).header('cache-control', 'no-cache').type(type!);
    return reply.send(createReadStream(file));
  });
}
