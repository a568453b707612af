import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startLocalSite, type LocalPorts, type LocalSiteOptions } from '../../local/site';

/**
 * The local site for integration tests: a free port, a fresh data directory, no scheduler, no
 * logs. `close()` stops it and (unless `keepData`) removes the data directory.
 */
export interface TestSite {
  url: string;
  ports: LocalPorts;
  dataDir: string;
  close(options?: { keepData?: boolean }): Promise<void>;
}

export async function startTestSite(options: Omit<LocalSiteOptions, 'port' | 'host'> = {}): Promise<TestSite> {
  const dataDir = options.dataDir ?? mkdtempSync(path.join(os.tmpdir(), 'fhiriq-test-'));
  const site = await startLocalSite({ jobs: false, quiet: true, ...options, dataDir, port: 0, host: '127.0.0.1' });
  return {
    url: site.url,
    ports: site.ports,
    dataDir,
    async close({ keepData = false } = {}) {
      await site.close();
      if (!keepData) rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

export interface JsonResponse<T = any> {
  status: number;
  headers: Headers;
  body: T;
  text: string;
}

/** fetch() that parses a JSON answer (body stays undefined when the answer is not JSON). */
export async function fetchJson<T = any>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<JsonResponse<T>> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(url, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  const text = await response.text();
  let body: T = undefined as T;
  try {
    body = JSON.parse(text) as T;
  } catch {
    // not JSON: callers look at text
  }
  return { status: response.status, headers: response.headers, body, text };
}

/** A Cookie header value for a local identity (what /_local/login sets). */
export function roleCookie(role: 'visitor' | 'member' | 'admin'): string {
  return `fhiriq_role=${role}`;
}
