import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { FhirRouter } from '@medplum/fhir-router';
import { loadMedplumDefinitions } from './definitions';
import type { ServerContext } from './exchange';
import { FAULT_BEHAVIOURS, isFaultId, type FaultId } from './faults';
import { createFhirHandler } from './http-layer';
import { ReferenceRepository } from './repository';

export interface ReferenceServerOptions {
  /** A faulty variant (faults.ts); none: the correct reference server. */
  fault?: FaultId;
  /** 0 (default): a free port. */
  port?: number;
  /** Default 127.0.0.1. */
  host?: string;
  /** Default /fhir. */
  basePath?: string;
}

export interface RunningFhirServer {
  /** e.g. http://127.0.0.1:40123/fhir */
  baseUrl: string;
  port: number;
  fault?: FaultId;
  close(): Promise<void>;
}

/**
 * Starts the reference FHIR R4 server (in memory, empty): Medplum's FhirRouter and memory
 * repository behind the HTTP layer of http-layer.ts, or one of its faulty variants.
 */
export async function startReferenceServer(options: ReferenceServerOptions = {}): Promise<RunningFhirServer> {
  if (options.fault !== undefined && !isFaultId(options.fault)) throw new Error(`Unknown fault "${String(options.fault)}"`);
  loadMedplumDefinitions();
  const fault = options.fault ? FAULT_BEHAVIOURS[options.fault] : undefined;
  const host = options.host ?? '127.0.0.1';
  const basePath = `/${(options.basePath ?? '/fhir').replace(/^\/+|\/+$/g, '')}`;
  const repo = new ReferenceRepository(fault?.repository);
  const context: ServerContext = { baseUrl: '' };
  const handler = createFhirHandler({ repo, router: new FhirRouter(), basePath, context, startedAt: new Date().toISOString(), fault });
  const server: Server = createServer(handler);
  // No keep-alive between tests: close() should not wait for idle sockets.
  server.keepAliveTimeout = 1000;
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  const hostInUrl = host.includes(':') ? `[${host}]` : host;
  context.baseUrl = `http://${hostInUrl}:${port}${basePath}`;
  repo.baseUrl = context.baseUrl;
  return {
    baseUrl: context.baseUrl,
    port,
    fault: options.fault,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((error) => (error ? reject(error) : resolve()));
      }),
  };
}
