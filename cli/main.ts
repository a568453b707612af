import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { EXIT, UsageError } from './errors';
import { FORMATS, scanCommand, type CliIo, type ScanCommandOptions } from './scan';

/**
 * `fhiriq`: the site's engines from a terminal or CI. Exit codes: 0 no errors found, 1 errors
 * found, 2 usage or input error (bad option, missing or unreadable file).
 */
export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('fhiriq')
    .description('FHIR IQ from the command line: scan FHIR R4 data for conformance and data-quality problems.')
    .exitOverride()
    .showHelpAfterError('(run with --help for usage)')
    .configureOutput({
      writeOut: (text) => io.stdout.write(text),
      writeErr: (text) => io.stderr.write(text),
    });

  program
    .command('scan')
    .description(
      'Scan FHIR R4 resources, Bundles and NDJSON files (folders are searched for *.json and *.ndjson; ' +
        '"-" or piped input reads stdin, JSON or NDJSON detected).',
    )
    .argument('[paths...]', 'files or folders to scan; "-" for stdin')
    .addOption(new Option('-f, --format <format>', 'report format').choices(FORMATS).default('text'))
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .addOption(new Option('-p, --profile <profile>', 'also check against a profile set (us-core = US Core 5.0.1)').choices(['us-core']))
    .option('--max-issues <n>', 'issues kept in the report (counts stay exact); the text report lists 100 unless given', parseCount)
    .option('--no-color', 'no colors in the text report')
    .option('--no-progress', 'no progress bar on stderr')
    .addHelpText(
      'after',
      '\nExit codes: 0 no errors, 1 errors (or fatal issues) found, 2 usage or input error.\n\n' +
        'Examples:\n' +
        '  fhiriq scan Patient.ndjson Observation.ndjson\n' +
        '  fhiriq scan ./export --format html --out report.html\n' +
        '  cat bundle.json | fhiriq scan --format outcome\n',
    )
    .action(async (paths: string[], options: ScanCommandOptions) => {
      exitCode = await scanCommand(paths, options, io);
    });

  try {
    await program.parseAsync([...argv]);
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      // Help and version printed on request are successes; a usage error (commander already
      // printed it, as did help shown for a missing command) is exit 2.
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' ? EXIT.ok : EXIT.usage;
    }
    if (error instanceof UsageError) {
      io.stderr.write(`fhiriq: ${error.message}\n`);
      return EXIT.usage;
    }
    throw error;
  }
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Expected a whole number (0 or more).');
  return Number(value);
}
