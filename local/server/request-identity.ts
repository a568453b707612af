import type { FastifyRequest } from 'fastify';
import type { SiteRole } from '../../src/backend/ports/members';
import { readCookie } from './cookies';
import { parseRole, ROLE_COOKIE } from './identity';

/** The local identity a request carries (cookie set at /_local/login; default visitor). */
export function requestRole(request: FastifyRequest): SiteRole {
  return parseRole(readCookie(request.headers.cookie, ROLE_COOKIE));
}
