/** The languages FHIR Builder AI writes client code in, and the short names the CLI accepts. */
export const LANGUAGES = ['typescript', 'python', 'curl', 'java', 'csharp'] as const;
export type Language = (typeof LANGUAGES)[number];

export const LANGUAGE_ALIASES: Readonly<Record<string, Language>> = {
  ts: 'typescript',
  typescript: 'typescript',
  py: 'python',
  python: 'python',
  curl: 'curl',
  java: 'java',
  cs: 'csharp',
  csharp: 'csharp',
};

/** The placeholder base URL the snippets POST to when the user gives none (a public R4 test server). */
export const DEFAULT_BASE_URL = 'https://hapi.fhir.org/baseR4';

/** How each snippet is named for people (CLI headings, tabs): the language and the client it uses. */
export const LANGUAGE_LABELS: Readonly<Record<Language, string>> = {
  typescript: 'TypeScript (fetch)',
  python: 'Python (requests)',
  curl: 'curl (bash)',
  java: 'Java (HAPI FHIR client)',
  csharp: 'C# (Firely SDK)',
};
