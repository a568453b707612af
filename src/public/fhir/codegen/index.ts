import { csharpSnippet } from './csharp';
import { curlSnippet } from './curl';
import { javaSnippet } from './java';
import { DEFAULT_BASE_URL, LANGUAGES, type Language } from './languages';
import { pythonSnippet } from './python';
import { snippetTarget, type CodegenResource, type SnippetTarget } from './target';
import { typescriptSnippet } from './typescript';

export type { CodegenResource } from './target';
export { DEFAULT_BASE_URL, LANGUAGE_ALIASES, LANGUAGE_LABELS, LANGUAGES, type Language } from './languages';

export interface GenerateCodeOptions {
  /** Which snippets to write (default: all five), in LANGUAGES order in the result. */
  languages?: readonly Language[];
  /** The FHIR server's base URL the snippets POST to (default DEFAULT_BASE_URL). Quoted as data. */
  baseUrl?: string;
}

const TEMPLATES: Record<Language, (target: SnippetTarget) => string> = {
  typescript: typescriptSnippet,
  python: pythonSnippet,
  curl: curlSnippet,
  java: javaSnippet,
  csharp: csharpSnippet,
};

/**
 * Client code that POSTs `resource` to `<baseUrl>/<resourceType>` (a transaction or batch Bundle
 * to `<baseUrl>` itself) with Content-Type and Accept application/fhir+json, and prints the status
 * and the Location / response. Each snippet is complete and runnable as it stands.
 *
 * The base URL is not checked here (the endpoint's schema refuses non-http(s) URLs); whatever it
 * holds, every template quotes it as a string, so it cannot change the code around it.
 */
export function generateCode(resource: CodegenResource, options: GenerateCodeOptions = {}): Partial<Record<Language, string>> {
  const target = snippetTarget(resource, options.baseUrl ?? DEFAULT_BASE_URL);
  const wanted = new Set(options.languages ?? LANGUAGES);
  const code: Partial<Record<Language, string>> = {};
  for (const language of LANGUAGES) {
    if (wanted.has(language)) code[language] = TEMPLATES[language](target);
  }
  return code;
}
