import { parseArgs } from 'node:util';
import { FAULT_IDS, isFaultId } from './faults';
import { startReferenceServer } from './reference-server';
import { loadSampleData } from './sample-data';

/**
 * `npm run fhir-server -- [--fault <id>] [--port <n>] [--host <h>] [--sample-data]`: the reference FHIR R4 server
 * (or one of its faulty variants) until Ctrl-C, a target for `fhiriq test` and the API Testing
 * Suite page.
 */
async function main(argv: string[]): Promise<void> {
  const { values } = parseArgs({
    args: argv,
    options: {
      fault: { type: 'string' },
      port: { type: 'string', default: '8090' },
      host: { type: 'string', default: '127.0.0.1' },
      'sample-data': { type: 'boolean' },
      help: { type: 'boolean' },
    },
    strict: true,
  });
  if (values.help) {
    console.log(`Usage: npm run fhir-server -- [--fault <id>] [--port <n>] [--host <h>] [--sample-data]\nFaults: ${FAULT_IDS.join(', ')}`);
    return;
  }
  const fault = values.fault;
  if (fault !== undefined && !isFaultId(fault)) throw new Error(`Unknown fault "${fault}". Faults: ${FAULT_IDS.join(', ')}`);
  const port = Number(values.port);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port must be a port number, got ${values.port}`);
  const server = await startReferenceServer({ fault, port, host: values.host });
  const loaded = values['sample-data'] ? await loadSampleData(server.baseUrl) : 0;
  console.log(`FHIR R4 reference server${fault ? ` (fault: ${fault})` : ''} at ${server.baseUrl}${loaded ? ` with ${loaded} sample resources` : ''}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}

main(process.argv.slice(2)).catch((error: unknown) => {
  console.error(error instanceof Error ? error.message : error);
  process.exit(1);
});
