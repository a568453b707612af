import { Permissions, webMethod } from '@wix/web-methods';
import { ports } from './platform';
import { getAccount } from './services/shop';

/** The signed-in member's own account: profile, orders and subscriptions. */
export const getMyAccount = webMethod(Permissions.SiteMember, async () => {
  const account = await getAccount(ports());
  // SiteMember permission already keeps visitors out; this guards a misconfigured members port.
  if (!account) throw Object.assign(new Error('Please sign in to see your account.'), { code: 'FORBIDDEN' });
  return account;
});
