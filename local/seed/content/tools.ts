import type { NewItem } from '../../../src/backend/ports';

/** The three FHIR IQ tools (collection Tools). Slugs are the product pages' URLs. */
export const tools: NewItem[] = [
  {
    name: 'FHIR Builder AI',
    slug: 'fhir-builder',
    tagline: 'Describe what you need in plain language; get a valid FHIR R4 resource and the code that sends it.',
    icon: '{ }',
    order: 1,
    description:
      '<p>Type <em>"blood pressure 120/80 for patient 42 taken this morning"</em> and FHIR Builder AI returns an ' +
      '<code>Observation</code> with the vital-signs category, LOINC <code>85354-9</code> and its systolic and diastolic ' +
      'components in <code>mm[Hg]</code>, a subject of <code>Patient/42</code> and today\'s date.</p>' +
      '<p>Language models alone produce valid FHIR only part of the time. Every result from FHIR Builder AI is checked by the ' +
      'same engine as the <a href="/data-quality-scanner">Data Quality Scanner</a> before you see it, and repaired when it ' +
      'does not pass, so what you copy is valid R4.</p>' +
      '<p>Without an AI key it runs a deterministic offline engine that understands the common requests: patients, ' +
      'practitioners, organizations, vital signs and labs, conditions, medication requests, immunizations, allergies, ' +
      'encounters, procedures, diagnostic reports, service requests and transaction Bundles that tie them together.</p>',
    features: [
      'Plain-language prompts to FHIR R4 resources and transaction Bundles',
      'Codes from LOINC, SNOMED CT, ICD-10-CM, RxNorm and CVX; units in UCUM',
      'Every result validated by the scanner engine, and repaired when needed',
      'Ready-to-run code in TypeScript, Python, curl, Java (HAPI FHIR) and C# (Firely SDK)',
      'Says what it understood and what is missing instead of guessing',
      'Open any result in the Data Quality Scanner with one click',
    ],
  },
  {
    name: 'Data Quality Scanner',
    slug: 'data-quality-scanner',
    tagline: 'How good is this FHIR data, and exactly what is wrong with it?',
    icon: '✓',
    order: 2,
    description:
      '<p>The scanner checks FHIR R4 data the way the HL7 validator does (structure, types and primitive formats, ' +
      'cardinality, required bindings, references, narrative and the FHIRPath invariants of the base specification) and then ' +
      'goes further, with the data-quality checks validators lack.</p>' +
      '<p>Quality checks follow the Kahn framework used by OHDSI\'s Data Quality Dashboard: <strong>completeness</strong> ' +
      '(a patient with no name or birth date), <strong>plausibility</strong> (a heart rate of 600/min, an observation before ' +
      'the patient was born) and <strong>conformance</strong> of codes (LOINC check digits, non-canonical code system URIs, ' +
      'UCUM units that do not parse), plus dataset checks such as references to resources that are not there.</p>' +
      '<p>Files dropped on the page are scanned in your browser and never leave your machine. The same engine runs in CI ' +
      'with <code>npx fhiriq scan</code> and behind the <code>/_functions/scan</code> API.</p>',
    features: [
      'Conformance as strict as the HL7 validator: types, cardinality, bindings, invariants',
      'Completeness and plausibility checks with a score per resource type',
      'Single resources, Bundles and NDJSON bulk exports',
      'Optional US Core 5.0.1 profile checks',
      'Reports as JSON, OperationOutcome, a terminal table or a self-contained HTML page',
      'Runs in the browser: your file never leaves your machine',
    ],
  },
  {
    name: 'API Testing Suite',
    slug: 'api-testing-suite',
    tagline: 'Prove whether a FHIR server follows the R4 RESTful API, test by test.',
    icon: '⇄',
    order: 3,
    description:
      '<p>Point the suite at a FHIR server\'s base URL. It reads the server\'s <code>CapabilityStatement</code> and tests ' +
      'what the server claims: read and vread with ETags, create, update and delete (only when you allow writes), search ' +
      'parameters with a negative control for every filter, paging links, <code>_include</code> and ' +
      '<code>_revinclude</code>, history, content negotiation and errors returned as <code>OperationOutcome</code>.</p>' +
      '<p>Every failure comes with the request, the response and the sentence of the specification it breaks. Results ' +
      'export as JSON, JUnit for your CI system, or a FHIR <code>TestReport</code>.</p>',
    features: [
      'Tests driven by the server\'s CapabilityStatement',
      'Negative controls, so a server that ignores a search parameter cannot pass by luck',
      'Writes only with --allow-writes, tagged and cleaned up afterwards',
      'Each failure explained with request, response and spec reference',
      'JSON, JUnit and FHIR TestReport output',
      'Safe by design: private and metadata addresses are refused',
    ],
  },
];
