import { DEFAULT_BASE_URL, LANGUAGE_ALIASES, LANGUAGE_LABELS, type Language } from '../src/public/fhir/codegen/languages';
import type { Issue } from '../src/public/fhir/report/issue';
import type { AiPort } from '../src/backend/ports/ai';
import type { CodegenBody, CodegenOutcome, CodegenResponse } from '../src/backend/services/codegen';
import { EXIT, UsageError } from './errors';
import type { CliIo } from './scan';

export const GENERATE_FORMATS = ['text', 'json'] as const;
export type GenerateFormat = (typeof GENERATE_FORMATS)[number];

/** The short and long names --lang accepts (ts, typescript, py, python, curl, java, cs, csharp). */
export const LANG_CHOICES = Object.keys(LANGUAGE_ALIASES);

export interface GenerateCommandOptions {
  format: GenerateFormat;
  lang?: string;
  baseUrl?: string;
}

/** Issues listed in the text output (the JSON output has them all). */
const ISSUES_SHOWN = 20;

/**
 * `fhiriq generate "<prompt>"`: the same service as POST /_functions/codegen, with the AI engine
 * the environment configures (OPENAI_API_KEY -> OpenAI, else the offline engine). Returns the exit
 * code: 0 a resource was built, 1 the request was not understood; throws UsageError for 2 (empty or
 * too long prompt, bad base URL; a bad --lang or --format commander refuses first).
 */
export async function generateCommand(promptWords: string[], options: GenerateCommandOptions, io: CliIo): Promise<number> {
  const language = options.lang === undefined ? undefined : LANGUAGE_ALIASES[options.lang];
  if (options.lang !== undefined && !language) throw new UsageError(`Unknown --lang "${options.lang}": use one of ${LANG_CHOICES.join(', ')}`);
  // The text output shows one snippet (TypeScript unless --lang says); the JSON output is the
  // endpoint's object: all five, or the one --lang names.
  const shown: Language = language ?? 'typescript';
  const body: CodegenBody = {
    prompt: promptWords.join(' '),
    ...(options.format === 'text' ? { languages: [shown] } : language ? { languages: [language] } : {}),
    ...(options.baseUrl !== undefined ? { baseUrl: options.baseUrl } : {}),
  };

  const service = loadService();
  const parsed = service.CodegenBodySchema.safeParse(body);
  if (!parsed.success) throw new UsageError(parsed.error.issues.map((issue) => issue.message).join('; '));

  const outcome = await service.generateFhir(service.createAiPortFromEnv(io.env), parsed.data);
  if (!outcome.ok) {
    if (options.format === 'json') await write(io.stdout, `${JSON.stringify(notUnderstoodBody(outcome), null, 2)}\n`);
    io.stderr.write(notUnderstoodText(outcome));
    return EXIT.findings;
  }
  const output = options.format === 'json' ? `${JSON.stringify(outcome.response, null, 2)}\n` : toText(outcome.response, shown, parsed.data.baseUrl ?? DEFAULT_BASE_URL);
  await write(io.stdout, output);
  return EXIT.ok;
}

type NotUnderstood = Extract<CodegenOutcome, { ok: false }>;

/** The body POST /_functions/codegen answers with its 422. */
function notUnderstoodBody(outcome: NotUnderstood) {
  return { error: { code: outcome.code, message: outcome.message }, understood: outcome.understood, missing: outcome.missing };
}

function notUnderstoodText(outcome: NotUnderstood): string {
  const list = (items: string[]) => (items.length ? items.map((item) => `  - ${item}\n`).join('') : '  (nothing)\n');
  return `fhiriq: ${outcome.message}\nUnderstood:\n${list(outcome.understood)}Missing:\n${list(outcome.missing)}`;
}

function toText(response: CodegenResponse, language: Language, baseUrl: string): string {
  const type = response.resource.resourceType;
  const bundleType = type === 'Bundle' ? (response.resource as { type?: string }).type : undefined;
  const kind = bundleType ? `${type} (${bundleType})` : type;
  const target = bundleType === 'transaction' || bundleType === 'batch' ? baseUrl : `${baseUrl.replace(/\/+$/, '')}/${type}`;
  const lines = [`${kind}, built by the ${response.engine} engine`, ''];
  if (response.understood.length) lines.push('Understood:', ...response.understood.map((u) => `  - ${u}`), '');
  lines.push(JSON.stringify(response.resource, null, 2), '', validationSummary(response.validation), '');
  if (response.notes.length) lines.push('Notes:', ...response.notes.map((n) => `  - ${n}`), '');
  lines.push(`${LANGUAGE_LABELS[language]}: POST to ${target}`, '', (response.code[language] ?? '').trimEnd(), '');
  return `${lines.join('\n')}\n`;
}

function validationSummary(validation: CodegenResponse['validation']): string {
  const count = (severity: Issue['severity']) => validation.issues.filter((issue) => issue.severity === severity).length;
  const errors = count('error') + count('fatal');
  const parts = [`${errors} ${errors === 1 ? 'error' : 'errors'}`, plural(count('warning'), 'warning'), plural(count('information'), 'information message')];
  const head = `Validation: ${validation.valid ? 'valid FHIR R4 (our scanner)' : 'NOT valid'}: ${parts.join(', ')}`;
  const shown = validation.issues.slice(0, ISSUES_SHOWN).map((issue) => `  ${issue.severity.padEnd(11)} ${issue.expression.join(', ') || issue.resourceType}: ${issue.message}`);
  const more = validation.issues.length > ISSUES_SHOWN ? [`  ... and ${validation.issues.length - ISSUES_SHOWN} more (--format json lists them all)`] : [];
  return [head, ...shown, ...more].join('\n');
}

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`;
}

function write(stream: NodeJS.WriteStream, text: string): Promise<void> {
  return new Promise((resolve) => {
    stream.write(text, () => resolve());
  });
}

interface CodegenService {
  CodegenBodySchema: typeof import('../src/backend/services/codegen').CodegenBodySchema;
  generateFhir(ai: AiPort, body: CodegenBody): Promise<CodegenOutcome>;
  createAiPortFromEnv(env: NodeJS.ProcessEnv): AiPort;
}

/**
 * The builder, the scanner and the AI adapters load on first use, so `--help` and usage errors
 * answer at once. The scanner's generated definitions come from `npm run build:fhir`.
 */
function loadService(): CodegenService {
  try {
    /* eslint-disable @typescript-eslint/no-require-imports */
    const service = require('../src/backend/services/codegen') as typeof import('../src/backend/services/codegen');
    const adapters = require('../src/backend/adapters/ai-from-env') as typeof import('../src/backend/adapters/ai-from-env');
    /* eslint-enable @typescript-eslint/no-require-imports */
    return { CodegenBodySchema: service.CodegenBodySchema, generateFhir: service.generateFhir, createAiPortFromEnv: adapters.createAiPortFromEnv };
  } catch (error) {
    const message = (error as Error).message.split('\n')[0];
    throw new UsageError(`The FHIR Builder engine could not be loaded (${message}). Run \`npm run build:fhir\` in the fhiriq folder and try again.`);
  }
}
