/**
 * Bundle-level rules that need the whole Bundle: fullUrl presence, form and uniqueness, fullUrl vs
 * resource id, entry.request for transactions and batches. It also indexes the entries (fullUrls and
 * conditional creates/updates) so the entry resources, validated one by one afterwards, can resolve
 * references between entries and conditional references of a transaction.
 */
import type { BundleIndex, EntryContext } from './bundle-index';
import { conditionalKey } from './bundle-index';
import type { Context } from './context';

const ABSOLUTE = /^[A-Za-z][A-Za-z0-9+.-]*:\S+$/;
const UUID = /^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;
const TAIL = /\/([A-Z][A-Za-z]+)\/([A-Za-z0-9\-.]{1,64})(\/_history\/[^/]+)?$/;

/** meta.versionId of an entry's resource, '' when it has none. */
function versionOf(resource: Record<string, unknown> | undefined): string {
  const meta = resource?.meta;
  return isObject(meta) && typeof meta.versionId === 'string' ? meta.versionId : '';
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function checkBundle(bundle: Record<string, unknown>, ctx: Context, entries: WeakMap<object, EntryContext>): void {
  const type = typeof bundle.type === 'string' ? bundle.type : '';
  const list = Array.isArray(bundle.entry) ? bundle.entry : [];
  const index: BundleIndex = { type, fullUrls: new Map(), conditionals: new Set() };
  const transactional = type === 'transaction' || type === 'batch';
  const seen = new Map<string, number>();

  list.forEach((entry, i) => {
    if (!isObject(entry)) return;
    const at = (child?: string) => `Bundle.entry[${i}]${child ? '.' + child : ''}`;
    const resource = isObject(entry.resource) ? entry.resource : undefined;
    const fullUrl = typeof entry.fullUrl === 'string' ? entry.fullUrl : undefined;
    const rt = resource && typeof resource.resourceType === 'string' ? resource.resourceType : undefined;

    if (fullUrl !== undefined) {
      if (!ABSOLUTE.test(fullUrl)) {
        ctx.reportAt(at('fullUrl'), 'error', 'invalid', 'bundle.fullurl-format', `fullUrl ${JSON.stringify(fullUrl)} must be an absolute URL or a urn:uuid:/urn:oid: URI`);
      } else if (fullUrl.startsWith('urn:uuid:') && !UUID.test(fullUrl)) {
        ctx.reportAt(at('fullUrl'), 'error', 'invalid', 'bundle.fullurl-format', `fullUrl ${JSON.stringify(fullUrl)} is not a valid urn:uuid: (8-4-4-4-12 hex digits)`);
      }
      // bdl-7: fullUrls are unique, except for entries that are different versions of one resource
      // (different meta.versionId), and in history bundles, which list versions by design.
      if (type !== 'history') {
        const key = `${fullUrl}|${versionOf(resource)}`;
        const first = seen.get(key);
        if (first !== undefined) {
          ctx.reportAt(at('fullUrl'), 'error', 'duplicate', 'bundle.fullurl-duplicate', `fullUrl ${JSON.stringify(fullUrl)} is used by entry ${first} too: fullUrls must be unique in a Bundle (bdl-7)`);
        } else seen.set(key, i);
      }
      if (rt) {
        index.fullUrls.set(fullUrl, rt);
        const tail = TAIL.exec(fullUrl);
        if (tail && !fullUrl.startsWith('urn:') && (tail[1] !== rt || (typeof resource?.id === 'string' && tail[2] !== resource.id))) {
          ctx.reportAt(at('fullUrl'), 'error', 'invalid', 'bundle.fullurl-mismatch', `fullUrl ${JSON.stringify(fullUrl)} does not agree with the resource (${rt}/${String(resource?.id)})`);
        }
      }
    } else if (resource && transactional) {
      ctx.reportAt(
        at('fullUrl'),
        'warning',
        'required',
        'bundle.fullurl-missing',
        `The ${type} entry has no fullUrl: other entries cannot reference it (use a urn:uuid: fullUrl for new resources)`,
      );
    }

    // bdl-3: entry.request is mandatory in batch, transaction and history bundles, prohibited in others.
    const request = entry.request;
    if ((transactional || type === 'history') && !isObject(request)) {
      ctx.reportAt(at('request'), 'error', 'required', 'bundle.request-missing', `Each ${type} entry needs a request (method and url) (bdl-3)`);
    } else if (!transactional && type !== 'history' && request !== undefined) {
      ctx.reportAt(at('request'), 'error', 'structure', 'bundle.request-unexpected', `A ${type || 'Bundle'} entry must not have a request: only batch, transaction and history entries do (bdl-3)`);
    }
    if (isObject(request)) {
      const method = request.method;
      const url = typeof request.url === 'string' ? request.url : '';
      if (typeof request.ifNoneExist === 'string' && method === 'POST' && rt) {
        index.conditionals.add(conditionalKey(rt, stripQuestion(request.ifNoneExist)));
      }
      const q = url.indexOf('?');
      if ((method === 'PUT' || method === 'PATCH') && q > 0) index.conditionals.add(conditionalKey(url.slice(0, q), url.slice(q + 1)));
      if (method === 'POST' && rt && url !== '' && q < 0 && url !== rt && !url.startsWith('$') && !url.includes('/$')) {
        ctx.reportAt(at('request.url'), 'error', 'invalid', 'bundle.request-url', `A POST of a ${rt} must go to "${rt}", not ${JSON.stringify(url)}`);
      }
    }
  });

  list.forEach((entry, i) => {
    if (isObject(entry) && isObject(entry.resource)) entries.set(entry.resource, { bundle: index, index: i });
  });
}

function stripQuestion(query: string): string {
  return query.startsWith('?') ? query.slice(1) : query;
}
