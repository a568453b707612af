import { MODIFIERS, SUPPORTED_TYPES, supportedParam } from './capability';
import { httpError } from './outcomes';

export type QueryMode = 'search' | 'history' | 'conditional';

export interface PreparedQuery {
  /** The parameters the server applies, rewritten where needed (subject:Patient=1 -> subject=Patient/1). */
  used: Array<[string, string]>;
  /** Unknown or unsupported parameters that were ignored (lenient handling). */
  ignored: string[];
}

const INTEGER = /^\d+$/;

/**
 * Checks a query before Medplum parses it: Medplum turns an unknown parameter into a filter that
 * matches nothing, and drops unknown modifiers silently. R4 (search.html#errors): unknown and
 * unsupported parameters are ignored by default and refused with 400 under Prefer:
 * handling=strict; a modifier the server does not implement is refused (an error is the safe
 * answer: ignoring it would change what the search means). Conditional interactions are always
 * strict: ignoring a criterion there could create, update or delete the wrong resource.
 */
export function prepareQuery(type: string, pairs: Array<[string, string]>, mode: QueryMode, strict: boolean): PreparedQuery {
  const support = SUPPORTED_TYPES[type];
  const used: Array<[string, string]> = [];
  const ignored: string[] = [];
  const unsupported = (key: string, why: string) => {
    if (strict || mode === 'conditional') throw httpError(400, 'not-supported', `${why} (Prefer: handling=${mode === 'conditional' ? 'strict for conditional interactions' : 'strict'})`, [key]);
    ignored.push(key);
  };

  for (const [key, value] of pairs) {
    const colon = key.indexOf(':');
    const name = colon < 0 ? key : key.slice(0, colon);
    const modifier = colon < 0 ? '' : key.slice(colon + 1);
    // Content negotiation, handled by the HTTP layer.
    if (name === '_format' || name === '_pretty') continue;

    if ((name === '_count' || name === '_offset') && mode !== 'conditional') {
      if (modifier || !INTEGER.test(value)) throw httpError(400, 'invalid', `${key} must be a non-negative integer, got "${value}"`, [key]);
      used.push([name, value]);
      continue;
    }
    if (mode === 'history') {
      unsupported(key, `History parameter ${key} is not supported (only _count)`);
      continue;
    }
    if (mode === 'search' && (name === '_include' || name === '_revinclude')) {
      const declared = name === '_include' ? support.include : support.revinclude;
      const [source = '', param = '', target] = value.split(':');
      const targets = supportedParam(source, param)?.target ?? [];
      if (!modifier && declared.includes(`${source}:${param}`) && (!target || targets.includes(target))) used.push([name, value]);
      else unsupported(key, `${key}=${value} is not supported for ${type} (supported: ${declared.join(', ') || 'none'})`);
      continue;
    }
    if (mode === 'search' && name === '_summary') {
      if (!modifier && value === 'count') used.push([name, value]);
      else unsupported(key, `${key}=${value} is not supported (only _summary=count)`);
      continue;
    }
    if (mode === 'search' && name === '_total') {
      if (!modifier && ['none', 'estimate', 'accurate'].includes(value)) used.push([name, value]);
      else unsupported(key, `${key}=${value} is not supported`);
      continue;
    }
    const param = supportedParam(type, name);
    if (!param) {
      unsupported(key, `Search parameter ${name} is unknown or not supported for ${type}`);
      continue;
    }
    if (param.type === 'reference' && modifier && param.target.includes(modifier)) {
      // [parameter]:[Type]=[id] is [parameter]=[Type]/[id] (search.html#reference).
      used.push([name, value.split(',').map((v) => (v.includes('/') ? v : `${modifier}/${v}`)).join(',')]);
      continue;
    }
    if (!MODIFIERS[param.type].includes(modifier)) {
      throw httpError(400, 'not-supported', `Modifier :${modifier} is not supported for the ${param.type} parameter ${name}`, [key]);
    }
    if (modifier === 'missing' && value !== 'true' && value !== 'false') throw httpError(400, 'invalid', `${key} takes true or false, got "${value}"`, [key]);
    if (value === '') {
      // An empty value is no criterion: ignored (search.html#errors allows ignoring it).
      ignored.push(key);
      continue;
    }
    used.push([key, value]);
  }
  if (mode === 'conditional' && used.length === 0) throw httpError(400, 'invalid', 'A conditional interaction needs search criteria');
  return { used, ignored };
}

export function encodeQuery(pairs: Array<[string, string]>): string {
  return pairs.map(([k, v]) => `${encodeURIComponent(k)}=${encodeURIComponent(v)}`).join('&');
}

export function toQueryObject(pairs: Array<[string, string]>): Record<string, string | string[]> {
  const out: Record<string, string | string[]> = {};
  for (const [k, v] of pairs) {
    const prev = out[k];
    out[k] = prev === undefined ? v : Array.isArray(prev) ? [...prev, v] : [prev, v];
  }
  return out;
}
