import { existsSync } from 'node:fs';
import { startReferenceServer, type RunningFhirServer } from './fhir-server/reference-server';
import { loadSampleData } from './fhir-server/sample-data';
import { startLocalSite } from './site';

/**
 * `npm start`: the whole site locally. PORT (default 8080), HOST (default 127.0.0.1; 0.0.0.0 to
 * share on the network), FHIRIQ_DATA_DIR (default .data/). A `.env` file, when present, is loaded
 * first (keys for real services go there; without them the embedded defaults are used).
 * Beside the site, the reference FHIR server on FHIR_SERVER_PORT (default 8090; "off" for none),
 * with a few sample resources, so the API Testing Suite has a server to test with no internet.
 */
async function main(): Promise<void> {
  if (existsSync('.env')) process.loadEnvFile('.env');
  const port = Number.parseInt(process.env.PORT ?? '8080', 10);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, got ${process.env.PORT}`);

  const site = await startLocalSite({
    port,
    host: process.env.HOST || '127.0.0.1',
    dataDir: process.env.FHIRIQ_DATA_DIR || '.data',
  });

  let fhir: RunningFhirServer | undefined;
  const fhirPort = process.env.FHIR_SERVER_PORT ?? '8090';
  if (fhirPort !== 'off') {
    try {
      fhir = await startReferenceServer({ port: Number.parseInt(fhirPort, 10), host: '127.0.0.1' });
      await loadSampleData(fhir.baseUrl);
    } catch (error) {
      console.warn(`The reference FHIR server could not start on port ${fhirPort} (${(error as Error).message}); set FHIR_SERVER_PORT to another port or "off".`);
    }
  }

  console.log(`
FHIR IQ is running at ${site.url}
  Home             ${site.url}/
  FHIR Builder AI  ${site.url}/fhir-builder
  Scanner          ${site.url}/data-quality-scanner
  API tests        ${site.url}/api-testing-suite${fhir ? `  (try it on ${fhir.baseUrl}, the local reference FHIR server)` : ''}
  Contact form     ${site.url}/contact
  Health           ${site.url}/_functions/health
  Dev helpers      ${site.url}/_local  (identity, collections, jobs)
Data: ${site.dataDir}. Press Ctrl+C to stop.
`);

  let stopping = false;
  const stop = (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(`\n${signal}: stopping…`);
    Promise.all([site.close(), fhir?.close()]).then(
      () => process.exit(0),
      (err: unknown) => {
        console.error('Could not stop cleanly:', err);
        process.exit(1);
      },
    );
  };
  process.on('SIGINT', () => stop('SIGINT'));
  process.on('SIGTERM', () => stop('SIGTERM'));
}

main().catch((err: unknown) => {
  console.error('The local site could not start:', err instanceof Error ? err.message : err);
  if (process.env.DEBUG) console.error(err);
  process.exit(1);
});
