import { writeFile } from 'node:fs/promises';
import {
  ApiTestOptionsError,
  buildReport,
  createFetchClient,
  runSuite,
  toJunit,
  toTestReport,
  toText,
  GROUP_IDS,
  type GroupId,
  type Progress,
  type RunState,
} from '../src/public/fhir/api-test';
import { EXIT, UsageError } from './errors';
import type { CliIo } from './scan';

export const TEST_FORMATS = ['text', 'json', 'junit', 'testreport'] as const;
export type TestFormat = (typeof TEST_FORMATS)[number];

export interface TestCommandOptions {
  allowWrites: boolean;
  resource?: string[];
  group?: string[];
  header?: string[];
  format: TestFormat;
  out?: string;
  timeout: number;
  color: boolean;
  progress: boolean;
}

/** `fhiriq test <baseUrl>`: exit 0 when no test failed, 1 when one did; UsageError for 2. */
export async function testCommand(baseUrl: string, options: TestCommandOptions, io: CliIo): Promise<number> {
  const headers = parseHeaders(options.header ?? []);
  const groups = splitList(options.group);
  const unknownGroup = groups.find((g) => !(GROUP_IDS as readonly string[]).includes(g));
  if (unknownGroup) throw new UsageError(`Unknown group "${unknownGroup}": use ${GROUP_IDS.join(', ')}`);
  const resources = splitList(options.resource);

  const live = options.progress && Boolean(io.stderr.isTTY);
  const onProgress = live ? (p: Progress) => drawProgress(io.stderr, p) : undefined;
  let state: RunState;
  try {
    state = await runSuite(
      {
        baseUrl,
        allowWrites: options.allowWrites,
        timeoutMs: options.timeout,
        headers,
        ...(groups.length ? { groups: groups as GroupId[] } : {}),
        ...(resources.length ? { resources } : {}),
      },
      createFetchClient({ timeoutMs: options.timeout }),
      onProgress,
    );
  } catch (error) {
    if (error instanceof ApiTestOptionsError) throw new UsageError(error.message);
    throw error;
  } finally {
    if (live) io.stderr.write('\r\u001b[K');
  }

  const report = buildReport(state);
  const output = render(state, options, io);
  const line = `${report.summary.passed} passed, ${report.summary.failed} failed, ${report.summary.skipped} skipped in ${(report.summary.durationMs / 1000).toFixed(1)} s`;
  if (options.out) {
    try {
      await writeFile(options.out, output);
    } catch (error) {
      throw new UsageError(`Cannot write ${options.out}: ${(error as Error).message}`);
    }
    io.stderr.write(`Wrote the ${options.format} report to ${options.out}: ${line}\n`);
  } else {
    await new Promise<void>((resolve) => io.stdout.write(output, () => resolve()));
  }
  return report.summary.failed > 0 ? EXIT.findings : EXIT.ok;
}

function render(state: RunState, options: TestCommandOptions, io: CliIo): string {
  switch (options.format) {
    case 'json':
      return `${JSON.stringify(buildReport(state), null, 2)}\n`;
    case 'junit':
      return toJunit(state);
    case 'testreport':
      return `${JSON.stringify(toTestReport(state), null, 2)}\n`;
    default: {
      const toTerminal = !options.out && Boolean(io.stdout.isTTY);
      const color = options.color && toTerminal && !io.env.NO_COLOR && io.env.TERM !== 'dumb';
      return toText(state, { color, width: toTerminal ? io.stdout.columns || 100 : 100 });
    }
  }
}

/** "Name: value" pairs as curl takes them; a header without a colon is a usage error. */
export function parseHeaders(pairs: string[]): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const pair of pairs) {
    const colon = pair.indexOf(':');
    const name = colon > 0 ? pair.slice(0, colon).trim() : '';
    if (!/^[!#$%&'*+.^_`|~0-9A-Za-z-]+$/.test(name)) throw new UsageError(`--header "${pair}": expected "Name: value"`);
    headers[name] = pair.slice(colon + 1).trim();
  }
  return headers;
}

/** Repeatable, comma-separated list options: --resource Patient,Observation --resource Encounter. */
function splitList(values: string[] | undefined): string[] {
  return (values ?? []).flatMap((v) => v.split(',')).map((v) => v.trim()).filter(Boolean);
}

function drawProgress(stream: NodeJS.WriteStream, p: Progress): void {
  const width = stream.columns || 80;
  const share = p.total ? Math.min(1, p.done / p.total) : 0;
  const cells = 20;
  const full = Math.round(share * cells);
  const line = `${String(Math.floor(share * 100)).padStart(3)}% [${'#'.repeat(full)}${'-'.repeat(cells - full)}] ${p.done}/${p.total}  ${p.passed} passed  ${p.failed} failed  ${p.skipped} skipped  ${p.current ?? ''}`;
  stream.write(`\r\u001b[K${line.length > width - 1 ? `${line.slice(0, width - 2)}…` : line}`);
}
