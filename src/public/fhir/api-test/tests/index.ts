import type { GroupId } from '../types';
import { capabilityTests } from './capability';
import { clientSearchTests } from './client-search';
import type { TestDef } from './def';
import { formatTests } from './format';
import { historyTests } from './history';
import { readTests } from './read';
import { searchTests } from './search';
import { writeTests } from './write';

export type { TestDef } from './def';

/** Every test of the suite, in run order. */
export const ALL_TESTS: readonly TestDef[] = [...capabilityTests, ...readTests, ...writeTests, ...searchTests, ...clientSearchTests, ...historyTests, ...formatTests];

export { GROUPS } from '../constants';

const BY_ID = new Map(ALL_TESTS.map((t) => [t.id, t]));

export function testDef(id: string): TestDef | undefined {
  return BY_ID.get(id);
}

/** The catalog for documentation and UIs. */
export function listTests(): Array<{ id: string; group: GroupId; title: string; specRef: string; perType: boolean; perParameter: boolean; needsWrites: boolean }> {
  return ALL_TESTS.map((t) => ({
    id: t.id,
    group: t.group,
    title: t.title,
    specRef: t.specRef,
    perType: t.scope !== 'server',
    perParameter: t.scope === 'param',
    needsWrites: !!t.needsWrites,
  }));
}
