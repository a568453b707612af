/**
 * The one cookie the local server uses (the identity). Parsed and written here: @fastify/cookie
 * loads its parser with a dynamic ESM import that the jest runtime cannot run, and one cookie
 * with values from a fixed set needs no more than this.
 */
export function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(';')) {
    const eq = part.indexOf('=');
    if (eq < 0 || part.slice(0, eq).trim() !== name) continue;
    const raw = part.slice(eq + 1).trim().replace(/^"(.*)"$/, '$1');
    try {
      return decodeURIComponent(raw);
    } catch {
      return undefined;
    }
  }
  return undefined;
}

/** A session cookie for the whole site, out of reach of page scripts, not sent on cross-site posts. */
export function sessionCookie(name: string, value: string): string {
  return `${name}=${encodeURIComponent(value)}; Path=/; HttpOnly; SameSite=Lax`;
}
