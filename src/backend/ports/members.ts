/**
 * Who is calling. On Wix this is the site member of the current request (`@wix/members`);
 * locally it is the identity chosen at /_local/login.
 */
export type SiteRole = 'visitor' | 'member' | 'admin';

export interface CurrentMember {
  /** Wix member id. */
  id: string;
  loginEmail: string;
  nickname: string;
  role: Exclude<SiteRole, 'visitor'>;
}

export interface MembersPort {
  /** The signed-in member of this call, or null for an anonymous visitor. */
  getCurrentMember(): Promise<CurrentMember | null>;
}

export async function currentRole(members: MembersPort): Promise<SiteRole> {
  return (await members.getCurrentMember())?.role ?? 'visitor';
}
