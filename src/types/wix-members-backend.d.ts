/** Velo built-in (no npm package): the subset of `wix-members-backend` the members adapter uses. */
declare module 'wix-members-backend' {
  export const currentMember: {
    getMember(options?: { fieldsetType?: 'PUBLIC' | 'FULL' }): Promise<{
      _id: string;
      loginEmail?: string;
      profile?: { nickname?: string };
    } | undefined>;
    getRoles(): Promise<Array<{ _id?: string; title: string; name?: string }>>;
  };
}
