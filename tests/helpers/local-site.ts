import http from 'node:http';
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

/** The parsed JSON of an answer, or undefined when it is not JSON (callers then look at the text). */
function jsonOrUndefined<T>(text: string): T {
  try {
    return JSON.parse(text) as T;
  } catch {
    return undefined as T;
  }
}

/** fetch() that parses a JSON answer (body stays undefined when the answer is not JSON). */
export async function fetchJson<T = any>(url: string, init: RequestInit & { json?: unknown } = {}): Promise<JsonResponse<T>> {
  const { json, ...rest } = init;
  const headers = new Headers(rest.headers);
  if (json !== undefined) headers.set('content-type', 'application/json');
  const response = await fetch(url, { ...rest, headers, body: json !== undefined ? JSON.stringify(json) : rest.body });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: jsonOrUndefined<T>(text), text };
}

/**
 * fetchJson from another loopback address (all of 127.0.0.0/8 is this machine), so the site sees
 * another client IP: how tests exercise per-IP limits. fetch() cannot choose its local address.
 */
export function fetchJsonFrom<T = any>(localAddress: string, url: string, init: { method?: string; json?: unknown; cookie?: string } = {}): Promise<JsonResponse<T>> {
  const target = new URL(url);
  const payload = init.json === undefined ? undefined : JSON.stringify(init.json);
  const headers: Record<string, string | number> = {};
  if (payload !== undefined) Object.assign(headers, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload) });
  if (init.cookie) headers.cookie = init.cookie;
  return new Promise((resolve, reject) => {
    const request = http.request(
      { host: target.hostname, port: target.port, path: `${target.pathname}${target.search}`, method: init.method ?? 'GET', localAddress, headers },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (text += chunk));
        response.on('end', () => {
          const answerHeaders = new Headers();
          for (const [name, value] of Object.entries(response.headers)) {
            if (value !== undefined) answerHeaders.set(name, Array.isArray(value) ? value.join(', ') : value);
          }
          resolve({ status: response.statusCode ?? 0, headers: answerHeaders, body: jsonOrUndefined<T>(text), text });
        });
      },
    );
    request.on('error', reject);
    request.end(payload);
  });
}

/** A Cookie header value for a local identity (what /_local/login sets). */
export function roleCookie(role: 'visitor' | 'member' | 'admin'): string {
  return `fhiriq_role=${role}`;
}
