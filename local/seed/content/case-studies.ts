import type { NewItem } from '../../../src/backend/ports';

/** Customer stories (collection CaseStudies). Clients are described, not named. */
export const caseStudies: NewItem[] = [
  {
    title: 'A health system finds twelve root causes behind 41,000 data-quality issues',
    slug: 'health-system-bulk-export-quality',
    client: 'A regional health system in the US Midwest (9 hospitals)',
    industry: 'Health system',
    challenge: `<p>The system's analytics team loaded a nightly FHIR Bulk Data export into its research warehouse. The export passed the HL7 validator, yet analysts kept finding impossible values: body weights in pounds labelled <code>kg</code>, lab results dated before the patient's birth, and Observations pointing at Encounters that were not in the export.</p>`,
    solution: `<p>The team ran the <strong>Data Quality Scanner</strong> over a full export (NDJSON, about 3 million resources) with <code>npx fhiriq scan</code> and grouped the issues by check and by source system. Plausibility checks by LOINC code and UCUM unit, cross-resource date checks and the dataset check for unresolved references did most of the work. The scan then became a step in the nightly pipeline, failing the load when a completeness or plausibility score fell below its threshold.</p>`,
    results: `<p>About 41,000 issues traced back to 12 root causes in three interfaces, each fixed at the source. Six weeks later the nightly scan reported fewer than 300 issues, and each new one raised a ticket the same morning.</p>`,
    metrics: ['41,000 issues traced to 12 root causes', '99.2% of Observations plausible after fixes', 'Nightly scan of ~3 million resources'],
    toolsUsed: ['data-quality-scanner'],
    publishedDate: new Date('2026-02-10T09:00:00Z'),
  },
  {
    title: 'A remote-monitoring start-up ships valid vital-sign Observations from day one',
    slug: 'remote-monitoring-vital-signs',
    client: 'A digital health start-up building remote patient monitoring',
    industry: 'Digital health',
    challenge: `<p>The start-up had to send blood pressure, heart rate, SpO2 and weight readings to its customers' EHRs as FHIR R4 Observations conforming to the vital-signs profile. Its two engineers were new to FHIR, and early payloads were rejected for missing categories, wrong LOINC codes and blood pressure sent as two separate Observations.</p>`,
    solution: `<p>The engineers used <strong>FHIR Builder AI</strong> to produce reference resources from plain descriptions ("blood pressure 128/84 for patient 7 taken at 8am"), then used the generated TypeScript as the template for their mapping code. Blood pressure became one Observation with LOINC <code>85354-9</code> and systolic (<code>8480-6</code>) and diastolic (<code>8462-4</code>) components in <code>mm[Hg]</code>. Every payload in their test suite now passes through the <strong>Data Quality Scanner</strong> in CI.</p>`,
    results: `<p>The first EHR integration went live in three weeks instead of the planned eight, with no payload rejected in production during the first quarter.</p>`,
    metrics: ['Live in 3 weeks instead of 8', '0 rejected payloads in the first quarter', '4 vital-sign types mapped'],
    toolsUsed: ['fhir-builder', 'data-quality-scanner'],
    publishedDate: new Date('2026-03-03T09:00:00Z'),
  },
  {
    title: 'A payer catches search regressions in its Patient Access API before release',
    slug: 'payer-patient-access-api-testing',
    client: 'A US health plan serving about 400,000 members',
    industry: 'Payer',
    challenge: `<p>The plan's Patient Access API, required under the CMS Interoperability and Patient Access rule, declared US Core search parameters in its CapabilityStatement. After a platform upgrade, third-party apps reported that searching Observations by <code>date</code> returned everything: the parameter was being ignored, and the plan's own smoke tests had passed because they only checked that results came back.</p>`,
    solution: `<p>The team added the <strong>API Testing Suite</strong> to the release pipeline against a staging server with <code>--allow-writes</code>. The suite writes its own tagged resources and checks every declared search parameter with a negative control (a resource that must not be returned), plus date prefixes, paging links, ETags and error responses, and removes its data afterwards. Results go to the CI system as JUnit.</p>`,
    results: `<p>The suite flagged the ignored <code>date</code> parameter and two other regressions (paging <code>next</code> links that did not resolve and a missing ETag on vread) before the next release. Each release now runs about 180 tests in under four minutes.</p>`,
    metrics: ['3 regressions caught before release', '~180 tests per release', 'Under 4 minutes per run'],
    toolsUsed: ['api-testing-suite'],
    publishedDate: new Date('2026-03-24T09:00:00Z'),
  },
];
