import type { NewItem } from '../../../src/backend/ports';

/** Blog posts (collection BlogPosts). Bodies are small, safe HTML. */
export const blogPosts: NewItem[] = [
  {
    title: 'Why your FHIR validator passes data that is still wrong',
    slug: 'validator-passes-wrong-data',
    excerpt:
      'A validator tells you whether data conforms to the specification. It cannot tell you whether the data is true, complete or plausible. Here is the gap, with examples.',
    author: 'Dana Whitfield',
    tags: ['data quality', 'validation'],
    publishedDate: new Date('2026-01-14T09:00:00Z'),
    published: true,
    body: `<p>A FHIR validator answers one question: <em>does this resource conform to its StructureDefinitions?</em> It checks that elements exist in the definition, that primitives match their formats, that cardinalities hold, that codes come from required value sets and that the invariants of the base specification evaluate to true. That is <strong>conformance</strong>, and it matters. But it is not the same as quality.</p>
<h2>Three resources that validate and are still wrong</h2>
<ul>
<li>An <code>Observation</code> with LOINC <code>8867-4</code> (heart rate) and <code>valueQuantity</code> of <code>600 /min</code>. The unit is valid UCUM and the structure is perfect; no human heart beats 600 times a minute.</li>
<li>An <code>Observation</code> whose <code>effectiveDateTime</code> is 1998, for a <code>Patient</code> whose <code>birthDate</code> is 2004. Each resource is valid on its own; a validator looks at one resource at a time and never sees the contradiction.</li>
<li>A <code>Condition</code> coded with LOINC <code>8867-5</code>. LOINC codes end in a mod-10 check digit, and the check digit of <code>8867</code> is 4, so this code cannot exist. Without a terminology server the validator has nothing to compare it with, and <code>Condition.code</code> only has an example binding anyway.</li>
</ul>
<h2>Conformance, completeness, plausibility</h2>
<p>The Kahn framework, which OHDSI's Data Quality Dashboard uses, sorts data-quality checks into three categories. <strong>Conformance</strong>: does the data follow the format rules? <strong>Completeness</strong>: is the data there (a patient with no name, a lab result with neither a value nor a <code>dataAbsentReason</code>)? <strong>Plausibility</strong>: could the data be true (ranges by LOINC code and unit, dates in order within and across resources)?</p>
<p>A validator covers most of the first category. The Data Quality Scanner runs the same conformance checks and adds the other two, each with a numerator, a denominator and a threshold, so you can say "97% of our Observations have a value or a reason for its absence" instead of "it validates".</p>
<h2>What to do about it</h2>
<ul>
<li>Keep validating: conformance errors break clients.</li>
<li>Add quality checks to the same pipeline, and fail the build on thresholds rather than on single warnings.</li>
<li>Scan whole datasets, not single resources: references to resources that are not there and duplicate business identifiers only show up across resources.</li>
</ul>
<p>Try it on your own data in the <a href="/data-quality-scanner">Data Quality Scanner</a>; the file is scanned in your browser and never uploaded.</p>`,
  },
  {
    title: 'Reading an OperationOutcome',
    slug: 'reading-an-operationoutcome',
    excerpt:
      'Every FHIR error comes back as an OperationOutcome. Knowing what severity, code, details, diagnostics and expression mean turns a wall of JSON into a to-do list.',
    author: 'Marcus Oyelaran',
    tags: ['REST API', 'validation'],
    publishedDate: new Date('2026-02-03T09:00:00Z'),
    published: true,
    body: `<p>When a FHIR server refuses a request, or a validator reports a problem, the answer is an <code>OperationOutcome</code>: a resource holding one or more <code>issue</code> entries. Each issue has the same parts.</p>
<h2>The parts of an issue</h2>
<ul>
<li><strong>severity</strong> (required): <code>fatal</code>, <code>error</code>, <code>warning</code> or <code>information</code>. Fatal and error mean the operation did not succeed; warnings are worth reading but did not stop it.</li>
<li><strong>code</strong> (required): a code from the IssueType value set, a small hierarchy. <code>invalid</code> covers content problems and has children such as <code>structure</code>, <code>required</code>, <code>value</code> and <code>invariant</code>; <code>processing</code> covers <code>not-supported</code>, <code>duplicate</code>, <code>multiple-matches</code>, <code>not-found</code>, <code>business-rule</code> and <code>conflict</code>; <code>security</code> and <code>transient</code> cover access and temporary failures.</li>
<li><strong>details</strong>: a CodeableConcept with a more specific, often server-defined code and a human-readable <code>text</code>.</li>
<li><strong>diagnostics</strong>: free text for developers, such as a stack trace or the failing FHIRPath.</li>
<li><strong>expression</strong>: FHIRPath expressions that point to the element, for example <code>Patient.name[0].given[0]</code>. In R4 the older <code>location</code> (an XPath) is deprecated; use <code>expression</code>.</li>
</ul>
<h2>An example</h2>
<pre><code>{
  "resourceType": "OperationOutcome",
  "issue": [{
    "severity": "error",
    "code": "invariant",
    "details": { "text": "obs-6: dataAbsentReason SHALL only be present if Observation.value[x] is not present" },
    "expression": ["Observation.dataAbsentReason"]
  }]
}</code></pre>
<p>Read it as: the <code>Observation</code> carries both a value and a <code>dataAbsentReason</code>; remove one of them.</p>
<h2>HTTP status and OperationOutcome together</h2>
<p>The status code tells you the class of failure and the OperationOutcome tells you the details. Common pairs: <code>400</code> for a resource that could not be parsed or failed basic validation, <code>404</code> for an unknown resource type or id, <code>409</code> or <code>412</code> for a version conflict on update with <code>If-Match</code>, and <code>422</code> for content that parsed but broke a profile or business rule. The FHIR REST specification says servers <em>should</em> return an OperationOutcome with error responses; the <a href="/api-testing-suite">API Testing Suite</a> checks that they do.</p>
<p>The Data Quality Scanner can write its findings as an OperationOutcome too (<code>--format outcome</code>), with the same severities and FHIRPath expressions, so the tools you already have for server errors can read scan results.</p>`,
  },
  {
    title: 'US Core 5.0.1 must-support in practice',
    slug: 'us-core-must-support',
    excerpt:
      'Must Support does not mean "required". It means "if you have it, send it; if you receive it, handle it". What that asks of servers and clients, and how to represent missing data.',
    author: 'Dana Whitfield',
    tags: ['US Core', 'profiles'],
    publishedDate: new Date('2026-02-24T09:00:00Z'),
    published: true,
    body: `<p>US Core 5.0.1 is the US Core Implementation Guide release aligned with USCDI v2, built on FHIR R4. Its profiles flag many elements as <strong>Must Support</strong>, and the flag is often misread as "mandatory". It is not: cardinality says whether an element is required; Must Support says what systems must be <em>able</em> to do with it.</p>
<h2>What Must Support asks</h2>
<ul>
<li><strong>Responders</strong> (servers) SHALL be capable of populating the element when they have the data.</li>
<li><strong>Requesters</strong> (clients) SHALL be capable of processing the element: display it, store it or otherwise use it without failing.</li>
<li>When a server has no data for a Must Support element with minimum cardinality 0, it simply omits the element.</li>
</ul>
<h2>When the element is required and the data is missing</h2>
<p>If the minimum cardinality is 1 or more, omitting is not allowed. US Core's rules:</p>
<ul>
<li>For a non-coded element, send the <code>data-absent-reason</code> extension (for example <code>unknown</code>) in place of the value.</li>
<li>For a coded element with a required binding, use the code in the value set that means "unknown", if there is one (for example <code>Patient.gender</code> = <code>unknown</code>).</li>
<li>For a coded element with an extensible binding, send a CodeableConcept with only <code>text</code>, or a code such as <code>unknown</code> from the data-absent-reason code system.</li>
</ul>
<h2>The US Core Patient in practice</h2>
<p>In US Core 5.0.1, <code>Patient.identifier</code> (with <code>system</code> and <code>value</code>), <code>Patient.name</code> and <code>Patient.gender</code> are required; <code>birthDate</code>, <code>address</code>, <code>telecom</code>, <code>communication.language</code> and the race, ethnicity and birth-sex extensions are Must Support. A server claiming the profile must also support searching Patients by <code>_id</code>, <code>identifier</code>, <code>name</code>, and the combinations <code>birthdate+name</code> and <code>gender+name</code>.</p>
<h2>How to check it</h2>
<p>Declaring <code>meta.profile</code> is a claim, not proof. Run the scanner with <code>--profile us-core</code> to check your data against the profiles, and the API Testing Suite to check that the searches your CapabilityStatement declares actually filter.</p>`,
  },
  {
    title: 'Conditional references in transaction Bundles',
    slug: 'conditional-references-in-transactions',
    excerpt:
      'How to link resources in one transaction when you do not know their server ids yet: urn:uuid fullUrls, conditional creates and references written as search URLs.',
    author: 'Marcus Oyelaran',
    tags: ['Bundles', 'REST API'],
    publishedDate: new Date('2026-03-10T09:00:00Z'),
    published: true,
    body: `<p>A transaction Bundle is processed as one unit: every entry succeeds or the whole Bundle fails. It is the natural way to load a patient together with their conditions and observations, but the resources must reference each other before any of them has a server-assigned id. FHIR R4 gives you three tools for that.</p>
<h2>1. Temporary ids with urn:uuid</h2>
<p>Give each new resource a <code>fullUrl</code> of the form <code>urn:uuid:&lt;uuid&gt;</code> and reference it by that URL. When the server creates the resource, it rewrites every reference to that fullUrl with the new <code>Patient/&lt;id&gt;</code>.</p>
<pre><code>{ "fullUrl": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a",
  "resource": { "resourceType": "Patient", "name": [{ "family": "Roe", "given": ["Jane"] }] },
  "request": { "method": "POST", "url": "Patient" } },
{ "fullUrl": "urn:uuid:88f151c0-a954-468a-88bd-5ae15c08e059",
  "resource": { "resourceType": "Condition",
    "subject": { "reference": "urn:uuid:61ebe359-bfdc-4613-8bf2-c5e300945f0a" }, ... },
  "request": { "method": "POST", "url": "Condition" } }</code></pre>
<h2>2. Conditional create with ifNoneExist</h2>
<p>If the patient may already exist, add <code>"ifNoneExist": "identifier=http://hospital.example.org/mrn|12345"</code> to the entry's <code>request</code>. The server searches first: no match creates the resource, one match uses the existing one (and references to the entry's fullUrl point to it), several matches fail the transaction with <code>412 Precondition Failed</code>.</p>
<h2>3. Conditional references</h2>
<p>A reference may also be written as a search: <code>"reference": "Patient?identifier=http://hospital.example.org/mrn|12345"</code>. The server resolves the search when it processes the transaction and replaces the reference with the one match it finds; no match or more than one fails the transaction. Support for conditional references varies between servers, so test yours before you depend on it.</p>
<h2>Rules worth remembering</h2>
<ul>
<li>Every <code>fullUrl</code> in a Bundle must be unique, and an entry's <code>request.url</code> is relative to the server base (<code>Patient</code>, not a full URL) for creates.</li>
<li>The server processes DELETEs first, then POSTs, then PUTs and PATCHes, then GETs, whatever the order of the entries.</li>
<li>Use identifiers with a <code>system</code> in conditional searches; a bare value can match an identifier from another system.</li>
</ul>
<p>The Data Quality Scanner checks references between Bundle entries, conditional references included, and FHIR Builder AI produces transaction Bundles with <code>urn:uuid</code> links when your prompt names several resources.</p>`,
  },
  {
    title: 'Scanning a bulk export without running out of memory',
    slug: 'scanning-bulk-exports',
    excerpt:
      'Bulk Data exports arrive as NDJSON files, one resource per line. Reading them line by line keeps memory flat, and checks across resources need only a little state.',
    author: 'Priya Raman',
    tags: ['data quality', 'bulk data'],
    publishedDate: new Date('2026-03-31T09:00:00Z'),
    published: true,
    body: `<p>The FHIR Bulk Data Access specification (<code>$export</code>) delivers data as <strong>NDJSON</strong>: newline-delimited JSON, one resource per line, usually one file per resource type. A large export is many gigabytes, so loading a file with <code>JSON.parse</code> on the whole text is not an option.</p>
<h2>Stream, do not load</h2>
<p>Read each file as a stream, split on newlines and parse one line at a time. Memory then depends on the longest line, not on the file. The scanner does exactly this for <code>.ndjson</code> files and for standard input:</p>
<pre><code>npx fhiriq scan export/Patient.ndjson export/Observation.ndjson --format html --out report.html</code></pre>
<h2>Checks across resources need a little state</h2>
<p>Some problems only show across resources: an Observation whose <code>subject</code> points at a Patient that is not in the export, two Patients with the same MRN, the same resource id twice. For these the scanner keeps compact indexes (ids seen, references wanted, business identifiers by type) rather than the resources themselves, and reports what is left unresolved at the end.</p>
<h2>Read the report by category</h2>
<p>A bulk export usually has a few causes behind thousands of issues. Group the report by <code>code</code> and <code>category</code> first: one missing <code>system</code> on an identifier, repeated across 40,000 Observations, is one fix in the extract, not 40,000.</p>`,
  },
];
