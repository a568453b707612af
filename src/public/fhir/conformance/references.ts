/** Reference.reference formats (R4 "Literal references"), parsed without allocation where possible. */

export type RefKind = 'local' | 'relative' | 'absolute' | 'uuid' | 'oid' | 'conditional' | 'invalid';

export interface ParsedRef {
  kind: RefKind;
  /** Resource type named by the reference, when it names one. */
  type?: string;
  /** Why an invalid reference is invalid. */
  problem?: string;
}

const ID = /^[A-Za-z0-9\-.]{1,64}$/;
/**
 * `^urn:uuid:[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$` checked
 * by hand (every Bundle reference goes through it, and the regex costs several times more).
 */
function isUuidRef(ref: string): boolean {
  if (ref.length !== 45) return false;
  for (let i = 9; i < 45; i++) {
    const c = ref.charCodeAt(i);
    if (i === 17 || i === 22 || i === 27 || i === 32) {
      if (c !== 45 /* - */) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
}
const OID = /^urn:oid:[0-2](\.(0|[1-9][0-9]*))+$/;
const SCHEME = /^[A-Za-z][A-Za-z0-9+.-]*:/;
const ABSOLUTE_TAIL = /\/([A-Z][A-Za-z]+)\/[A-Za-z0-9\-.]{1,64}(\/_history\/[A-Za-z0-9\-.]{1,64})?$/;
const RELATIVE = /^([A-Z][A-Za-z]+)\/([^/?#]+)(\/_history\/([^/?#]+))?$/;
const CONDITIONAL = /^([A-Z][A-Za-z]+)\?(.+)$/;

const LOCAL: ParsedRef = { kind: 'local' };
const UUID_REF: ParsedRef = { kind: 'uuid' };
const OID_REF: ParsedRef = { kind: 'oid' };
const ABSOLUTE: ParsedRef = { kind: 'absolute' };

export function parseReference(ref: string, isResourceType: (t: string) => boolean): ParsedRef {
  const c = ref.charCodeAt(0);
  if (c === 35 /* # */) return LOCAL;
  if (ref.startsWith('urn:uuid:')) return isUuidRef(ref) ? UUID_REF : { kind: 'invalid', problem: 'a urn:uuid: reference needs a lowercase-hex UUID (8-4-4-4-12)' };
  if (ref.startsWith('urn:oid:')) return OID.test(ref) ? OID_REF : { kind: 'invalid', problem: 'a urn:oid: reference needs a dotted OID like urn:oid:1.2.3' };
  const rel = RELATIVE.exec(ref);
  if (rel) {
    if (!isResourceType(rel[1])) return { kind: 'invalid', problem: `"${rel[1]}" is not a FHIR R4 resource type` };
    if (!ID.test(rel[2]) || (rel[4] !== undefined && !ID.test(rel[4]))) {
      return { kind: 'invalid', problem: 'the id must be 1-64 characters of A-Z, a-z, 0-9, - and .' };
    }
    return { kind: 'relative', type: rel[1] };
  }
  const cond = CONDITIONAL.exec(ref);
  if (cond) {
    if (!isResourceType(cond[1])) return { kind: 'invalid', problem: `"${cond[1]}" is not a FHIR R4 resource type` };
    return { kind: 'conditional', type: cond[1] };
  }
  if (SCHEME.test(ref)) {
    if (/\s/.test(ref)) return { kind: 'invalid', problem: 'a URL cannot contain whitespace' };
    const tail = ABSOLUTE_TAIL.exec(ref);
    if (tail && isResourceType(tail[1])) return { kind: 'absolute', type: tail[1] };
    return ABSOLUTE;
  }
  return {
    kind: 'invalid',
    problem: 'expected "Type/id", an absolute URL, "#id" for a contained resource, or urn:uuid:/urn:oid:',
  };
}
