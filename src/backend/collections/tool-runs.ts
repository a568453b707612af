import { PERMISSIONS, type CollectionDef } from './types';

/** Work the tools do on the backend for visitors, kept between the short backend calls Wix allows. */

export const TestRuns: CollectionDef = {
  id: 'TestRuns',
  displayName: 'Test Runs',
  description:
    'API Testing Suite runs started on the site. A backend call ends after about 14 s, so a run advances in steps: ' +
    'each step loads the run state from here, runs tests until its time budget is spent and stores the state again.',
  permissions: PERMISSIONS.adminOnly,
  fields: [
    { key: 'baseUrl', displayName: 'Base URL', type: 'TEXT', required: true, description: 'The FHIR server under test.' },
    { key: 'status', displayName: 'Status', type: 'TEXT', required: true, description: '"running" (more steps to go), "done" or "failed" (the run itself broke, not a test).' },
    { key: 'options', displayName: 'Options', type: 'OBJECT', required: true, description: 'allowWrites, groups, resources as the visitor chose them (headers are never stored).' },
    { key: 'state', displayName: 'State', type: 'OBJECT', required: true, description: 'The runner state: cursor, what was learned from the server, results so far (bodies truncated).' },
    { key: 'summary', displayName: 'Summary', type: 'OBJECT', description: 'passed, failed, skipped and durationMs so far.' },
    { key: 'memberId', displayName: 'Member', type: 'TEXT', description: 'Who started it, when signed in.' },
    { key: 'ip', displayName: 'IP', type: 'TEXT', description: 'Client IP that started it (abuse tracing).' },
    { key: 'lockedUntil', displayName: 'Locked until', type: 'DATETIME', description: 'A step is running until then; another step waits (one step at a time per run).' },
    { key: 'error', displayName: 'Error', type: 'TEXT', description: 'Why the run failed, when status is "failed".' },
    { key: 'startedAt', displayName: 'Started', type: 'DATETIME', required: true, description: 'When the run was started.' },
    { key: 'updatedAt', displayName: 'Updated', type: 'DATETIME', required: true, description: 'When the last step ended.' },
    { key: 'finishedAt', displayName: 'Finished', type: 'DATETIME', description: 'When the run reached done or failed.' },
  ],
  indexes: [{ fields: [{ key: 'startedAt', order: 'DESC' }] }, { fields: [{ key: 'status' }] }],
};
