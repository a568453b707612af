import { createOfflineAiPort } from '../../src/backend/adapters/offline-ai';
import { createTargetHttpPort } from '../../src/backend/adapters/target-http';
import { COLLECTIONS } from '../../src/backend/collections';
import type { AiPort, CurrentMember, Ports } from '../../src/backend/ports';
import { createSqliteDataPort, type SqliteDataPort } from '../../local/adapters/sqlite-data';

/** A clock tests move by hand. */
export class ManualClock {
  constructor(private current = new Date('2026-01-15T10:00:00.000Z')) {}
  now(): Date {
    return new Date(this.current);
  }
  advance(ms: number): void {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface TestPorts extends Ports {
  data: SqliteDataPort;
  clock: ManualClock;
  /** Who the members port says is calling; null = visitor. */
  signIn(member: CurrentMember | null): void;
}

export interface TestPortsOptions {
  /** The AI engine (default: the offline engine; the OpenAI tests pass one aimed at a local fake server). */
  ai?: AiPort;
  /** Whether the API Testing Suite may call loopback/private targets (default true: test servers run on 127.0.0.1). */
  allowPrivateTargets?: boolean;
}

/** Real ports for service tests: an in-memory SQLite store with every collection, a manual clock, the offline AI engine. */
export function createTestPorts(options: TestPortsOptions = {}): TestPorts {
  const clock = new ManualClock();
  let member: CurrentMember | null = null;
  const data = createSqliteDataPort({ file: ':memory:', collections: COLLECTIONS, clock });
  return {
    data,
    clock,
    members: { getCurrentMember: async () => member },
    ai: options.ai ?? createOfflineAiPort(),
    targetHttp: createTargetHttpPort({ allowPrivate: options.allowPrivateTargets ?? true }),
    signIn: (m) => {
      member = m;
    },
  };
}
