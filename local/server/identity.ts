import { AsyncLocalStorage } from 'node:async_hooks';
import type { CurrentMember, MembersPort, SiteRole } from '../../src/backend/ports/members';

/**
 * The local identity: who the browser says it is (cookie `fhiriq_role`, switched at /_local/login).
 * Each request's backend code runs inside `runAs`, so the members port answers for that request
 * even when several requests interleave, as Wix's per-request member context does.
 */
export const ROLE_COOKIE = 'fhiriq_role';
export const SITE_ROLES: readonly SiteRole[] = ['visitor', 'member', 'admin'];

export const LOCAL_MEMBERS: Readonly<Record<Exclude<SiteRole, 'visitor'>, CurrentMember>> = {
  member: { id: 'local-member', loginEmail: 'member@fhiriq.local', nickname: 'Local Member', role: 'member' },
  admin: { id: 'local-admin', loginEmail: 'admin@fhiriq.local', nickname: 'Local Admin', role: 'admin' },
};

const store = new AsyncLocalStorage<SiteRole>();

/** A cookie value as a role; anything unknown (or missing) is a visitor. */
export function parseRole(value: unknown): SiteRole {
  return typeof value === 'string' && (SITE_ROLES as readonly string[]).includes(value) ? (value as SiteRole) : 'visitor';
}

export function runAs<T>(role: SiteRole, fn: () => T): T {
  return store.run(role, fn);
}

/** The role of the code running now; outside any request (jobs, seeding) nobody is signed in. */
export function currentLocalRole(): SiteRole {
  return store.getStore() ?? 'visitor';
}

export function memberFor(role: SiteRole): CurrentMember | null {
  return role === 'visitor' ? null : { ...LOCAL_MEMBERS[role] };
}

export function createLocalMembersPort(): MembersPort {
  return {
    async getCurrentMember() {
      return memberFor(currentLocalRole());
    },
  };
}
