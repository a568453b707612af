import { DEFAULT_BASE_URL, LANGUAGES, generateCode } from '../../src/public/fhir/codegen';
import { simpleObservation, transactionBundle, type JsonResource } from '../helpers/codegen-samples';

/** generateCode's options and the shape of each template (the literals are checked in codegen-literals / codegen-run). */
describe('generateCode', () => {
  it('writes all five languages by default, in LANGUAGES order, for the default base URL', () => {
    const code = generateCode(simpleObservation);
    expect(Object.keys(code)).toEqual([...LANGUAGES]);
    for (const language of LANGUAGES) {
      expect([language, code[language]!.includes(DEFAULT_BASE_URL)]).toEqual([language, true]);
    }
  });

  it('writes only the languages asked for (order of the result stays LANGUAGES order)', () => {
    expect(Object.keys(generateCode(simpleObservation, { languages: ['java', 'curl'] }))).toEqual(['curl', 'java']);
    expect(generateCode(simpleObservation, { languages: [] })).toEqual({});
  });

  it('every snippet sends and accepts application/fhir+json and prints the status and the Location', () => {
    const code = generateCode(simpleObservation);
    expect(code.typescript).toMatch(/"Content-Type": "application\/fhir\+json"[\s\S]*Accept: "application\/fhir\+json"/);
    expect(code.typescript).toMatch(/method: "POST"[\s\S]*response\.status[\s\S]*headers\.get\("Location"\)/);
    expect(code.python).toMatch(/"Content-Type": "application\/fhir\+json", "Accept": "application\/fhir\+json"/);
    expect(code.python).toMatch(/requests\.post\([\s\S]*response\.status_code[\s\S]*headers\.get\("Location"\)/);
    expect(code.curl).toContain('--request POST "$BASE_URL/Observation"');
    expect(code.curl).toMatch(/--include[\s\S]*--header 'Content-Type: application\/fhir\+json'[\s\S]*--header 'Accept: application\/fhir\+json'/);
    expect(code.java).toMatch(/FhirContext\.forR4\(\)[\s\S]*setEncoding\(EncodingEnum\.JSON\)[\s\S]*newJsonParser\(\)\.parseResource\(RESOURCE_JSON\)[\s\S]*client\.create\(\)\.resource\(resource\)\.execute\(\)/);
    expect(code.java).toMatch(/Maven: ca\.uhn\.hapi\.fhir:hapi-fhir-client and ca\.uhn\.hapi\.fhir:hapi-fhir-structures-r4/);
    expect(code.csharp).toMatch(/new FhirJsonParser\(\)[\s\S]*PreferredFormat = ResourceFormat\.Json[\s\S]*client\.CreateAsync\(resource\)[\s\S]*LastResult\?\.Location/);
    expect(code.csharp).toMatch(/NuGet: dotnet add package Hl7\.Fhir\.R4/);
  });

  it('POSTs a resource to <base>/<type> and a transaction or batch Bundle to the base itself; trailing slashes go', () => {
    const base = 'https://example.org/fhir//';
    const create = generateCode(simpleObservation, { baseUrl: base });
    expect(create.typescript).toContain('const baseUrl = "https://example.org/fhir";');
    expect(create.typescript).toContain('fetch(baseUrl + "/Observation"');
    expect(create.python).toContain('BASE_URL + "/Observation"');

    const transaction = generateCode(transactionBundle, { baseUrl: base });
    expect(transaction.typescript).toContain('fetch(baseUrl, {');
    expect(transaction.python).toMatch(/requests\.post\(\n {4}BASE_URL,\n/);
    expect(transaction.curl).toContain('--request POST "$BASE_URL" \\');
    expect(transaction.java).toContain('client.transaction().withBundle(bundle).execute()');
    expect(transaction.java).toContain('parseResource(Bundle.class, RESOURCE_JSON)');
    expect(transaction.csharp).toContain('await client.TransactionAsync(bundle)');

    const batchBundle: JsonResource = { ...transactionBundle, type: 'batch' };
    const batch = generateCode(batchBundle, { baseUrl: base });
    expect(batch.typescript).toContain('fetch(baseUrl, {');
    // A collection Bundle is a resource like any other: created at /Bundle.
    const collectionBundle: JsonResource = { ...transactionBundle, type: 'collection' };
    const collection = generateCode(collectionBundle, { baseUrl: base });
    expect(collection.typescript).toContain('fetch(baseUrl + "/Bundle"');
    expect(collection.java).toContain('client.create()');
  });

  it('the base URL is data: a quote or a command in it stays inside the string', () => {
    const baseUrl = 'https://x.test/"; process.exit(7); //\'$(reboot)`id`';
    const code = generateCode(simpleObservation, { baseUrl });
    expect(code.typescript).toContain(`const baseUrl = ${JSON.stringify(baseUrl)};`);
    expect(code.python).toContain(`BASE_URL = ${JSON.stringify(baseUrl)}`);
    expect(code.curl).toContain(`BASE_URL='https://x.test/"; process.exit(7); //'\\''$(reboot)\`id\`'`);
  });

  it('names what is sent in the header comment', () => {
    expect(generateCode(simpleObservation, { languages: ['python'] }).python).toMatch(/^"""FHIR IQ: POST an Observation to a FHIR R4 server\./);
    expect(generateCode({ resourceType: 'Patient' }, { languages: ['java'] }).java).toMatch(/^\/\/ FHIR IQ: POST a Patient to/);
    expect(generateCode(transactionBundle, { languages: ['curl'] }).curl).toContain('# FHIR IQ: POST a transaction Bundle to');
  });

  it('refuses a resource without a proper resourceType (it becomes part of a URL and of the code)', () => {
    expect(() => generateCode({ resourceType: 'Patient/../../admin' })).toThrow(/valid resourceType/);
    expect(() => generateCode({ resourceType: '' })).toThrow(/valid resourceType/);
    expect(() => generateCode({} as { resourceType: string })).toThrow(/valid resourceType/);
  });
});
