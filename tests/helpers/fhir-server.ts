import { startReferenceServer } from '../../local/fhir-server/reference-server';
import type { FaultId } from '../../local/fhir-server/faults';

export type { FaultId } from '../../local/fhir-server/faults';
export { FAULTS, FAULT_IDS } from '../../local/fhir-server/faults';

export interface TestFhirServer {
  /** e.g. http://127.0.0.1:40123/fhir (no trailing slash). */
  baseUrl: string;
  close(): Promise<void>;
}

/**
 * The reference FHIR R4 server for the API Testing Suite's tests (in memory, empty at start), on
 * 127.0.0.1 and a free port unless `port` is given; with `fault`, one of its faulty variants.
 */
export async function startFhirServer(options: { fault?: FaultId; port?: number } = {}): Promise<TestFhirServer> {
  const server = await startReferenceServer({ fault: options.fault, port: options.port ?? 0, host: '127.0.0.1' });
  return { baseUrl: server.baseUrl, close: () => server.close() };
}
