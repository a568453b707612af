/**
 * Canonical URIs of common external code and identifier systems, as the FHIR R4 terminology page
 * (terminologies-systems.html) and the identifier registry (identifier-registry.html) list them, with
 * the spellings real data uses instead: OIDs (the FHIR page gives each system's OID, and "If a URI is
 * defined here, it SHALL be used in preference to any other identifying mechanisms"), bare names,
 * https/www/trailing-slash variants.
 */
interface SystemEntry {
  canonical: string;
  name: string;
  oids: string[];
  aliases: string[];
}

const SYSTEMS: SystemEntry[] = [
  { canonical: 'http://loinc.org', name: 'LOINC', oids: ['2.16.840.1.113883.6.1'], aliases: ['LOINC', 'LN', 'http://loinc.org/ln'] },
  {
    canonical: 'http://snomed.info/sct',
    name: 'SNOMED CT',
    oids: ['2.16.840.1.113883.6.96'],
    aliases: ['SNOMED', 'SNOMED CT', 'SNOMED-CT', 'SNOMEDCT', 'SNOMEDCT_US', 'SCT', 'http://snomed.info/id', 'http://snomed.info', 'http://www.snomed.org'],
  },
  {
    canonical: 'http://www.nlm.nih.gov/research/umls/rxnorm',
    name: 'RxNorm',
    oids: ['2.16.840.1.113883.6.88'],
    aliases: ['RXNORM', 'RxNorm', 'RXN', 'http://rxnav.nlm.nih.gov', 'http://www.nlm.nih.gov/research/umls/rxnorm/index.html'],
  },
  { canonical: 'http://unitsofmeasure.org', name: 'UCUM', oids: ['2.16.840.1.113883.6.8'], aliases: ['UCUM', 'http://unitsofmeasure.org/ucum.html', 'http://ucum.org'] },
  { canonical: 'http://hl7.org/fhir/sid/icd-10-cm', name: 'ICD-10-CM', oids: ['2.16.840.1.113883.6.90'], aliases: ['ICD-10-CM', 'ICD10CM', 'ICD10-CM', 'I10C'] },
  { canonical: 'http://hl7.org/fhir/sid/icd-10', name: 'ICD-10', oids: ['2.16.840.1.113883.6.3'], aliases: ['ICD-10', 'ICD10', 'I10'] },
  {
    canonical: 'http://hl7.org/fhir/sid/icd-9-cm',
    name: 'ICD-9-CM',
    oids: ['2.16.840.1.113883.6.103', '2.16.840.1.113883.6.104', '2.16.840.1.113883.6.2'],
    aliases: ['ICD-9-CM', 'ICD9CM', 'ICD-9', 'ICD9', 'http://hl7.org/fhir/sid/icd-9'],
  },
  { canonical: 'http://www.cms.gov/Medicare/Coding/ICD10', name: 'ICD-10-PCS', oids: ['2.16.840.1.113883.6.4'], aliases: ['ICD-10-PCS', 'ICD10PCS'] },
  { canonical: 'http://www.ama-assn.org/go/cpt', name: 'CPT', oids: ['2.16.840.1.113883.6.12'], aliases: ['CPT', 'CPT4', 'CPT-4', 'C4'] },
  {
    canonical: 'http://www.cms.gov/Medicare/Coding/HCPCSReleaseCodeSets',
    name: 'HCPCS',
    oids: ['2.16.840.1.113883.6.285', '2.16.840.1.113883.6.14'],
    aliases: ['HCPCS'],
  },
  {
    canonical: 'http://hl7.org/fhir/sid/cvx',
    name: 'CVX',
    oids: ['2.16.840.1.113883.12.292'],
    aliases: ['CVX', 'http://hl7.org/fhir/cvx', 'http://www2a.cdc.gov/vaccines/iis/iisstandards/vaccines.asp?rpt=cvx'],
  },
  { canonical: 'http://hl7.org/fhir/sid/ndc', name: 'NDC', oids: ['2.16.840.1.113883.6.69'], aliases: ['NDC', 'http://hl7.org/fhir/ndc'] },
  { canonical: 'http://hl7.org/fhir/sid/us-npi', name: 'NPI', oids: ['2.16.840.1.113883.4.6'], aliases: ['NPI', 'http://hl7.org/fhir/sid/npi'] },
  { canonical: 'http://hl7.org/fhir/sid/us-ssn', name: 'US SSN', oids: ['2.16.840.1.113883.4.1'], aliases: ['SSN'] },
  { canonical: 'http://nucc.org/provider-taxonomy', name: 'NUCC provider taxonomy', oids: ['2.16.840.1.113883.6.101'], aliases: ['NUCC'] },
  { canonical: 'http://fdasis.nlm.nih.gov', name: 'UNII', oids: ['2.16.840.1.113883.4.9'], aliases: ['UNII'] },
  { canonical: 'http://www.whocc.no/atc', name: 'ATC', oids: ['2.16.840.1.113883.6.73'], aliases: ['ATC'] },
  { canonical: 'http://ncimeta.nci.nih.gov', name: 'NCI Metathesaurus', oids: [], aliases: [] },
  { canonical: 'http://dicom.nema.org/resources/ontology/DCM', name: 'DICOM', oids: ['1.2.840.10008.2.16.4'], aliases: ['DCM'] },
  { canonical: 'urn:oid:2.16.840.1.113883.6.238', name: 'CDC Race & Ethnicity', oids: [], aliases: [] },
];

const CANONICAL = new Set(SYSTEMS.map((s) => s.canonical));
/** Wrong spelling (exact, or normalized by normalizeUri) -> entry. */
const EXACT = new Map<string, SystemEntry>();
const NORMALIZED = new Map<string, SystemEntry>();

/** Lower case, http for https, no "www.", no trailing slash: the variants people type by mistake. */
function normalizeUri(uri: string): string {
  return uri
    .trim()
    .toLowerCase()
    .replace(/^https:\/\//, 'http://')
    .replace(/^http:\/\/www\./, 'http://')
    .replace(/\/+$/, '');
}

for (const entry of SYSTEMS) {
  NORMALIZED.set(normalizeUri(entry.canonical), entry);
  for (const oid of entry.oids) {
    EXACT.set(`urn:oid:${oid}`, entry);
    EXACT.set(oid, entry);
  }
  for (const alias of entry.aliases) {
    EXACT.set(alias, entry);
    NORMALIZED.set(normalizeUri(alias), entry);
  }
}
// The canonical URIs themselves are never "wrong" spellings.
for (const canonical of CANONICAL) EXACT.delete(canonical);

const answers = new Map<string, SystemEntry | null>();

/**
 * When `system` is a known non-canonical spelling of a common system, the system's entry (its
 * canonical URI and name); null for canonical URIs and for systems we do not know (those are fine).
 */
export function nonCanonicalSystem(system: string): { canonical: string; name: string } | null {
  if (CANONICAL.has(system)) return null;
  let answer = answers.get(system);
  if (answer === undefined) {
    answer = EXACT.get(system) ?? NORMALIZED.get(normalizeUri(system)) ?? snomedEditionUri(system) ?? null;
    // Bounded cache: arbitrary systems in hostile input must not grow memory without limit.
    if (answers.size < 10_000) answers.set(system, answer);
  }
  return answer;
}

/** "http://snomed.info/sct/731000124108" is an edition URI: it belongs in Coding.version. */
function snomedEditionUri(system: string): SystemEntry | undefined {
  return /^https?:\/\/snomed\.info\/sct\/\d+/.test(system) ? SYSTEMS.find((s) => s.canonical === SNOMED) : undefined;
}

export const LOINC = 'http://loinc.org';
export const SNOMED = 'http://snomed.info/sct';
export const UCUM = 'http://unitsofmeasure.org';
