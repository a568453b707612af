/** A resource as JSON (the tests need no FHIR type package). */
export type JsonResource = { resourceType: string; [key: string]: unknown };

/**
 * Resources for the client-code tests: a plain one, one full of what breaks quoting in one
 * language or another, and a transaction Bundle (POSTed to the base URL itself).
 */
export const simpleObservation: JsonResource = {
  resourceType: 'Observation',
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '8867-4', display: 'Heart rate' }] },
  subject: { reference: 'Patient/42' },
  effectiveDateTime: '2024-05-01T08:30:00Z',
  valueQuantity: { value: 72, unit: 'beats/minute', system: 'http://unitsofmeasure.org', code: '/min' },
};

/** Every string here is something a quoting rule of one of the five languages cares about. */
export const NASTY_STRINGS = [
  `O'Brien "the \\ quoted" \\`,
  '${x} and #{y} and %{http_code} and %s',
  '`whoami` $(echo pwned) $HOME',
  '"""',
  '""',
  '"',
  '"""""""',
  "'''",
  "'",
  '\\u0041 is not A',
  '\\\\u0041 either',
  '\\uuuu0041',
  '\\',
  '\\"',
  '\\n is not a newline',
  'line 1\nline 2\r\nline 3\ttab',
  'nul \u0000 unit separator \u001f del \u007f',
  'é ü ß 中文 😀 𝄞 Ω',
  'line\u2028separator\u2029paragraph\u0085next line',
  '</script><script>alert("x")</script>',
  '*/ /* // -- #',
  'FHIR_JSON',
  'trailing space ',
  ' ',
  '\t',
  '',
];

export const nastyPatient: JsonResource = {
  resourceType: 'Patient',
  id: 'nasty-1',
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">It\'s "quoted" &amp; </div>' },
  // JSON.parse makes "__proto__" an own property, as a server's parser would: a key to keep.
  extension: [JSON.parse('{"url": "http://example.org/fhir/x", "__proto__": {"polluted": "yes"}, "valueString": "v"}')],
  name: [{ family: NASTY_STRINGS[0], given: NASTY_STRINGS.slice(1) }],
  birthDate: '1970-01-01',
  multipleBirthInteger: 2,
  active: true,
  contact: [{ name: { text: 'FHIR_JSON' } }],
  // Not FHIR: the snippets send any JSON document as it is (numbers as numbers, nulls as nulls).
  _numbers: [0, 1.5, -3, 1e21, 0.1, 12345678901234],
};

export const transactionBundle: JsonResource = {
  resourceType: 'Bundle',
  type: 'transaction',
  entry: [
    {
      fullUrl: 'urn:uuid:6f1c8a52-3f7e-4f59-9d0a-4b1f1e0b7a11',
      resource: { resourceType: 'Patient', name: [{ family: "D'Arcy", given: ['Jane "JJ"'] }], gender: 'female' },
      request: { method: 'POST', url: 'Patient' },
    },
    {
      fullUrl: 'urn:uuid:9a2b7c3d-1e4f-4a5b-8c6d-7e8f9a0b1c2d',
      resource: {
        resourceType: 'Condition',
        subject: { reference: 'urn:uuid:6f1c8a52-3f7e-4f59-9d0a-4b1f1e0b7a11' },
        code: { coding: [{ system: 'http://snomed.info/sct', code: '195967001', display: 'Asthma' }], text: 'Asthma \\ "wheeze"' },
      },
      request: { method: 'POST', url: 'Condition' },
    },
  ],
};

/** A model's answer for "blood pressure 120/80 for patient 42 taken this morning": valid FHIR, for the AI-path tests. */
export const modelBloodPressure = () => ({
  resourceType: 'Observation',
  status: 'final',
  category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
  code: { coding: [{ system: 'http://loinc.org', code: '85354-9', display: 'Blood pressure panel with all children optional' }] },
  subject: { reference: 'Patient/42' },
  effectiveDateTime: '2026-01-15T08:00:00Z',
  component: [
    { code: { coding: [{ system: 'http://loinc.org', code: '8480-6' }] }, valueQuantity: { value: 120, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
    { code: { coding: [{ system: 'http://loinc.org', code: '8462-4' }] }, valueQuantity: { value: 80, unit: 'mmHg', system: 'http://unitsofmeasure.org', code: 'mm[Hg]' } },
  ],
});
