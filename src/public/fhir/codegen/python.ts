import { describe, type SnippetTarget } from './target';

/**
 * Python 3 with requests: the resource as a dict literal, written value by value (not JSON text
 * pasted into a string, where triple quotes, a trailing backslash or raw-string rules would bite).
 */
export function pythonSnippet(target: SnippetTarget): string {
  const url = target.path ? `BASE_URL + ${pyString(target.path)}` : 'BASE_URL';
  return `"""FHIR IQ: POST ${describe(target)} to a FHIR R4 server.

Needs Python 3.8+ and requests (pip install requests).
"""
import sys

import requests

BASE_URL = ${pyString(target.baseUrl)}

resource = ${pyValue(JSON.parse(target.json), '')}

response = requests.post(
    ${url},
    json=resource,
    headers={"Content-Type": "application/fhir+json", "Accept": "application/fhir+json"},
    timeout=30,
)
print("Status:", response.status_code, response.reason)
location = response.headers.get("Location")
if location:
    print("Location:", location)
print(response.text)
if not response.ok:
    sys.exit(1)
`;
}

/**
 * A Python str literal holding `value`: JSON's string escapes (\" \\ \b \f \n \r \t \uXXXX, also
 * for lone surrogates) mean the same in a Python "..." literal, and JSON.stringify never writes
 * "\/", the one JSON escape Python lacks. U+2028/2029 are escaped so no tool sees a line break.
 */
export function pyString(value: string): string {
  return JSON.stringify(value).replace(/\u2028/g, '\\u2028').replace(/\u2029/g, '\\u2029');
}

/**
 * A parsed JSON value (of the same JSON text the other snippets embed, so all five send the same
 * document) as a Python literal: dicts keep key order; 4-space indents, PEP 8 style.
 */
function pyValue(value: unknown, indent: string): string {
  if (value === null) return 'None';
  if (value === true) return 'True';
  if (value === false) return 'False';
  if (typeof value === 'string') return pyString(value);
  // JSON numbers are Python numbers (ints stay ints, 1e+21 and 0.1 read the same way).
  if (typeof value === 'number') return JSON.stringify(value);
  const inner = `${indent}    `;
  if (Array.isArray(value)) {
    if (value.length === 0) return '[]';
    return `[\n${value.map((v) => `${inner}${pyValue(v, inner)}`).join(',\n')},\n${indent}]`;
  }
  if (typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    if (entries.length === 0) return '{}';
    return `{\n${entries.map(([k, v]) => `${inner}${pyString(k)}: ${pyValue(v, inner)}`).join(',\n')},\n${indent}}`;
  }
  return 'None';
}
