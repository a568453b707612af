import type { FastifyInstance } from 'fastify';
import { sendError } from './errors';
import { escapeHtml, htmlPage } from './html';
import { fromThisSite } from './same-origin';

/** What the local scheduler (local/jobs/scheduler.ts) offers the server. */
export interface JobsControl {
  list(): ReadonlyArray<{ name: string }>;
  runNow(name: string): Promise<unknown>;
}

/** /_local/jobs: the scheduled jobs of jobs.config, and a button to run one now. */
export async function jobRoutes(app: FastifyInstance, options: { jobs: () => JobsControl | undefined }): Promise<void> {
  app.get<{ Querystring: { ran?: string; failed?: string } }>('/_local/jobs', async (request, reply) => {
    const jobs = options.jobs();
    const { ran, failed } = request.query;
    const notice = ran
      ? `<p class="notice">Ran ${escapeHtml(ran)}.</p>`
      : failed
        ? `<p class="notice error">${escapeHtml(failed)} failed; see the server log.</p>`
        : '';
    if (!jobs) {
      return reply.type('text/html; charset=utf-8').send(htmlPage('Jobs', '<h1>Scheduled jobs</h1><p>The scheduler is off in this run (jobs: false).</p>'));
    }
    const list = jobs.list().map((j) => ({ ...j }) as { name: string } & Record<string, unknown>);
    const keys = [...new Set(list.flatMap((j) => Object.keys(j)))].filter((k) => k !== 'name');
    const rows = list.map(
      (job) => `<tr><td><strong>${escapeHtml(job.name)}</strong></td>${keys.map((k) => `<td>${escapeHtml(show(job[k]))}</td>`).join('')}
<td><form method="post" action="/_local/jobs/${encodeURIComponent(job.name)}/run"><button type="submit">Run now</button></form></td></tr>`,
    );
    const body = `<h1>Scheduled jobs</h1>${notice}
<table><thead><tr><th>Job</th>${keys.map((k) => `<th>${escapeHtml(k)}</th>`).join('')}<th></th></tr></thead>
<tbody>${rows.join('\n') || '<tr><td>No jobs in jobs.config.</td></tr>'}</tbody></table>`;
    return reply.type('text/html; charset=utf-8').send(htmlPage('Jobs', body));
  });

  app.post<{ Params: { name: string } }>('/_local/jobs/:name/run', async (request, reply) => {
    if (!fromThisSite(request)) return sendError(reply, 403, 'FORBIDDEN', 'Jobs may only be started from this site');
    const jobs = options.jobs();
    if (!jobs) return sendError(reply, 409, 'JOBS_OFF', 'The scheduler is off in this run');
    const { name } = request.params;
    if (!jobs.list().some((j) => j.name === name)) return sendError(reply, 404, 'NOT_FOUND', `There is no job named ${name}`);
    const wantsHtml = (request.headers.accept ?? '').includes('text/html');
    try {
      const result = await jobs.runNow(name);
      if (wantsHtml) return reply.redirect(`/_local/jobs?ran=${encodeURIComponent(name)}`, 303);
      return { ok: true, job: name, result: result ?? null };
    } catch (err) {
      request.log.error({ err, job: name }, 'job failed');
      if (wantsHtml) return reply.redirect(`/_local/jobs?failed=${encodeURIComponent(name)}`, 303);
      return sendError(reply, 500, 'JOB_FAILED', `The job ${name} failed; see the server log`);
    }
  });
}

function show(value: unknown): string {
  if (value === undefined || value === null) return '';
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}
