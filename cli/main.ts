import { Command, CommanderError, InvalidArgumentError, Option } from 'commander';
import { DEFAULT_BASE_URL } from '../src/public/fhir/codegen/languages';
import { EXIT, UsageError } from './errors';
import { GENERATE_FORMATS, LANG_CHOICES, generateCommand, type GenerateCommandOptions } from './generate';
import { FORMATS, scanCommand, type CliIo, type ScanCommandOptions } from './scan';
import { TEST_FORMATS, testCommand, type TestCommandOptions } from './test';

/**
 * `fhiriq`: the site's engines from a terminal or CI. Exit codes: 0 success (scan: no errors
 * found; generate: a valid resource was built; test: no test failed), 1 scan: errors found /
 * generate: the request was not understood / test: a test failed, 2 usage or input error (bad
 * option, missing or unreadable file, empty or too long prompt, bad URL or header).
 */
export async function main(argv: readonly string[], io: CliIo = process): Promise<number> {
  let exitCode: number = EXIT.ok;
  const program = new Command('fhiriq')
    .description(
      'FHIR IQ from the command line: scan FHIR R4 data for conformance and data-quality problems, and ' +
        'build valid FHIR R4 resources (with the client code that sends them) from plain-language requests, and ' +
        'test whether a FHIR server follows the R4 RESTful API.',
    )
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

  program
    .command('generate')
    .description(
      'FHIR Builder AI: build a valid FHIR R4 resource from a plain-language request, with client code that ' +
        'POSTs it to a FHIR server (the offline engine, or OpenAI when OPENAI_API_KEY is set).',
    )
    .argument('<prompt...>', 'what you need, in plain language (quote it, at most 2,000 characters)')
    .addOption(new Option('-f, --format <format>', 'json: the same object as POST /_functions/codegen').choices(GENERATE_FORMATS).default('text'))
    .addOption(new Option('-l, --lang <language>', 'the snippet to show (text) or to include (json; default all five)').choices(LANG_CHOICES))
    .option('--base-url <url>', 'the FHIR server the code POSTs to (http or https)', DEFAULT_BASE_URL)
    .addHelpText(
      'after',
      '\nExit codes: 0 a valid resource was built, 1 the request was not understood (what was understood and ' +
        'what is missing go to stderr), 2 usage error (empty or too long prompt, bad option).\n\n' +
        'Examples:\n' +
        '  fhiriq generate "blood pressure 120/80 for patient 42 taken this morning"\n' +
        '  fhiriq generate "patient Jane Roe, female, born 1985-03-12" --lang python\n' +
        '  fhiriq generate "a patient Jane Roe with asthma and an albuterol prescription" --format json\n' +
        '  fhiriq generate "heart rate 72 for patient 7" --lang curl --base-url http://localhost:8080/fhir\n',
    )
    .action(async (prompt: string[], options: GenerateCommandOptions) => {
      exitCode = await generateCommand(prompt, options, io);
    });

  program
    .command('test')
    .description(
      'API Testing Suite: test a FHIR server against the R4 RESTful API (http.html, search.html): reads its ' +
        'CapabilityStatement and tests what it claims. Read-only unless --allow-writes.',
    )
    .argument('<baseUrl>', 'the server base URL, e.g. https://hapi.fhir.org/baseR4')
    .option('-w, --allow-writes', 'create, update and delete test resources (tagged, and removed at the end)', false)
    .option('-r, --resource <types>', 'resource types to test, comma-separated (repeatable); default: those the server declares of Patient, Observation, ...', collect)
    .option('-g, --group <groups>', 'only these test groups, comma-separated (repeatable): capability, read, write, search, client-search, history, format', collect)
    .option('-H, --header <header>', 'a header for every request, "Name: value" (repeatable), e.g. "Authorization: Bearer ..."', collect)
    .addOption(new Option('-f, --format <format>', 'report format (testreport = a FHIR TestReport)').choices(TEST_FORMATS).default('text'))
    .option('-o, --out <file>', 'write the report to a file instead of stdout')
    .option('--timeout <ms>', 'timeout of each request in milliseconds', parsePositive, 10_000)
    .option('--no-color', 'no colors in the text report')
    .option('--no-progress', 'no progress line on stderr')
    .addHelpText(
      'after',
      '\nExit codes: 0 no test failed, 1 a test failed, 2 usage error (bad URL, option or header).\n\n' +
        'Examples:\n' +
        '  fhiriq test https://hapi.fhir.org/baseR4\n' +
        '  fhiriq test http://localhost:8080/fhir --allow-writes --resource Patient,Observation\n' +
        '  fhiriq test https://example.org/fhir -H "Authorization: Bearer $TOKEN" --format junit --out results.xml\n',
    )
    .action(async (baseUrl: string, options: TestCommandOptions) => {
      exitCode = await testCommand(baseUrl, options, io);
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

function collect(value: string, previous: string[] = []): string[] {
  return [...previous, value];
}

function parsePositive(value: string): number {
  if (!/^\d+$/.test(value) || Number(value) === 0) throw new InvalidArgumentError('Expected a whole number above 0.');
  return Number(value);
}

function parseCount(value: string): number {
  if (!/^\d+$/.test(value)) throw new InvalidArgumentError('Expected a whole number (0 or more).');
  return Number(value);
}
