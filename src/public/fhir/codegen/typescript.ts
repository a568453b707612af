import { describe, type SnippetTarget } from './target';

/**
 * TypeScript with fetch (Node 18+, Deno, Bun, browsers): the resource as an object literal.
 *
 * Quoting: JSON text is a valid JavaScript expression, and JSON.stringify escapes what a string
 * literal cannot hold raw (quotes, backslashes, control characters, lone surrogates). Inside a
 * plain "..." literal `${x}`, backticks and `\u0041` (escaped as `\\u0041`) are inert. Only U+2028
 * and U+2029 are escaped on top: legal in string literals since ES2019, but older tools and some
 * editors treat them as line breaks. A "__proto__" key would set the literal's prototype instead
 * of making a property (JSON.parse makes a property), so it becomes a computed key.
 */
export function typescriptSnippet(target: SnippetTarget): string {
  const url = target.path ? `baseUrl + ${jsString(target.path)}` : 'baseUrl';
  return `// FHIR IQ: POST ${describe(target)} to a FHIR R4 server.
// Runs on Node 18+ (global fetch), e.g. \`npx tsx send.ts\`; no packages needed.

const baseUrl = ${jsString(target.baseUrl)};

const resource = ${jsExpression(target.json).replace(/^( *)"__proto__":/gm, '$1["__proto__"]:')};

async function main(): Promise<void> {
  const response = await fetch(${url}, {
    method: "POST",
    headers: {
      "Content-Type": "application/fhir+json",
      Accept: "application/fhir+json",
    },
    body: JSON.stringify(resource),
  });
  console.log(\`Status: \${response.status} \${response.statusText}\`);
  const location = response.headers.get("Location");
  if (location) console.log(\`Location: \${location}\`);
  console.log(await response.text());
  if (!response.ok) process.exitCode = 1;
}

main().catch((error: unknown) => {
  console.error(error);
  process.exitCode = 1;
});
`;
}

/** A JavaScript string literal holding `value` exactly. */
export function jsString(value: string): string {
  return jsExpression(JSON.stringify(value));
}

/** JSON text made safe as JavaScript source (see above). */
function jsExpression(json: string): string {
  return json.replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}
