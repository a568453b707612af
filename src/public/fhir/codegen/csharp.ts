import { describe, type SnippetTarget } from './target';

/**
 * C# 11 (.NET 7+) with the Firely SDK. The JSON sits in a raw string literal: nothing in it is an
 * escape, it only ends at a run of quotes as long as its delimiter, so the delimiter is one quote
 * longer than the longest run in the text (at least three). Each content line carries the closing
 * delimiter's indentation, which the compiler removes.
 */
export function csharpSnippet(target: SnippetTarget): string {
  const send = target.transaction
    ? `    var bundle = parser.Parse<Bundle>(ResourceJson);
    var response = await client.TransactionAsync(bundle);
    Console.WriteLine($"Status: {client.LastResult?.Status}");
    foreach (var entry in response?.Entry ?? new List<Bundle.EntryComponent>())
    {
        Console.WriteLine($"{entry.Response?.Status} {entry.Response?.Location}");
    }`
    : `    var resource = parser.Parse<Resource>(ResourceJson);
    await client.CreateAsync(resource);
    Console.WriteLine($"Status: {client.LastResult?.Status}");
    Console.WriteLine($"Location: {client.LastResult?.Location}");`;
  return `// FHIR IQ: POST ${describe(target)} to a FHIR R4 server with the Firely SDK (C# 11, .NET 7+).
// NuGet: dotnet add package Hl7.Fhir.R4   (Firely .NET SDK 5.x)
// Run: put this in Program.cs of a console project (dotnet new console) and dotnet run.
using Hl7.Fhir.Model;
using Hl7.Fhir.Rest;
using Hl7.Fhir.Serialization;

const string BaseUrl = ${csharpString(target.baseUrl)};

const string ResourceJson = ${csharpRawString(escapeCsharpNewlines(target.json), '    ')};

var parser = new FhirJsonParser();
// Send and ask for JSON: Content-Type and Accept application/fhir+json.
var client = new FhirClient(BaseUrl, new FhirClientSettings
{
    PreferredFormat = ResourceFormat.Json,
    PreferredReturn = Prefer.ReturnRepresentation,
    VerifyFhirVersion = false,
});
try
{
${send}
}
catch (FhirOperationException e)
{
    Console.WriteLine($"Status: {(int)e.Status} {e.Status}");
    Console.WriteLine(e.Message);
    Environment.ExitCode = 1;
}
`;
}

/** A C# "..." literal holding `value` (\\u escapes are ordinary escapes in C#, only inside literals). */
export function csharpString(value: string): string {
  let out = '"';
  for (let i = 0; i < value.length; i++) {
    const ch = value[i]!;
    const code = value.charCodeAt(i);
    if (ch === '"') out += '\\"';
    else if (ch === '\\') out += '\\\\';
    else if (code < 0x20 || code >= 0x7f) out += `\\u${code.toString(16).padStart(4, '0')}`;
    else out += ch;
  }
  return `${out}"`;
}

/**
 * C# also ends lines at U+0085, U+2028 and U+2029, which JSON.stringify leaves raw inside strings:
 * in a raw literal they would start a new content line. They only occur inside JSON strings, where
 * the JSON escape means the same character.
 */
function escapeCsharpNewlines(json: string): string {
  return json.replace(/[\u0085\u2028\u2029]/g, (ch) => `\\u${ch.charCodeAt(0).toString(16).padStart(4, '0')}`);
}

/** A multi-line raw string literal whose value is exactly `text`; lines indented with `indent`. */
export function csharpRawString(text: string, indent: string): string {
  const longestRun = Math.max(0, ...(text.match(/"+/g) ?? []).map((run) => run.length));
  const delimiter = '"'.repeat(Math.max(3, longestRun + 1));
  // Every content line starts with the closing delimiter's indentation (pretty JSON has no
  // whitespace-only lines, whose handling is the one special case of the rules).
  const lines = text.split('\n').map((line) => `${indent}${line}`);
  return `${delimiter}\n${lines.join('\n')}\n${indent}${delimiter}`;
}
