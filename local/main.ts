import { existsSync } from 'node:fs';
import { startLocalSite } from './site';

/**
 * `npm start`: the whole site locally. PORT (default 8080), HOST (default 127.0.0.1; 0.0.0.0 to
 * share on the network), FHIRIQ_DATA_DIR (default .data/). A `.env` file, when present, is loaded
 * first (keys for real services go there; without them the embedded defaults are used).
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

  console.log(`
FHIR IQ is running at ${site.url}
  Home             ${site.url}/
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
    site.close().then(
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
