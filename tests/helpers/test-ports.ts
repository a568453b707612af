import { COLLECTIONS } from '../../src/backend/collections';
import type { CurrentMember, Ports } from '../../src/backend/ports';
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

/** Real ports for service tests: an in-memory SQLite store with every collection, a manual clock. */
export function createTestPorts(): TestPorts {
  const clock = new ManualClock();
  let member: CurrentMember | null = null;
  const data = createSqliteDataPort({ file: ':memory:', collections: COLLECTIONS, clock });
  return {
    data,
    clock,
    members: { getCurrentMember: async () => member },
    signIn: (m) => {
      member = m;
    },
  };
}
