import { lookup } from 'node:dns/promises';
import type { TargetHttpPort } from '../ports/target-http';
import { checkAddress, checkTargetUrl, type TargetPolicy } from '../net/target-policy';
import { createGuardedHttpClient } from './guarded-http-client';

/** The target-http port over node:http(s), with the same policy for the pre-check and every request. */
export function createTargetHttpPort(policy: TargetPolicy, options: { maxResponseBytes?: number } = {}): TargetHttpPort {
  const request = createGuardedHttpClient({ policy, ...options });
  return {
    async check(url) {
      const refusal = checkTargetUrl(url, policy);
      if (refusal) return refusal;
      const host = new URL(url).hostname.replace(/^\[|\]$/g, '');
      let addresses: Array<{ address: string }>;
      try {
        addresses = await lookup(host, { all: true });
      } catch {
        return { code: 'TARGET_DNS', message: `The host name ${host} could not be resolved` };
      }
      for (const { address } of addresses) {
        const refused = checkAddress(address, policy);
        if (refused) return { ...refused, message: `${host} resolves to ${refused.message}` };
      }
      return undefined;
    },
    client: async (req) => {
      const res = await request(req);
      return { status: res.status, headers: res.headers, body: res.body, durationMs: res.durationMs };
    },
  };
}
