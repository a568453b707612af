import type { ContactPoint, HumanName, Identifier, Organization, Patient, Practitioner } from 'fhir/r4';
import { NPI, ORGANIZATION_TYPE, V2_0203 } from '../../terminology/systems';
import type { FoundName } from '../extract/people';
import { narrative } from '../narrative';
import { hl7, missing, type BuildContext, type Built } from './common';

/**
 * Patient, Practitioner and Organization: only what the request says (a Patient with a name and
 * nothing else gets nothing else), with identifiers in their proper systems: the NPI in
 * http://hl7.org/fhir/sid/us-npi, a medical record number typed MR (v2-0203) with no system, since
 * the request does not say whose record numbers they are.
 */
export function humanName(n: FoundName): HumanName {
  const name: HumanName = { use: 'official', text: [...(n.prefix ?? []), n.text].join(' ') };
  if (n.family) name.family = n.family;
  if (n.given.length) name.given = n.given;
  if (n.prefix) name.prefix = n.prefix;
  if (n.suffix) name.suffix = n.suffix;
  return name;
}

function telecom(ctx: BuildContext): ContactPoint[] | undefined {
  const contacts = ctx.analysis.contacts.map((c): ContactPoint => ({ system: c.system, value: c.value }));
  return contacts.length ? contacts : undefined;
}

export function mrnIdentifier(value: string): Identifier {
  return { use: 'usual', type: { coding: [{ system: V2_0203, code: 'MR', display: 'Medical record number' }], text: 'MRN' }, value };
}

export function buildPatient(ctx: BuildContext, name: FoundName | undefined, withContacts: boolean): Built<Patient> {
  const a = ctx.analysis;
  const patient: Patient = { resourceType: 'Patient' };
  if (a.subject) patient.id = a.subject.id;
  const lines: string[] = [];
  if (a.mrns.length) {
    patient.identifier = a.mrns.map((m) => mrnIdentifier(m.value));
    ctx.understood.push(`Patient MRN: ${a.mrns.map((m) => m.value).join(', ')}`);
    lines.push(`MRN: ${a.mrns.map((m) => m.value).join(', ')}`);
  }
  if (name) {
    patient.name = [humanName(name)];
    ctx.understood.push(`Patient name: ${name.text}`);
    lines.unshift(`Patient: ${name.text}`);
  }
  const contacts = withContacts ? telecom(ctx) : undefined;
  if (contacts) {
    patient.telecom = contacts;
    ctx.understood.push(`Patient contact: ${contacts.map((c) => c.value).join(', ')}`);
  }
  if (a.gender) {
    patient.gender = a.gender.gender;
    ctx.understood.push(`Patient gender: ${a.gender.gender}`);
    lines.push(`Gender: ${a.gender.gender}`);
    if (a.gender.gender === 'other') ctx.notes.push('gender "other" is FHIR administrative gender; a gender identity would need an extension');
  }
  const birth = a.dates.find((d) => d.role === 'birth');
  if (birth) {
    // birthDate is a date: a time of day, if any, is not part of it.
    patient.birthDate = birth.value.slice(0, 10);
    ctx.understood.push(`Patient birth date: ${patient.birthDate}`);
    lines.push(`Born: ${patient.birthDate}`);
  }
  if (!patient.name && !patient.gender && !patient.birthDate && !patient.identifier && !patient.telecom) {
    return missing('something about the patient: a name, gender, birth date or MRN (e.g. "patient Jane Roe, female, born 1980-04-02")');
  }
  const { resourceType, ...rest } = patient;
  const summary = name?.text ?? (a.mrns[0] ? `MRN ${a.mrns[0].value}` : 'patient');
  return { ok: true, resource: { resourceType, ...(rest.id ? { id: rest.id } : {}), text: narrative(lines.length ? lines : [`Patient ${summary}`]), ...rest }, summary };
}

export function buildPractitioner(ctx: BuildContext, name: FoundName | undefined, withContacts: boolean): Built<Practitioner> {
  const a = ctx.analysis;
  const npi = a.npis[0];
  if (npi && !npi.valid) return missing(`a valid NPI: ${npi.problem} (an NPI is 10 digits, the last a Luhn check digit over 80840 and the first 9)`);
  const practitioner: Practitioner = { resourceType: 'Practitioner' };
  const lines: string[] = [];
  if (npi) {
    practitioner.identifier = [{ use: 'official', system: NPI, value: npi.value }];
    ctx.understood.push(`Practitioner NPI: ${npi.value} (check digit valid)`);
    lines.push(`NPI: ${npi.value}`);
  }
  if (name) {
    practitioner.name = [humanName(name)];
    ctx.understood.push(`Practitioner name: ${practitioner.name[0]!.text}`);
    lines.unshift(`Practitioner: ${practitioner.name[0]!.text}`);
  }
  const contacts = withContacts ? telecom(ctx) : undefined;
  if (contacts) practitioner.telecom = contacts;
  if (a.gender && !ctx.patient && withContacts) practitioner.gender = a.gender.gender;
  if (!practitioner.name && !practitioner.identifier) {
    return missing('the practitioner\'s name or NPI (e.g. "Dr. Alice Wong, NPI 1234567893")');
  }
  const { resourceType, ...rest } = practitioner;
  const summary = practitioner.name?.[0]?.text ?? `NPI ${npi?.value}`;
  return { ok: true, resource: { resourceType, text: narrative(lines), ...rest }, summary };
}

const ORG_TYPES = {
  hospital: ['prov', 'Healthcare Provider'],
  clinic: ['prov', 'Healthcare Provider'],
  pharmacy: ['prov', 'Healthcare Provider'],
  laboratory: ['prov', 'Healthcare Provider'],
  insurer: ['ins', 'Insurance Company'],
} as const;

export function buildOrganization(ctx: BuildContext, withIdentifiers: boolean): Built<Organization> {
  const a = ctx.analysis;
  const found = a.organizations[0];
  if (!found) return missing('the organization\'s name (e.g. "organization named Acme Health")');
  const organization: Organization = { resourceType: 'Organization', name: found.name };
  if (found.kind !== 'other') {
    const [code, display] = ORG_TYPES[found.kind];
    organization.type = [hl7(ORGANIZATION_TYPE, code, display)];
  }
  const npi = withIdentifiers ? a.npis[0] : undefined;
  if (npi && !npi.valid) return missing(`a valid NPI: ${npi.problem}`);
  if (npi) organization.identifier = [{ use: 'official', system: NPI, value: npi.value }];
  const contacts = withIdentifiers ? telecom(ctx) : undefined;
  if (contacts) organization.telecom = contacts;
  ctx.understood.push(`Organization: ${found.name}${organization.type ? ` (${found.kind})` : ''}${npi ? `, NPI ${npi.value}` : ''}`);
  const { resourceType, ...rest } = organization;
  return { ok: true, resource: { resourceType, text: narrative([`Organization: ${found.name}`, npi ? `NPI: ${npi.value}` : undefined]), ...rest }, summary: found.name };
}
