import { httpError } from './outcomes';

export const FHIR_JSON = 'application/fhir+json';
export const JSON_MIME = 'application/json';

/** A media type with its parameters, from an Accept or Content-Type header. */
interface MediaRange {
  type: string;
  params: Record<string, string>;
  q: number;
}

function parseMediaRanges(header: string): MediaRange[] {
  return header
    .split(',')
    .map((part) => {
      const [type = '', ...rest] = part.split(';').map((s) => s.trim());
      const params: Record<string, string> = {};
      for (const p of rest) {
        const i = p.indexOf('=');
        if (i > 0) params[p.slice(0, i).trim().toLowerCase()] = p.slice(i + 1).trim().replace(/^"|"$/g, '');
      }
      const q = params.q === undefined ? 1 : Number(params.q);
      return { type: type.toLowerCase(), params, q: Number.isFinite(q) ? q : 0 };
    })
    .filter((r) => r.type !== '');
}

/** The fhirVersion MIME parameter names the version; this is an R4 (4.0.x) server. */
const versionOk = (params: Record<string, string>) => params.fhirversion === undefined || /^4\.0(\.\d+)?$/.test(params.fhirversion);

/** JSON media types: what each yields in Content-Type. XML and everything else: not available. */
function jsonMimeFor(type: string): string | undefined {
  switch (type) {
    case FHIR_JSON:
    case '*/*':
    case 'application/*':
    case 'json':
      return FHIR_JSON;
    case JSON_MIME:
    case 'text/json':
      return JSON_MIME;
    default:
      return undefined;
  }
}

/**
 * The response MIME type (http.html#mime-type): _format wins over Accept; json,
 * application/json and application/fhir+json mean JSON (application/json is answered as such, the
 * others as application/fhir+json); no preference gives application/fhir+json. This server speaks
 * only JSON: a request that accepts only XML (or anything else) gets 406 Not Acceptable (with an
 * OperationOutcome in JSON), as does a fhirVersion other than 4.0.
 */
export function negotiate(format: string | undefined, accept: string | undefined): string {
  if (format !== undefined) {
    const [range] = parseMediaRanges(format);
    const mime = range && versionOk(range.params) ? jsonMimeFor(range.type) : undefined;
    if (!mime) throw httpError(406, 'not-supported', `_format=${format} is not supported: this server returns JSON only (_format=json or application/fhir+json)`);
    return mime;
  }
  if (!accept || accept.trim() === '') return FHIR_JSON;
  const ranges = parseMediaRanges(accept)
    .map((r, i) => ({ ...r, i, mime: versionOk(r.params) ? jsonMimeFor(r.type) : undefined }))
    .filter((r) => r.q > 0 && r.mime)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  if (ranges.length === 0) throw httpError(406, 'not-supported', `Accept: ${accept} cannot be satisfied: this server returns application/fhir+json (FHIR R4, fhirVersion=4.0) only`);
  return ranges[0].mime!;
}

export type BodyKind = 'json' | 'form' | 'none' | 'unsupported';

/** What a request body's Content-Type says it is. */
export function bodyKind(contentType: string | undefined): { kind: BodyKind; versionOk: boolean } {
  if (!contentType) return { kind: 'none', versionOk: true };
  const [range] = parseMediaRanges(contentType);
  if (!range) return { kind: 'none', versionOk: true };
  const ok = versionOk(range.params);
  if (range.type === FHIR_JSON || range.type === JSON_MIME || range.type === 'text/json') return { kind: 'json', versionOk: ok };
  if (range.type === 'application/x-www-form-urlencoded') return { kind: 'form', versionOk: ok };
  return { kind: 'unsupported', versionOk: ok };
}

/** Prefer header tokens (http.html#ops: return=..., handling=...). */
export function parsePrefer(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  for (const part of (header ?? '').split(/[,;]/)) {
    const i = part.indexOf('=');
    if (i > 0) out[part.slice(0, i).trim().toLowerCase()] = part.slice(i + 1).trim().replace(/^"|"$/g, '').toLowerCase();
  }
  return out;
}
