import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import { sendError } from './errors';
import { sessionCookie } from './cookies';
import { escapeHtml, htmlPage } from './html';
import { memberFor, ROLE_COOKIE, SITE_ROLES } from './identity';
import { requestRole } from './request-identity';
import { fromThisSite, safeNext } from './same-origin';

/** /_local/login: switch the local identity (visitor, member, admin) kept in the role cookie. */
const LoginBody = z.object({ role: z.enum(['visitor', 'member', 'admin']), next: z.string().optional() });

export async function loginRoutes(app: FastifyInstance): Promise<void> {
  app.get<{ Querystring: { next?: string } }>('/_local/login', async (request, reply) => {
    const role = requestRole(request);
    const next = safeNext(request.query.next);
    const member = memberFor(role);
    const who = member
      ? `${escapeHtml(member.nickname)} &lt;${escapeHtml(member.loginEmail)}&gt;, role <strong>${role}</strong>`
      : '<strong>visitor</strong> (not signed in)';
    const buttons = SITE_ROLES.map(
      (r) => `<form method="post" action="/_local/login">
  <input type="hidden" name="role" value="${r}"><input type="hidden" name="next" value="${escapeHtml(next)}">
  <button type="submit"${r === role ? ' class="current"' : ''}>${r === 'visitor' ? 'Visitor (sign out)' : `Sign in as ${r}`}</button>
</form>`,
    );
    const body = `<h1>Local identity</h1>
<p>You are: ${who}.</p>
<p class="muted">Web methods and http functions run as this identity; their Permissions are enforced for it.</p>
<div class="buttons">${buttons.join('\n')}</div>`;
    return reply.type('text/html; charset=utf-8').send(htmlPage('Local identity', body));
  });

  app.post<{ Querystring: { next?: string } }>('/_local/login', async (request, reply) => {
    if (!fromThisSite(request)) return sendError(reply, 403, 'FORBIDDEN', 'Identity changes must come from this site');
    const parsed = LoginBody.safeParse(request.body ?? {});
    if (!parsed.success) {
      return sendError(reply, 400, 'BAD_REQUEST', 'Send role=visitor|member|admin (a form field or JSON {"role": ...})');
    }
    reply.header('set-cookie', sessionCookie(ROLE_COOKIE, parsed.data.role));
    return reply.redirect(safeNext(request.query.next ?? parsed.data.next), 303);
  });

  app.get('/_local/whoami', async (request) => {
    const role = requestRole(request);
    return { role, member: memberFor(role) };
  });
}
