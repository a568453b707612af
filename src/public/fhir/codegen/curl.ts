import { describe, type SnippetTarget } from './target';

/**
 * bash + curl. The JSON goes through a quoted heredoc (<<'DELIM'): bash expands nothing in it
 * ($, backticks, backslashes and quotes all stay as they are), and it ends only at a line that is
 * exactly the delimiter, which pretty JSON never has (strings cannot hold raw newlines, and the
 * delimiter is lengthened if a line happened to match). The URL is single-quoted data.
 */
export function curlSnippet(target: SnippetTarget): string {
  const delimiter = heredocDelimiter(target.json);
  // The path is "/" and a resource type's letters (see snippetTarget): nothing for bash to expand.
  const url = `"$BASE_URL${target.path}"`;
  return `#!/usr/bin/env bash
# FHIR IQ: POST ${describe(target)} to a FHIR R4 server.
# Prints the status line, the response headers (Location) and the response body.
set -euo pipefail

BASE_URL=${shellQuote(target.baseUrl)}

curl --silent --show-error --include \\
  --request POST ${url} \\
  --header 'Content-Type: application/fhir+json' \\
  --header 'Accept: application/fhir+json' \\
  --data-binary @- <<'${delimiter}'
${target.json}
${delimiter}
`;
}

/** A bash word holding `value` exactly: single quotes, each ' written as '\'' (end, escaped quote, reopen). */
export function shellQuote(value: string): string {
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

function heredocDelimiter(body: string): string {
  const lines = new Set(body.split('\n'));
  let delimiter = 'FHIR_JSON';
  while (lines.has(delimiter)) delimiter += '_';
  return delimiter;
}
