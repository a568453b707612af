import { mkdirSync } from 'node:fs';
import path from 'node:path';
import { createAiPortFromEnv } from '../src/backend/adapters/ai-from-env';
import { createTargetHttpPort } from '../src/backend/adapters/target-http';
import { COLLECTIONS } from '../src/backend/collections';
import { usePorts } from '../src/backend/platform';
import type { AiPort, Ports } from '../src/backend/ports';
import { systemClock } from '../src/backend/ports/clock';
import { withDataHooks } from './adapters/data-hooks';
import { createSqliteDataPort, type SqliteDataPort } from './adapters/sqlite-data';
import { startJobs, type JobsHandle } from './jobs/scheduler';
import { seedIfEmpty } from './seed';
import { backendFile, loadBackendModule } from './server/backend-modules';
import { createLocalMembersPort, currentLocalRole, memberFor } from './server/identity';
import { buildServer } from './server/server';

/**
 * The whole site on one port, on embedded defaults: Wix Data in SQLite (with the site's data
 * hooks), local members, the system clock, the AI engine of the environment (offline without an
 * OPENAI_API_KEY); seed content on first start; the scheduled jobs.
 */
export interface LocalSiteOptions {
  /** 0 = any free port. Default 8080. */
  port?: number;
  host?: string;
  /** Where the SQLite file lives. Default `.data` (relative to the working directory). */
  dataDir?: string;
  /** Load seed content into empty collections (default true). */
  seed?: boolean;
  /** Run the scheduled jobs of jobs.config (default true). */
  jobs?: boolean;
  /** No logs (tests). */
  quiet?: boolean;
  /** The backend folder (default src/backend); tests may point it at fixtures. */
  backendDir?: string;
  /** The AI engine (default: from the environment, OpenAI with OPENAI_API_KEY, else offline). */
  ai?: AiPort;
  /**
   * Let the API Testing Suite call loopback and private addresses (a FHIR server on this machine or
   * network). Default: FHIRIQ_ALLOW_PRIVATE_TARGETS, else true (development). Never on Wix.
   */
  allowPrivateTargets?: boolean;
}

/** The local ports: the data port can also be closed. */
export type LocalPorts = Ports & { data: SqliteDataPort };

export interface LocalSite {
  url: string;
  port: number;
  ports: LocalPorts;
  dataDir: string;
  jobs?: JobsHandle;
  close(): Promise<void>;
}

/** The repository root: this file is local/site.ts. */
export const REPO_ROOT = path.resolve(__dirname, '..');

export async function startLocalSite(options: LocalSiteOptions = {}): Promise<LocalSite> {
  const log = options.quiet ? () => undefined : (msg: string) => console.log(msg);
  const backendDir = path.resolve(REPO_ROOT, options.backendDir ?? 'src/backend');
  const dataDir = path.resolve(options.dataDir ?? '.data');
  mkdirSync(dataDir, { recursive: true });

  const members = createLocalMembersPort();
  const store = createSqliteDataPort({
    file: path.join(dataDir, 'fhiriq.sqlite'),
    collections: COLLECTIONS,
    owner: async () => (await members.getCurrentMember())?.id,
  });
  const hooksFile = backendFile(backendDir, 'data');
  const hooks = hooksFile ? loadBackendModule(hooksFile) : {};
  const hooked = withDataHooks(store, hooks, async () => {
    const role = currentLocalRole();
    return { userId: memberFor(role)?.id, userRole: role };
  });
  // Closable like the store under it, so tests can take the store away (health must notice).
  const data: SqliteDataPort = Object.assign(hooked, { close: () => store.close() });
  const ports: LocalPorts = {
    data,
    members,
    clock: systemClock,
    ai: options.ai ?? createAiPortFromEnv(process.env),
    targetHttp: createTargetHttpPort({ allowPrivate: options.allowPrivateTargets ?? envFlag(process.env.FHIRIQ_ALLOW_PRIVATE_TARGETS, true) }),
  };
  usePorts(ports);

  let jobs: JobsHandle | undefined;
  let app: Awaited<ReturnType<typeof buildServer>> | undefined;
  try {
    if (options.seed !== false) {
      const { seeded } = await seedIfEmpty(data);
      if (seeded.length > 0) log(`Seeded ${seeded.join(', ')}`);
    }
    app = await buildServer({ root: REPO_ROOT, backendDir, data: () => data, jobs: () => jobs, quiet: options.quiet ?? false });
    await app.listen({ port: options.port ?? 8080, host: options.host ?? '127.0.0.1' });
    if (options.jobs !== false) jobs = startJobs({ backendDir, log });
  } catch (err) {
    await app?.close();
    store.close();
    throw err;
  }

  const address = app.server.address();
  const port = typeof address === 'object' && address ? address.port : (options.port ?? 8080);
  const host = options.host ?? '127.0.0.1';
  const shownHost = host === '0.0.0.0' || host === '::' ? 'localhost' : host.includes(':') ? `[${host}]` : host;
  const server = app;
  let closed: Promise<void> | undefined;
  return {
    url: `http://${shownHost}:${port}`,
    port,
    ports,
    dataDir,
    jobs,
    close() {
      closed ??= (async () => {
        jobs?.stop();
        await server.close();
        store.close();
      })();
      return closed;
    },
  };
}

/** "1"/"true"/"yes" and "0"/"false"/"no" (any case); anything else gives the default. */
function envFlag(value: string | undefined, fallback: boolean): boolean {
  if (value === undefined) return fallback;
  if (/^(1|true|yes)$/i.test(value.trim())) return true;
  if (/^(0|false|no)$/i.test(value.trim())) return false;
  return fallback;
}
