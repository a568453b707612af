import type { Condition, Encounter, Observation, Organization, Patient, Practitioner, Resource } from 'fhir/r4';

/**
 * A small, realistic dataset for the reference server that `npm start` runs, so a read-only run of
 * the API Testing Suite from the page has resources to read and search (an empty server leaves most
 * read and search tests skipped: "nothing found"). Written through the server's own REST API, as a
 * client would, so every resource gets its id, version and search indexes the normal way.
 */
export async function loadSampleData(baseUrl: string): Promise<number> {
  const organization = await create<Organization>(baseUrl, {
    resourceType: 'Organization',
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1234567893' }],
    active: true,
    name: 'Riverside Community Clinic',
  });
  const practitioner = await create<Practitioner>(baseUrl, {
    resourceType: 'Practitioner',
    identifier: [{ system: 'http://hl7.org/fhir/sid/us-npi', value: '1245319599' }],
    name: [{ family: 'Okafor', given: ['Adaeze'], prefix: ['Dr.'] }],
    gender: 'female',
  });
  const patients = await Promise.all(
    [
      { family: 'Roe', given: 'Jane', gender: 'female' as const, birthDate: '1980-02-03', mrn: 'MRN-1001' },
      { family: 'Alvarez', given: 'Mateo', gender: 'male' as const, birthDate: '1975-09-21', mrn: 'MRN-1002' },
    ].map((p) =>
      create<Patient>(baseUrl, {
        resourceType: 'Patient',
        identifier: [{ system: 'http://hospital.example.org/mrn', value: p.mrn }],
        name: [{ family: p.family, given: [p.given] }],
        gender: p.gender,
        birthDate: p.birthDate,
        generalPractitioner: [{ reference: `Practitioner/${practitioner}` }],
        managingOrganization: { reference: `Organization/${organization}` },
      }),
    ),
  );
  let count = 2 + patients.length;
  for (const [i, patient] of patients.entries()) {
    const subject = { reference: `Patient/${patient}` };
    const day = `2026-0${i + 3}-1${i + 2}`;
    const encounter = await create<Encounter>(baseUrl, {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
      subject,
      period: { start: `${day}T09:00:00Z`, end: `${day}T09:30:00Z` },
      serviceProvider: { reference: `Organization/${organization}` },
    });
    const vitals: Observation[] = [
      vital(subject, encounter, day, '8867-4', 'Heart rate', 68 + i * 9, '/min', '/min'),
      vital(subject, encounter, day, '29463-7', 'Body weight', 64.5 + i * 17, 'kg', 'kg'),
    ];
    for (const observation of vitals) await create<Observation>(baseUrl, observation);
    await create<Condition>(baseUrl, {
      resourceType: 'Condition',
      clinicalStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }] },
      verificationStatus: { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'confirmed' }] },
      code: i === 0
        ? { coding: [{ system: 'http://snomed.info/sct', code: '195967001', display: 'Asthma' }], text: 'Asthma' }
        : { coding: [{ system: 'http://snomed.info/sct', code: '38341003', display: 'Hypertensive disorder' }], text: 'Hypertension' },
      subject,
      encounter: { reference: `Encounter/${encounter}` },
      recordedDate: day,
    });
    count += 2 + vitals.length;
  }
  return count;
}

function vital(subject: { reference: string }, encounter: string, day: string, code: string, display: string, value: number, unit: string, ucum: string): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    category: [{ coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }] }],
    code: { coding: [{ system: 'http://loinc.org', code, display }], text: display },
    subject,
    encounter: { reference: `Encounter/${encounter}` },
    effectiveDateTime: `${day}T09:10:00Z`,
    valueQuantity: { value, unit, system: 'http://unitsofmeasure.org', code: ucum },
  };
}

/** POSTs one resource; returns the id the server assigned. */
async function create<T extends Resource>(baseUrl: string, resource: T): Promise<string> {
  const response = await fetch(`${baseUrl}/${resource.resourceType}`, {
    method: 'POST',
    headers: { 'content-type': 'application/fhir+json', accept: 'application/fhir+json' },
    body: JSON.stringify(resource),
  });
  const body = (await response.json()) as Resource;
  if (response.status !== 201 || !body.id) throw new Error(`Could not create the sample ${resource.resourceType}: HTTP ${response.status}`);
  return body.id;
}
