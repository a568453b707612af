import ipaddr from 'ipaddr.js';

/**
 * Which outbound targets the backend may call on a visitor's behalf (the API Testing Suite takes
 * any base URL from the web). A server-side request to a visitor's URL must not reach the site's
 * own network: loopback, private and link-local ranges, the cloud metadata address
 * (169.254.169.254, inside link-local; fd00:ec2::254, inside unique-local) and every other special
 * range. Only global unicast addresses pass, and only over http(s) on the scheme's default port
 * or a port above 1023 (well-known ports of other services are not FHIR servers).
 *
 * The check runs on addresses after DNS resolution (a hostname can resolve to 127.0.0.1), and
 * again on every redirect: see adapters/guarded-http-client.ts.
 */
export interface TargetPolicy {
  /** Development only: let loopback and private targets through (a FHIR server on this machine). */
  allowPrivate: boolean;
}

export type TargetRefusal = { code: 'TARGET_SCHEME' | 'TARGET_PORT' | 'TARGET_CREDENTIALS' | 'TARGET_ADDRESS' | 'TARGET_URL' | 'TARGET_DNS'; message: string };

/** The ranges a development setting may reach (never link-local: that is where cloud metadata lives). */
const PRIVATE_RANGES = new Set(['loopback', 'private', 'uniqueLocal', 'carrierGradeNat']);

/** Checks the parts of a URL that need no DNS: scheme, credentials, port, literal IP hosts. */
export function checkTargetUrl(raw: string, policy: TargetPolicy): TargetRefusal | undefined {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { code: 'TARGET_URL', message: `"${raw}" is not an absolute URL` };
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') {
    return { code: 'TARGET_SCHEME', message: `Only http and https targets are allowed, not ${url.protocol.replace(/:$/, '')}` };
  }
  if (url.username || url.password) {
    return { code: 'TARGET_CREDENTIALS', message: 'Put credentials in a header (e.g. Authorization), not in the URL' };
  }
  if (url.port !== '' && Number(url.port) < 1024 && !policy.allowPrivate) {
    return { code: 'TARGET_PORT', message: `Port ${url.port} is not allowed: use the scheme's default port or one above 1023` };
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  if (ipaddr.isValid(host)) return checkAddress(host, policy);
  if (!policy.allowPrivate && /(^|\.)localhost$/i.test(host)) {
    return { code: 'TARGET_ADDRESS', message: `${host} is this machine (loopback): not a target the site may call` };
  }
  return undefined;
}

/** Checks one resolved address. */
export function checkAddress(address: string, policy: TargetPolicy): TargetRefusal | undefined {
  let parsed: ipaddr.IPv4 | ipaddr.IPv6;
  try {
    // process() turns IPv4-mapped IPv6 (::ffff:127.0.0.1) into the IPv4 address it carries.
    parsed = ipaddr.process(address);
  } catch {
    return { code: 'TARGET_ADDRESS', message: `${address} is not an IP address` };
  }
  const range = parsed.range();
  if (range === 'unicast') return undefined;
  if (METADATA.has(parsed.toNormalizedString())) {
    return { code: 'TARGET_ADDRESS', message: `${address} is the cloud metadata address: not a target the site may call` };
  }
  if (policy.allowPrivate && PRIVATE_RANGES.has(range)) return undefined;
  return { code: 'TARGET_ADDRESS', message: `${address} is in a ${describeRange(range)} range: not a target the site may call` };
}

/** Cloud metadata services (AWS, GCP, Azure: 169.254.169.254; AWS IPv6): refused even in development. */
const METADATA = new Set([ipaddr.parse('169.254.169.254').toNormalizedString(), ipaddr.parse('fd00:ec2::254').toNormalizedString()]);

function describeRange(range: string): string {
  const names: Record<string, string> = {
    loopback: 'loopback',
    private: 'private',
    uniqueLocal: 'private (unique local)',
    linkLocal: 'link-local',
    carrierGradeNat: 'shared (carrier-grade NAT)',
    unspecified: 'unspecified',
    multicast: 'multicast',
    broadcast: 'broadcast',
    reserved: 'reserved',
  };
  return names[range] ?? `special-purpose (${range})`;
}
