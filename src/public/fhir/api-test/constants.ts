import type { GroupId } from './types';

/**
 * The suite's constants that user interfaces need, in a module with no other dependency: the
 * page's element imports this without pulling in the test definitions.
 */

/** The test groups in run order, with their titles (writes: the group needs allowWrites). */
export const GROUPS: ReadonlyArray<{ id: GroupId; title: string; needsWrites?: boolean }> = [
  { id: 'capability', title: 'Capability statement' },
  { id: 'read', title: 'Read and vread' },
  { id: 'write', title: 'Create, update and delete', needsWrites: true },
  { id: 'search', title: 'Search' },
  { id: 'client-search', title: 'Searching the way clients search' },
  { id: 'history', title: 'History' },
  { id: 'format', title: 'Content negotiation and errors' },
];

/** The meta.tag system of every resource the suite writes (the code is the run id). */
export const TAG_SYSTEM = 'https://fhiriq.com/api-test';
