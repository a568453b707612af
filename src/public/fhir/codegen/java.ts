import { describe, type SnippetTarget } from './target';

/**
 * Java 17+ with the HAPI FHIR client. The JSON sits in a text block, parsed by HAPI's JSON parser.
 *
 * Quoting rules that matter (JLS 3.3, 3.10.6, 3.10.7):
 * - javac turns `\uXXXX` into characters *before* lexing, anywhere in the file, when the backslash
 *   is preceded by an even number of backslashes. Doubling every backslash of the text makes every
 *   `\u` of the text ineligible; the `\uXXXX` we write ourselves (for non-ASCII, so the file is
 *   ASCII and compiles whatever the platform encoding) are eligible and mean what they say. We never
 *   write `\u` for `"`, `\`, CR or LF, which would end the literal or the line.
 * - A text block ends at `"""`: a quote that would make a third in a row is escaped.
 * - Incidental indentation and trailing spaces of each line are stripped: the closing delimiter
 *   sits at the content's indentation, and a trailing space is written `\s`.
 */
export function javaSnippet(target: SnippetTarget): string {
  const imports = target.transaction
    ? ['ca.uhn.fhir.context.FhirContext', 'ca.uhn.fhir.rest.api.EncodingEnum', 'ca.uhn.fhir.rest.client.api.IGenericClient', 'ca.uhn.fhir.rest.client.api.ServerValidationModeEnum', 'ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException', 'org.hl7.fhir.r4.model.Bundle']
    : ['ca.uhn.fhir.context.FhirContext', 'ca.uhn.fhir.rest.api.EncodingEnum', 'ca.uhn.fhir.rest.api.MethodOutcome', 'ca.uhn.fhir.rest.client.api.IGenericClient', 'ca.uhn.fhir.rest.client.api.ServerValidationModeEnum', 'ca.uhn.fhir.rest.server.exceptions.BaseServerResponseException', 'org.hl7.fhir.instance.model.api.IBaseResource'];
  const send = target.transaction
    ? `      Bundle bundle = ctx.newJsonParser().parseResource(Bundle.class, RESOURCE_JSON);
      Bundle response = client.transaction().withBundle(bundle).execute();
      System.out.println("Status: 200 (transaction processed)");
      for (Bundle.BundleEntryComponent entry : response.getEntry()) {
        System.out.println(entry.getResponse().getStatus() + " " + entry.getResponse().getLocation());
      }`
    : `      IBaseResource resource = ctx.newJsonParser().parseResource(RESOURCE_JSON);
      MethodOutcome outcome = client.create().resource(resource).execute();
      System.out.println("Status: " + (Boolean.TRUE.equals(outcome.getCreated()) ? "201 Created" : "2xx"));
      System.out.println("Location: " + (outcome.getId() != null ? outcome.getId().getValue() : "(none)"));`;
  return `// FHIR IQ: POST ${describe(target)} to a FHIR R4 server with the HAPI FHIR client (Java 17+).
// Maven: ca.uhn.hapi.fhir:hapi-fhir-client and ca.uhn.hapi.fhir:hapi-fhir-structures-r4 (same
// version, e.g. 7.4.0), plus an SLF4J binding such as org.slf4j:slf4j-simple.
// Run: java -cp <those jars> SendResource.java
${imports.map((i) => `import ${i};`).join('\n')}

public class SendResource {
  static final String BASE_URL = ${javaString(target.baseUrl)};

  static final String RESOURCE_JSON = ${javaTextBlock(target.json, '      ')};

  public static void main(String[] args) {
    FhirContext ctx = FhirContext.forR4();
    // Skip the /metadata check HAPI makes before the first request.
    ctx.getRestfulClientFactory().setServerValidationMode(ServerValidationModeEnum.NEVER);
    IGenericClient client = ctx.newRestfulGenericClient(BASE_URL);
    // Send and ask for JSON: Content-Type and Accept application/fhir+json.
    client.setEncoding(EncodingEnum.JSON);
    try {
${send}
    } catch (BaseServerResponseException e) {
      System.out.println("Status: " + e.getStatusCode());
      System.out.println(e.getResponseBody() != null ? e.getResponseBody() : e.getMessage());
      System.exit(1);
    }
  }
}
`;
}

/** A Java "..." literal holding `value`. */
export function javaString(value: string): string {
  let out = '"';
  for (const ch of value) out += ch === '"' ? '\\"' : javaChar(ch);
  return `${out}"`;
}

/**
 * A Java text block holding `text` (no trailing newline added beyond the one before the closing
 * delimiter: the value is `text` + "\n"). Content lines are indented with `indent`.
 */
export function javaTextBlock(text: string, indent: string): string {
  const lines = text.split('\n').map((line) => {
    let out = '';
    let quotes = 0;
    for (const ch of line) {
      if (ch === '"') {
        quotes++;
        // A third quote in a row would close the block: escape it and start counting again.
        if (quotes === 3) {
          out += '\\"';
          quotes = 0;
        } else out += '"';
        continue;
      }
      quotes = 0;
      out += javaChar(ch);
    }
    // Trailing spaces would be stripped as incidental: the last one becomes \s, which keeps them all.
    if (out.endsWith(' ')) out = `${out.slice(0, -1)}\\s`;
    return `${indent}${out}`;
  });
  return `"""\n${lines.join('\n')}\n${indent}"""`;
}

/** One character (code point) outside the quote rules, for both literal kinds. */
function javaChar(ch: string): string {
  switch (ch) {
    case '\\':
      return '\\\\';
    case '\n':
      return '\\n';
    case '\r':
      return '\\r';
    case '\t':
      return '\\t';
    case '\b':
      return '\\b';
    case '\f':
      return '\\f';
  }
  const code = ch.codePointAt(0)!;
  // Other controls: an octal escape (a \u escape of a control is legal too, but octal cannot be
  // mistaken for a line break by anyone reading the rules).
  if (code < 0x20) return `\\${code.toString(8).padStart(3, '0')}`;
  if (code < 0x7f) return ch;
  // Non-ASCII (and DEL) as UTF-16 \u escapes, a surrogate pair for astral characters.
  let out = '';
  for (let i = 0; i < ch.length; i++) out += `\\u${ch.charCodeAt(i).toString(16).padStart(4, '0')}`;
  return out;
}
