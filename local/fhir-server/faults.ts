import type { FaultBehaviour, Inbound, Outbound } from './exchange';
import { bodyKind } from './negotiation';
import { outcome } from './outcomes';

/**
 * The faulty variants of the reference server: each breaks ONE rule of the R4 RESTful API
 * (http.html, search.html, with bundle.html for the shape of the Bundles they return) and is
 * otherwise the reference server. `keywords` are words a test failure that catches the fault
 * should contain (taken from the API Testing Suite's messages: see /work/notes/fhir-server.md).
 */
export interface FaultInfo {
  title: string;
  /** The spec sentence broken, quoted or close to it. */
  rule: string;
  /** URL with anchor. */
  specRef: string;
  keywords: string[];
}

const R4 = 'https://hl7.org/fhir/R4';

export const FAULTS = {
  'searchset-no-fullurl': {
    title: 'Search results without fullUrl',
    rule: 'Each entry of a searchset Bundle has a fullUrl: the absolute URL of the resource ([base]/[type]/[id]).',
    specRef: `${R4}/bundle.html#searchset`,
    keywords: ['fullUrl'],
  },
  'searchset-no-mode': {
    title: 'Search results without search.mode',
    rule: 'Entries of a searchset say why they are in the Bundle with search.mode: "match" for matches, "include" for included resources.',
    specRef: `${R4}/search.html#include`,
    keywords: ['search.mode'],
  },
  'etag-not-version': {
    title: 'ETag is not the version id',
    rule: 'The server SHALL return an ETag header with the versionId of the resource (ETag: W/"<versionId>").',
    specRef: `${R4}/http.html#versioning`,
    keywords: ['ETag', 'meta.versionId'],
  },
  'last-modified-missing': {
    title: 'No Last-Modified header',
    rule: 'The server SHOULD return a Last-Modified header with the date the resource was last changed (meta.lastUpdated) on a read.',
    specRef: `${R4}/http.html#read`,
    keywords: ['Last-Modified'],
  },
  'content-type-json': {
    title: 'Content-Type application/json instead of application/fhir+json',
    rule: 'The formal MIME-type for FHIR resources is application/fhir+json; servers SHALL use it when the client asks for it.',
    specRef: `${R4}/http.html#mime-type`,
    keywords: ['application/fhir+json'],
  },
  'accept-json-406': {
    title: 'Accept: application/json refused with 406',
    rule: 'json, application/json and application/fhir+json SHALL be interpreted to mean the JSON format.',
    specRef: `${R4}/http.html#mime-type`,
    keywords: ['application/json'],
  },
  'error-not-operationoutcome': {
    title: 'Errors without an OperationOutcome',
    rule: 'Servers SHOULD return an OperationOutcome with error details with a 4xx or 5xx status.',
    specRef: `${R4}/http.html#Status-codes`,
    keywords: ['OperationOutcome'],
  },
  'create-200': {
    title: 'Create answers 200 OK',
    rule: 'On a create the server returns a 201 Created HTTP status code.',
    specRef: `${R4}/http.html#create`,
    keywords: ['201'],
  },
  'location-no-history': {
    title: 'Location of a create without _history',
    rule: 'The server SHALL also return a Location header which contains the new Logical Id and Version Id of the created resource version ([base]/[type]/[id]/_history/[vid]).',
    specRef: `${R4}/http.html#create`,
    keywords: ['Location', '_history'],
  },
  'invalid-accepted': {
    title: 'Invalid resources are stored',
    rule: 'A resource that could not be parsed or failed basic FHIR validation rules is refused with 400 Bad Request (422 for profile or business rules).',
    specRef: `${R4}/http.html#create`,
    keywords: ['validation', '400', '422'],
  },
  'update-keeps-version': {
    title: 'Update keeps the version id',
    rule: 'On an update the server SHALL update the meta.versionId (and meta.lastUpdated) of the resource: every update is a new version.',
    specRef: `${R4}/http.html#update`,
    keywords: ['versionId'],
  },
  'if-match-ignored': {
    title: 'If-Match is ignored',
    rule: 'If the version id given in the If-Match header does not match the current version, the server returns a 412 Precondition Failed.',
    specRef: `${R4}/http.html#concurrency`,
    keywords: ['If-Match', '412'],
  },
  'delete-no-effect': {
    title: 'Delete answers 200 but the resource stays',
    rule: 'After a delete, subsequent non-version specific reads of the resource return 410 Gone (404 if the server does not track deletions).',
    specRef: `${R4}/http.html#delete`,
    keywords: ['410', '404'],
  },
  'history-no-request': {
    title: 'History entries without request and response',
    rule: 'The history interaction returns a Bundle of type history, whose entries carry request and response (bdl-3, bdl-4).',
    specRef: `${R4}/http.html#history`,
    keywords: ['request', 'response'],
  },
  'strict-handling-ignored': {
    title: 'Prefer: handling=strict is ignored',
    rule: 'With Prefer: handling=strict the server returns an error for any unknown or unsupported parameter.',
    specRef: `${R4}/search.html#errors`,
    keywords: ['handling=strict'],
  },
  'count-ignored': {
    title: '_count is ignored',
    rule: '_count sets the number of search results per page: the server SHALL NOT return more matches in a page than the client asked for.',
    specRef: `${R4}/search.html#count`,
    keywords: ['_count'],
  },
  'next-link-same-page': {
    title: 'The next link leads to the same page',
    rule: 'The next link of a searchset leads to the next page of results.',
    specRef: `${R4}/http.html#paging`,
    keywords: ['next link'],
  },
  'param-ignored': {
    title: 'A declared search parameter (Patient gender) is ignored',
    rule: 'A search parameter the server declares in its CapabilityStatement filters the results: Patient?gender=female returns only female patients.',
    specRef: `${R4}/search.html#token`,
    keywords: ['gender', 'negative control'],
  },
  'post-search-differs': {
    title: 'POST [type]/_search ignores its form body',
    rule: 'Searches can also be performed using POST [base]/[type]/_search with the parameters as application/x-www-form-urlencoded, with the same semantics as GET.',
    specRef: `${R4}/http.html#search`,
    keywords: ['POST', 'GET'],
  },
  'date-prefix-ignored': {
    title: 'Date prefixes are ignored',
    rule: 'The prefix lt means "the value for the parameter in the resource is less than the provided value" (ge: greater or equal).',
    specRef: `${R4}/search.html#prefix`,
    keywords: ['prefix', 'lt'],
  },
  'reference-url-unmatched': {
    title: 'A reference given as an absolute URL does not match',
    rule: 'A reference parameter takes [id], [type]/[id] or the absolute URL of the resource, and they all refer to the same resource.',
    specRef: `${R4}/search.html#reference`,
    keywords: ['absolute URL'],
  },
  'string-case-sensitive': {
    title: 'String search is case-sensitive',
    rule: 'By default, a field matches a string query if the value of the field equals or starts with the supplied parameter value, ignoring case and accents.',
    specRef: `${R4}/search.html#string`,
    keywords: ['starts with'],
  },
  'token-code-needs-system': {
    title: 'identifier=[code] without a system does not match',
    rule: '[parameter]=[code]: the value of [code] matches a Coding.code or Identifier.value irrespective of the value of the system property.',
    specRef: `${R4}/search.html#token`,
    keywords: ['system'],
  },
} satisfies Record<string, FaultInfo>;

export type FaultId = keyof typeof FAULTS;

export const FAULT_IDS = Object.keys(FAULTS) as FaultId[];

export const isFaultId = (value: unknown): value is FaultId => typeof value === 'string' && Object.prototype.hasOwnProperty.call(FAULTS, value);

// --- how each fault behaves -----------------------------------------------------------------------

type Json = Record<string, unknown>;
const isBundle = (body: unknown, type: string): body is Json & { entry?: Json[]; link?: Array<{ relation: string; url: string }> } =>
  !!body && typeof body === 'object' && (body as Json).resourceType === 'Bundle' && (body as Json).type === type;
const isTypeSearch = (r: Inbound) => (r.method === 'GET' && r.segments.length === 1) || (r.method === 'POST' && r.segments[1] === '_search');

/** Drops a parameter from a search, in the query string and in a POST _search form body. */
function dropParam(r: Inbound, name: string): void {
  r.pairs = r.pairs.filter(([k]) => k.split(':')[0] !== name);
  if (r.method === 'POST' && bodyKind(r.headers['content-type']).kind === 'form') {
    const form = new URLSearchParams([...new URLSearchParams(r.rawBody).entries()].filter(([k]) => k.split(':')[0] !== name));
    r.rawBody = form.toString();
  }
}

export const FAULT_BEHAVIOURS: Record<FaultId, FaultBehaviour> = {
  'searchset-no-fullurl': {
    after: (_r, res) => {
      if (isBundle(res.body, 'searchset')) res.body.entry?.forEach((e) => delete e.fullUrl);
    },
  },
  'searchset-no-mode': {
    after: (_r, res) => {
      if (isBundle(res.body, 'searchset')) res.body.entry?.forEach((e) => delete e.search);
    },
  },
  'etag-not-version': {
    // A weak ETag, but of the modification time in ms, not of the version id.
    after: (_r, res) => {
      if (res.headers.etag && res.headers['last-modified']) res.headers.etag = `W/"${Date.parse(res.headers['last-modified'])}"`;
    },
  },
  'last-modified-missing': {
    after: (_r, res) => {
      delete res.headers['last-modified'];
    },
  },
  'content-type-json': {
    after: (_r, res) => {
      if (res.body !== undefined) res.headers['content-type'] = 'application/json; charset=utf-8';
    },
  },
  'accept-json-406': {
    before: (r): Outbound | void => {
      const first = (r.headers.accept ?? '').split(',')[0].split(';')[0].trim().toLowerCase();
      if (first === 'application/json') return { status: 406, headers: {}, body: outcome('not-supported', 'Accept: application/json is not supported') };
    },
  },
  'error-not-operationoutcome': {
    after: (_r, res) => {
      if (res.status >= 400) res.body = { error: `HTTP ${res.status}`, status: res.status };
    },
  },
  'create-200': {
    after: (r, res) => {
      if (r.method === 'POST' && r.segments.length === 1 && res.status === 201) res.status = 200;
    },
  },
  'location-no-history': {
    after: (r, res) => {
      if (r.method === 'POST' && res.headers.location) res.headers.location = res.headers.location.replace(/\/_history\/[^/]+$/, '');
    },
  },
  'invalid-accepted': { validate: false },
  'update-keeps-version': { repository: { newVersionOnUpdate: false } },
  'if-match-ignored': {
    before: (r) => {
      delete r.headers['if-match'];
    },
  },
  'delete-no-effect': {
    before: (r): Outbound | void => {
      if (r.method === 'DELETE' && r.segments.length === 2) return { status: 200, headers: {}, body: outcome('informational', `Deleted (${r.segments.join('/')})`, 'information') };
    },
  },
  'history-no-request': {
    after: (_r, res) => {
      if (isBundle(res.body, 'history'))
        res.body.entry?.forEach((e) => {
          delete e.request;
          delete e.response;
        });
    },
  },
  'strict-handling-ignored': {
    before: (r) => {
      if (r.headers.prefer) r.headers.prefer = r.headers.prefer.replace(/handling\s*=\s*strict/gi, 'handling=lenient');
    },
  },
  'count-ignored': {
    before: (r) => {
      if (isTypeSearch(r)) dropParam(r, '_count');
    },
  },
  'next-link-same-page': {
    after: (_r, res) => {
      if (!isBundle(res.body, 'searchset')) return;
      const self = res.body.link?.find((l) => l.relation === 'self');
      const next = res.body.link?.find((l) => l.relation === 'next');
      if (self && next) next.url = self.url;
    },
  },
  'param-ignored': {
    before: (r) => {
      if (r.segments[0] === 'Patient' && isTypeSearch(r)) dropParam(r, 'gender');
    },
  },
  'post-search-differs': {
    before: (r) => {
      if (r.method === 'POST' && r.segments[1] === '_search') r.rawBody = '';
    },
  },
  'date-prefix-ignored': { repository: { search: { datePrefixes: false } } },
  'reference-url-unmatched': { repository: { search: { absoluteReferences: false } } },
  'string-case-sensitive': { repository: { search: { caseInsensitiveStrings: false } } },
  'token-code-needs-system': { repository: { search: { tokenCodeWithoutSystem: false } } },
};
