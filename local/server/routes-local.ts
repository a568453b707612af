import type { FastifyInstance } from 'fastify';
import { htmlPage, LOCAL_CSS } from './html';

/** /_local: the index of the development-only helpers (they do not exist on Wix). */
export async function localIndexRoutes(app: FastifyInstance): Promise<void> {
  app.get('/_local', async (_request, reply) => {
    const body = `<h1>Local dev helpers</h1>
<p class="muted">Development only: none of this exists on the Wix site.</p>
<ul>
<li><a href="/_local/login">Identity</a>: be a visitor, a member or an admin</li>
<li><a href="/_local/collections">Collections</a>: browse the data in SQLite</li>
<li><a href="/_local/jobs">Jobs</a>: the scheduled jobs, and run one now</li>
<li><a href="/_local/whoami">whoami</a> (JSON)</li>
<li><a href="/_functions/health">/_functions/health</a></li>
</ul>`;
    return reply.type('text/html; charset=utf-8').send(htmlPage('Local dev helpers', body));
  });

  app.get('/_local/local.css', async (_request, reply) => reply.type('text/css; charset=utf-8').send(LOCAL_CSS));
}
