import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { COLLECTIONS, findCollection, type CollectionDef } from '../../src/backend/collections';
import type { DataItem, DataPort } from '../../src/backend/ports';
import { sendError } from './errors';
import { escapeHtml, htmlPage } from './html';

/**
 * The local data browser: every collection as JSON (/_local/collections/<Name>) and as HTML
 * (/_local/collections, /_local/collections/<Name>/view). Newest items first.
 */
const Paging = z.object({
  limit: z.coerce.number().int().min(0).max(1000).default(50),
  skip: z.coerce.number().int().min(0).max(1_000_000_000).default(0),
});

const VIEW_PAGE = 50;

async function page(data: DataPort, collection: string, skip: number, limit: number) {
  const result = await data.query(collection).descending('_createdDate').skip(skip).limit(limit).find();
  return { items: result.items, totalCount: result.totalCount };
}

export async function collectionRoutes(app: FastifyInstance, options: { data: () => DataPort }): Promise<void> {
  app.get('/_local/collections', async (_request, reply) => {
    const rows = await Promise.all(
      COLLECTIONS.map(async (c) => {
        const count = await options.data().query(c.id).count();
        const id = escapeHtml(c.id);
        return `<tr><td><a href="/_local/collections/${id}/view">${escapeHtml(c.displayName)}</a></td><td><code>${id}</code></td>
<td>${count}</td><td><a href="/_local/collections/${id}">JSON</a></td><td class="muted">${escapeHtml(c.description)}</td></tr>`;
      }),
    );
    const body = `<h1>Collections</h1>
<table><thead><tr><th>Collection</th><th>Id</th><th>Items</th><th>API</th><th>What it holds</th></tr></thead>
<tbody>${rows.join('\n')}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(htmlPage('Collections', body));
  });

  app.get<{ Params: { name: string } }>('/_local/collections/:name', async (request, reply) => {
    const def = findCollection(request.params.name);
    if (!def) return sendError(reply, 404, 'NOT_FOUND', `There is no collection named ${request.params.name}`);
    const paging = Paging.safeParse(request.query);
    if (!paging.success) return sendError(reply, 400, 'BAD_REQUEST', 'limit must be an integer 0..1000 and skip an integer >= 0');
    return page(options.data(), def.id, paging.data.skip, paging.data.limit);
  });

  app.get<{ Params: { name: string } }>('/_local/collections/:name/view', async (request, reply) => {
    const def = findCollection(request.params.name);
    if (!def) return sendError(reply, 404, 'NOT_FOUND', `There is no collection named ${request.params.name}`);
    const paging = Paging.safeParse(request.query);
    if (!paging.success) return sendError(reply, 400, 'BAD_REQUEST', 'skip must be an integer >= 0');
    const { skip } = paging.data;
    const { items, totalCount } = await page(options.data(), def.id, skip, VIEW_PAGE);
    return reply.type('text/html; charset=utf-8').send(htmlPage(def.displayName, tableView(def, items, totalCount, skip)));
  });
}

function tableView(def: CollectionDef, items: DataItem[], totalCount: number, skip: number): string {
  const columns = ['_id', ...def.fields.map((f) => f.key), '_owner', '_createdDate', '_updatedDate'];
  const head = columns.map((c) => `<th>${escapeHtml(c)}</th>`).join('');
  const rows = items.map((item) => `<tr>${columns.map((c) => `<td>${escapeHtml(cell(item[c]))}</td>`).join('')}</tr>`);
  const id = escapeHtml(def.id);
  const prev = skip > 0 ? `<a href="/_local/collections/${id}/view?skip=${Math.max(0, skip - VIEW_PAGE)}">← Newer</a>` : '';
  const next = skip + items.length < totalCount ? `<a href="/_local/collections/${id}/view?skip=${skip + VIEW_PAGE}">Older →</a>` : '';
  const range = items.length ? `${skip + 1}–${skip + items.length} of ${totalCount}` : `none of ${totalCount}`;
  return `<h1>${escapeHtml(def.displayName)} <small class="muted">(${id})</small></h1>
<p class="muted">${escapeHtml(def.description)}</p>
<p>Items ${range}. <a href="/_local/collections">All collections</a> · <a href="/_local/collections/${id}?skip=${skip}&amp;limit=${VIEW_PAGE}">JSON</a></p>
<div class="pager">${prev}${next}</div>
<div class="table-wrap"><table><thead><tr>${head}</tr></thead><tbody>${rows.join('\n')}</tbody></table></div>`;
}

/** A cell's text: long values are cut so one big item does not swamp the page. */
function cell(value: unknown): string {
  if (value === undefined || value === null) return '';
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  return text.length > 300 ? `${text.slice(0, 300)}…` : text;
}
