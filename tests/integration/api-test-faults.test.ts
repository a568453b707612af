import { createFetchClient, runSuite, type RunState } from 'public/fhir/api-test';
import { FAULT_IDS, FAULTS, startFhirServer, type FaultId } from '../helpers/fhir-server';

const client = createFetchClient({ timeoutMs: 10_000 });

/** The failed tests whose message holds every key word of the fault (case-insensitive). */
function catching(state: RunState, keywords: string[]) {
  return state.results.filter((r) => r.status === 'failed' && keywords.every((k) => r.message.toLowerCase().includes(k.toLowerCase())));
}

describe('the suite against the faulty variants of the reference server', () => {
  it('has at least ten variants to run against', () => {
    expect(FAULT_IDS.length).toBeGreaterThanOrEqual(10);
  });

  it.each(FAULT_IDS.map((id) => [id] as [FaultId]))('catches %s with a failure that names the rule', async (fault) => {
    const server = await startFhirServer({ fault });
    try {
      const state = await runSuite({ baseUrl: server.baseUrl, allowWrites: true, resources: ['Patient', 'Observation'] }, client);
      const info = FAULTS[fault];
      const caught = catching(state, info.keywords);
      const failed = state.results.filter((r) => r.status === 'failed').map((r) => `${r.id}: ${r.message}`);
      expect({ fault, caught: caught.length > 0, failed }).toMatchObject({ fault, caught: true });
      // The failure carries the evidence: the request and the response.
      expect(caught.some((r) => r.request !== null && r.response !== null)).toBe(true);
      // And the run still cleaned up after itself.
      expect(state.teardown.filter((t) => t.result !== 'pass')).toEqual([]);
    } finally {
      await server.close();
    }
  });
});
