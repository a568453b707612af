import type { CurrentMember, MembersPort } from '../ports/members';

/**
 * Members on Wix: the member of the current request, from Velo's built-in `wix-members-backend`.
 * Imported on first use, because that module exists only on Wix (not on npm).
 * Site owners and contributors with admin rights carry an extra role named "Admin".
 */
export function createWixMembersPort(): MembersPort {
  return {
    async getCurrentMember(): Promise<CurrentMember | null> {
      const { currentMember } = await import('wix-members-backend');
      const member = await currentMember.getMember({ fieldsetType: 'FULL' });
      if (!member) return null;
      const roles = await currentMember.getRoles().catch(() => []);
      const isAdmin = roles.some((r) => (r.name ?? r.title).toLowerCase() === 'admin');
      return {
        id: member._id,
        loginEmail: member.loginEmail ?? '',
        nickname: member.profile?.nickname ?? '',
        role: isAdmin ? 'admin' : 'member',
      };
    },
  };
}
