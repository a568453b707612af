import type { NewItem } from '../../../src/backend/ports';

/** Documentation pages (collection Documentation), shown on /docs?page=<slug>. */
const reviewed = new Date('2026-03-30T00:00:00Z');

export const documentation: NewItem[] = [
  // --- Getting started ------------------------------------------------------------------------
  {
    title: 'Welcome to FHIR IQ',
    slug: 'getting-started',
    section: 'Getting started',
    order: 1,
    summary: 'What the three tools do, and which one to start with.',
    updatedAt: reviewed,
    body: `<p>FHIR IQ gives people who build on HL7 FHIR R4 three tools that answer three different questions.</p>
<ul>
<li><strong><a href="/fhir-builder">FHIR Builder AI</a></strong>: <em>how do I write this as FHIR?</em> Describe a resource in plain language and get valid R4 JSON and the code that sends it.</li>
<li><strong><a href="/data-quality-scanner">Data Quality Scanner</a></strong>: <em>is this data right?</em> Conformance checks as strict as the HL7 validator, plus completeness and plausibility checks that validators do not make.</li>
<li><strong><a href="/api-testing-suite">API Testing Suite</a></strong>: <em>does this server behave as the spec says?</em> Tests driven by the server's CapabilityStatement, each failure explained.</li>
</ul>
<h2>Where to start</h2>
<ul>
<li>Producing FHIR for the first time? Start with FHIR Builder AI and read <a href="/docs?page=fhir-resources">Resources and their structure</a>.</li>
<li>Receiving or loading FHIR data? Scan a sample with the Data Quality Scanner.</li>
<li>Running or buying a FHIR server? Point the API Testing Suite at it, read-only first.</li>
</ul>
<p>All three run on the site and from the command line (see <a href="/docs?page=command-line">The command line</a>). Free plans need no card; see <a href="/pricing">Pricing</a>.</p>`,
  },
  {
    title: 'The command line',
    slug: 'command-line',
    section: 'Getting started',
    order: 2,
    summary: 'Run the scanner, the builder and the API tests from a terminal or CI with npx fhiriq.',
    updatedAt: reviewed,
    body: `<p>The same engines that run on the site run from a terminal with Node.js 20 or later:</p>
<pre><code>npx fhiriq scan data/ --format html --out report.html
npx fhiriq generate "heart rate 72 for patient 42" --lang python
npx fhiriq test https://fhir.example.org/r4 --format junit --out results.xml</code></pre>
<h2>Exit codes for CI</h2>
<ul>
<li><code>scan</code>: 0 when no errors were found, 1 when errors were found, 2 on usage or input errors.</li>
<li><code>test</code>: 1 when any test failed.</li>
</ul>
<h2>Inputs the scanner reads</h2>
<p>Single resources (<code>.json</code>), Bundles, NDJSON files (one resource per line, streamed with constant memory) and standard input. Folders are scanned recursively. Add <code>--profile us-core</code> to check against the US Core 5.0.1 profiles.</p>`,
  },
  // --- FHIR R4 essentials ---------------------------------------------------------------------
  {
    title: 'What is FHIR?',
    slug: 'what-is-fhir',
    section: 'FHIR R4 essentials',
    order: 0,
    summary: 'HL7 FHIR in a page: resources, the REST API, formats, versions, profiles and where it is used.',
    updatedAt: reviewed,
    body: `<p><strong>FHIR</strong> (Fast Healthcare Interoperability Resources, pronounced "fire") is the HL7 standard for exchanging healthcare information electronically. It describes clinical and administrative data as small, typed building blocks called <strong>resources</strong> (<code>Patient</code>, <code>Observation</code>, <code>Condition</code>, <code>MedicationRequest</code>, <code>Encounter</code> and about 140 more) and a web API to read, create, update, delete and search them.</p>
<h2>How FHIR works</h2>
<ul>
<li>Resources are exchanged as JSON or XML (and RDF), each with a <code>resourceType</code> and an <code>id</code>, and point at each other with references such as <code>Patient/123</code>.</li>
<li>The RESTful API uses plain HTTP: <code>GET [base]/Patient/123</code> reads a resource, <code>POST [base]/Observation</code> creates one, <code>GET [base]/Observation?patient=123&amp;code=http://loinc.org|8867-4</code> searches. A server describes what it supports in its CapabilityStatement at <code>[base]/metadata</code>.</li>
<li>Codes come from terminologies such as LOINC, SNOMED CT, RxNorm and ICD-10, bound to elements through value sets.</li>
<li>Profiles and implementation guides narrow the base resources for a purpose or a country: US Core in the United States, for example.</li>
</ul>
<h2>Versions</h2>
<p>FHIR R4 (version 4.0.1, 2019) was the first release with normative parts and is the version most systems run today; R4B and R5 followed. The FHIR IQ tools work with FHIR R4.</p>
<h2>Where it is used</h2>
<p>Electronic health records, patient apps (SMART on FHIR), payers, public health and research exchange FHIR; in the United States the 21st Century Cures Act rules require certified health IT to offer FHIR APIs based on US Core.</p>`,
  },
  {
    title: 'Resources and their structure',
    slug: 'fhir-resources',
    section: 'FHIR R4 essentials',
    order: 1,
    summary: 'resourceType, id, meta, narrative, extensions, data types, cardinality and choice elements.',
    updatedAt: reviewed,
    body: `<p>Everything exchanged in FHIR is a <strong>resource</strong>: a <code>Patient</code>, an <code>Observation</code>, a <code>Bundle</code>. In JSON a resource is an object whose <code>resourceType</code> names its type.</p>
<pre><code>{
  "resourceType": "Patient",
  "id": "example",
  "meta": { "versionId": "3", "lastUpdated": "2026-03-01T10:15:00Z" },
  "identifier": [{ "system": "http://hospital.example.org/mrn", "value": "12345" }],
  "name": [{ "family": "Roe", "given": ["Jane"] }],
  "gender": "female",
  "birthDate": "1984-07-09"
}</code></pre>
<h2>Common parts</h2>
<ul>
<li><code>id</code>: the logical id on the server, 1 to 64 characters of letters, digits, <code>-</code> and <code>.</code>.</li>
<li><code>meta</code>: <code>versionId</code>, <code>lastUpdated</code>, <code>profile</code> (profiles the resource claims), <code>security</code> and <code>tag</code>.</li>
<li><code>text</code>: the narrative, XHTML in a <code>div</code> with a <code>status</code> of <code>generated</code>, <code>extensions</code>, <code>additional</code> or <code>empty</code>. It may not contain scripts or other active content.</li>
<li><code>extension</code> and <code>modifierExtension</code>: additional data identified by a <code>url</code>, with either a <code>value[x]</code> or nested extensions, never both. A modifier extension changes the meaning of the element, so a system that does not understand it must not ignore it.</li>
</ul>
<h2>Data types and cardinality</h2>
<p>Primitive types (<code>string</code>, <code>boolean</code>, <code>integer</code>, <code>decimal</code>, <code>date</code>, <code>dateTime</code>, <code>instant</code>, <code>code</code>, <code>uri</code>, ...) each have a defined format: a <code>date</code> is <code>YYYY</code>, <code>YYYY-MM</code> or <code>YYYY-MM-DD</code>; a <code>dateTime</code> with a time must have a time zone; an <code>instant</code> always has seconds and a time zone. Complex types (<code>HumanName</code>, <code>Identifier</code>, <code>CodeableConcept</code>, <code>Quantity</code>, <code>Reference</code>, <code>Period</code>) group elements. Every element has a cardinality such as <code>0..1</code> or <code>1..*</code>; elements that may repeat are JSON arrays even when they hold one value.</p>
<h2>Choice elements</h2>
<p>Elements named with <code>[x]</code> take one of several types, and the type becomes part of the JSON name: <code>Observation.value[x]</code> appears as <code>valueQuantity</code>, <code>valueCodeableConcept</code>, <code>valueString</code> and so on. Only one of them may be present.</p>
<h2>No empty elements</h2>
<p>Invariant <code>ele-1</code> says every element must have a value or children: <code>""</code>, <code>{}</code> and <code>[]</code> are not valid FHIR. Leave the element out instead.</p>`,
  },
  {
    title: 'References between resources',
    slug: 'fhir-references',
    section: 'FHIR R4 essentials',
    order: 2,
    summary: 'Relative, absolute, contained and logical references, target types, and references inside Bundles.',
    updatedAt: reviewed,
    body: `<p>Resources point at each other with the <code>Reference</code> data type. An <code>Observation</code> says whose it is with <code>"subject": { "reference": "Patient/123" }</code>.</p>
<h2>Kinds of reference</h2>
<ul>
<li><strong>Relative literal</strong>: <code>Patient/123</code>, resolved against the server's base URL. The usual form.</li>
<li><strong>Absolute literal</strong>: <code>https://fhir.example.org/r4/Patient/123</code>, for a resource on another server.</li>
<li><strong>Versioned</strong>: <code>Patient/123/_history/4</code>, a specific version.</li>
<li><strong>Contained</strong>: <code>#med1</code>, pointing at a resource in the same resource's <code>contained</code> array. Contained resources have no identity of their own and must be referenced from the containing resource (invariant <code>dom-3</code>).</li>
<li><strong>Logical</strong>: <code>"identifier": { "system": "http://hl7.org/fhir/sid/us-npi", "value": "1234567893" }</code>, when you know a business identifier but not a server id. It need not resolve.</li>
</ul>
<h2>Target types</h2>
<p>Each reference element lists the resource types it may point at: <code>Observation.subject</code> allows <code>Patient</code>, <code>Group</code>, <code>Device</code> and <code>Location</code>; pointing it at a <code>Practitioner</code> is an error. The <code>type</code> element of a Reference may state the target type explicitly.</p>
<h2>Inside Bundles</h2>
<p>In a Bundle, a reference is resolved against the entries' <code>fullUrl</code>s first. New resources in a transaction use <code>urn:uuid:</code> fullUrls so that other entries can reference them before the server assigns ids; see <a href="/docs?page=fhir-bundles">Bundles</a>.</p>`,
  },
  {
    title: 'Bundles: searchset, transaction, batch and more',
    slug: 'fhir-bundles',
    section: 'FHIR R4 essentials',
    order: 3,
    summary: 'Bundle types, entries and fullUrl, transaction processing rules, and conditional operations.',
    updatedAt: reviewed,
    body: `<p>A <code>Bundle</code> is a container of resources. Its <code>type</code> says what the collection is for: <code>document</code>, <code>message</code>, <code>transaction</code>, <code>transaction-response</code>, <code>batch</code>, <code>batch-response</code>, <code>history</code>, <code>searchset</code> or <code>collection</code>.</p>
<h2>Entries</h2>
<p>Each <code>entry</code> holds a <code>resource</code> and, usually, a <code>fullUrl</code>: the absolute URL of the resource, or a <code>urn:uuid:</code> for one that has no server id yet. In a <code>searchset</code>, each entry has <code>search.mode</code> (<code>match</code> for results, <code>include</code> for resources added by <code>_include</code>/<code>_revinclude</code>) and the Bundle carries <code>total</code> and paging <code>link</code>s (<code>self</code>, <code>next</code>, <code>previous</code>).</p>
<h2>Transaction and batch</h2>
<p>Both are POSTed to the server's base URL, and each entry has a <code>request</code> with a <code>method</code> and <code>url</code>. A <strong>batch</strong> processes entries independently: some may fail. A <strong>transaction</strong> succeeds or fails as a whole, and the server processes DELETE entries first, then POST, then PUT and PATCH, then GET, regardless of their order in the Bundle. References to an entry's <code>fullUrl</code> are rewritten to the id the server assigns.</p>
<h2>Conditional operations</h2>
<ul>
<li><code>request.ifNoneExist</code> on a POST: create only when the search finds nothing (conditional create).</li>
<li>A PUT to <code>Patient?identifier=...</code>: update the one match, or create when there is none (conditional update).</li>
<li>A reference written as a search, <code>Patient?identifier=http://hospital.example.org/mrn|12345</code>: resolved by the server during the transaction (conditional reference). No match or several matches fail the transaction.</li>
</ul>`,
  },
  {
    title: 'Terminology bindings and codes',
    slug: 'fhir-terminology',
    section: 'FHIR R4 essentials',
    order: 4,
    summary: 'code, Coding and CodeableConcept; binding strengths; canonical code system URIs; UCUM units.',
    updatedAt: reviewed,
    body: `<p>Coded elements come in three shapes: <code>code</code> (a bare code, for values fixed by the specification such as <code>Patient.gender</code>), <code>Coding</code> (a <code>system</code>, <code>code</code> and optional <code>display</code>) and <code>CodeableConcept</code> (one or more Codings that mean the same thing, plus <code>text</code>).</p>
<h2>Binding strengths</h2>
<ul>
<li><strong>required</strong>: the code SHALL come from the value set. <code>Observation.status</code> must be one of <code>registered</code>, <code>preliminary</code>, <code>final</code>, <code>amended</code>, <code>corrected</code>, <code>cancelled</code>, <code>entered-in-error</code>, <code>unknown</code>.</li>
<li><strong>extensible</strong>: use a code from the value set when one fits; otherwise another code (or only <code>text</code>) is allowed.</li>
<li><strong>preferred</strong>: the value set is encouraged, not required.</li>
<li><strong>example</strong>: the value set only illustrates what kind of codes go there.</li>
</ul>
<h2>Canonical system URIs</h2>
<p>The <code>system</code> must be the code system's canonical URI, not a web page or an OID written another way: <code>http://loinc.org</code>, <code>http://snomed.info/sct</code>, <code>http://www.nlm.nih.gov/research/umls/rxnorm</code>, <code>http://hl7.org/fhir/sid/icd-10-cm</code>, <code>http://hl7.org/fhir/sid/cvx</code> and <code>http://unitsofmeasure.org</code> for UCUM.</p>
<h2>Quantities and UCUM</h2>
<p>A <code>Quantity</code> carries a human <code>unit</code> and, for computable units, <code>system: http://unitsofmeasure.org</code> with a UCUM <code>code</code>: <code>mm[Hg]</code> for blood pressure, <code>/min</code> for heart rate, <code>kg</code>, <code>Cel</code> for degrees Celsius, <code>%</code> for oxygen saturation. The vital-signs profile requires UCUM units.</p>
<h2>LOINC check digits</h2>
<p>Every LOINC code ends in a mod-10 check digit after the hyphen: heart rate is <code>8867-4</code>, systolic blood pressure <code>8480-6</code>. A code whose check digit does not match is certainly wrong; the scanner reports it.</p>`,
  },
  {
    title: 'Invariants and FHIRPath',
    slug: 'fhir-invariants',
    section: 'FHIR R4 essentials',
    order: 5,
    summary: 'The rules cardinality cannot express: ele-1, dom-2 to dom-6, obs-6, obs-7, per-1 and how they are written.',
    updatedAt: reviewed,
    body: `<p>Some rules involve more than one element, so StructureDefinitions state them as <strong>invariants</strong>: a key, a severity, a human description and a <strong>FHIRPath</strong> expression that must evaluate to true.</p>
<h2>Invariants you will meet</h2>
<ul>
<li><code>ele-1</code>: all FHIR elements must have a <code>@value</code> or children.</li>
<li><code>dom-2</code>: a contained resource SHALL NOT contain nested resources.</li>
<li><code>dom-3</code>: a contained resource SHALL be referred to from elsewhere in the resource, or SHALL refer to the containing resource.</li>
<li><code>dom-4</code>: a contained resource SHALL NOT have a <code>meta.versionId</code> or <code>meta.lastUpdated</code>.</li>
<li><code>dom-5</code>: a contained resource SHALL NOT have a security label.</li>
<li><code>dom-6</code>: a resource should have narrative for robust management (a warning, not an error).</li>
<li><code>obs-6</code>: <code>dataAbsentReason</code> SHALL only be present if <code>Observation.value[x]</code> is not present.</li>
<li><code>obs-7</code>: if <code>Observation.code</code> is the same as a <code>component.code</code>, the value associated with that code SHALL NOT be present on the Observation itself.</li>
<li><code>per-1</code>: in a <code>Period</code>, <code>start</code> SHALL have a lower value than <code>end</code>, when both are present.</li>
</ul>
<h2>Reading the FHIRPath</h2>
<p><code>obs-6</code> is written <code>dataAbsentReason.empty() or value.empty()</code>: true when at least one of the two is missing. FHIRPath navigates elements with dots, works on collections (an absent element is an empty collection, not null), and has functions such as <code>exists()</code>, <code>empty()</code>, <code>all()</code> and <code>where()</code>.</p>
<p>The Data Quality Scanner evaluates the base specification's invariants with a FHIRPath engine and reports each failure with its key, its severity and the FHIRPath of the offending element.</p>`,
  },
  {
    title: 'Search basics',
    slug: 'fhir-search',
    section: 'FHIR R4 essentials',
    order: 6,
    summary: 'Search parameter types, prefixes and modifiers, _include, paging and the searchset Bundle.',
    updatedAt: reviewed,
    body: `<p>A search is a GET on a resource type with parameters, <code>GET [base]/Observation?patient=123&amp;code=http://loinc.org|8867-4</code>, or a POST to <code>[base]/Observation/_search</code> with the same parameters as a form body. Both return a <code>searchset</code> Bundle.</p>
<h2>Parameter types</h2>
<ul>
<li><strong>token</strong>: codes and identifiers, as <code>system|code</code>, <code>code</code> or <code>system|</code>.</li>
<li><strong>reference</strong>: <code>123</code>, <code>Patient/123</code> or an absolute URL.</li>
<li><strong>date</strong>: with prefixes <code>eq</code>, <code>ne</code>, <code>gt</code>, <code>lt</code>, <code>ge</code>, <code>le</code>, <code>sa</code>, <code>eb</code>, <code>ap</code>, as in <code>date=ge2026-01-01</code>.</li>
<li><strong>string</strong>: case- and accent-insensitive, matching the start of the value by default; <code>:exact</code> and <code>:contains</code> change that.</li>
<li><strong>number</strong>, <strong>quantity</strong> (<code>value-quantity=gt100|http://unitsofmeasure.org|mg</code>), <strong>uri</strong>, <strong>composite</strong> and <strong>special</strong>.</li>
</ul>
<h2>Modifiers and result parameters</h2>
<ul>
<li><code>:missing=true</code> finds resources without the element; <code>:not</code> negates a token.</li>
<li><code>_count</code> sets the page size; follow the Bundle's <code>next</code> link for more.</li>
<li><code>_include=Observation:patient</code> adds the referenced Patients; <code>_revinclude=Provenance:target</code> adds resources that point at the results. Added resources have <code>search.mode = include</code>.</li>
<li><code>_sort=-date</code> sorts newest first; <code>_summary</code> and <code>_elements</code> trim the resources returned.</li>
</ul>
<p>By default servers ignore parameters they do not support, and the Bundle's <code>self</code> link shows the parameters actually applied; a client that sends <code>Prefer: handling=strict</code> asks for an error instead. The CapabilityStatement lists the parameters a server supports for each type; the API Testing Suite checks that each of them really filters.</p>`,
  },
  // --- Tools ----------------------------------------------------------------------------------
  {
    title: 'Understanding a scan report',
    slug: 'scanner-report',
    section: 'Data Quality Scanner',
    order: 1,
    summary: 'Severities, categories and scores in the scanner\'s report, and how to read them.',
    tool: 'data-quality-scanner',
    updatedAt: reviewed,
    body: `<p>Every scan produces one report, whether you drop a file on the <a href="/data-quality-scanner">scanner page</a>, call <code>POST /_functions/scan</code> or run <code>npx fhiriq scan</code>.</p>
<h2>Summary</h2>
<p><code>summary</code> holds the number of resources, errors and warnings, counts by resource type, and <strong>scores</strong>: for each check category and resource type, the share of resources that passed (the numerator over the denominator), compared with a threshold.</p>
<h2>Issues</h2>
<p>Each entry in <code>issues</code> has the <code>resourceType</code> and <code>id</code> of the resource, a <code>severity</code> (<code>fatal</code>, <code>error</code>, <code>warning</code>, <code>information</code>), a <code>code</code> naming the check, a <code>category</code>, an <code>expression</code> with the FHIRPath of the element (as in an OperationOutcome, for example <code>Patient.birthDate</code>) and a <code>message</code>.</p>
<h2>Categories</h2>
<ul>
<li><strong>conformance</strong>: what the HL7 validator checks: structure, types, cardinality, bindings, references and invariants. Errors here break clients.</li>
<li><strong>completeness</strong>: data a real record should have, such as a patient's name or an observation's value. Reported as warnings.</li>
<li><strong>plausibility</strong>: values out of physiological range for their LOINC code and unit, dates out of order within or across resources.</li>
<li><strong>dataset</strong> checks look across resources: references to resources not in the data, duplicate business identifiers and duplicate ids.</li>
</ul>
<p>Download the report as JSON for tools, as HTML for people, or as a FHIR OperationOutcome.</p>`,
  },
  {
    title: 'Writing prompts for FHIR Builder AI',
    slug: 'builder-prompts',
    section: 'FHIR Builder AI',
    order: 1,
    summary: 'What the builder understands, how to name patients, codes and values, and the code it generates.',
    tool: 'fhir-builder',
    updatedAt: reviewed,
    body: `<p>Describe the resource the way you would say it to a colleague. The builder finds the resource type, the subject, dates, quantities and codes, and returns a resource that has passed the scanner's checks.</p>
<h2>Prompts that work well</h2>
<ul>
<li><code>blood pressure 120/80 for patient 42 taken this morning</code>: an Observation with LOINC <code>85354-9</code> and systolic and diastolic components in <code>mm[Hg]</code>.</li>
<li><code>female patient Jane Roe born 9 July 1984, MRN 12345</code>: a Patient with name, gender, birth date and identifier.</li>
<li><code>amoxicillin 500 mg three times a day for 7 days for patient 7</code>: a MedicationRequest with an RxNorm code and dosage text and timing.</li>
<li><code>a patient Jane Roe with asthma and an albuterol prescription</code>: a transaction Bundle linking the three resources with <code>urn:uuid</code> references.</li>
</ul>
<h2>Tips</h2>
<ul>
<li>Say whose it is: <code>for patient 123</code> becomes <code>Patient/123</code>.</li>
<li>Give units: <code>weight 72 kg</code>, <code>temperature 38.2 C</code>. Units are written in UCUM.</li>
<li>Practitioner NPIs are checked with their check digit and written with the system <code>http://hl7.org/fhir/sid/us-npi</code>.</li>
</ul>
<p>When a request cannot be understood, the builder says what it understood and what is missing rather than inventing data. Each result comes with code that POSTs it to your server, in TypeScript, Python, curl, Java (HAPI FHIR) and C# (Firely SDK).</p>`,
  },
  {
    title: 'Testing a FHIR server',
    slug: 'api-testing',
    section: 'API Testing Suite',
    order: 1,
    summary: 'Test groups, read-only versus write tests, clean-up, and what the results contain.',
    tool: 'api-testing-suite',
    updatedAt: reviewed,
    body: `<p>The suite starts from the server's CapabilityStatement (<code>GET [base]/metadata</code>) and tests what the server says it supports. A test the server did not declare is skipped, with the reason.</p>
<h2>Test groups</h2>
<ul>
<li><strong>capability</strong>: the CapabilityStatement itself, <code>fhirVersion</code> 4.0.x, JSON support.</li>
<li><strong>read and vread</strong>: status, <code>application/fhir+json</code>, an ETag of <code>W/"&lt;versionId&gt;"</code> matching <code>meta.versionId</code>, <code>Last-Modified</code>, and 404 with an OperationOutcome for unknown ids.</li>
<li><strong>create, update, delete</strong> (only with writes allowed): 201 with a <code>Location</code>, new versions on update, <code>If-Match</code> with a stale version refused with 409 or 412, invalid resources refused with 400 or 422.</li>
<li><strong>search</strong>: every declared parameter filters, tested with a resource that must match and one that must not; <code>_count</code> and paging; <code>_include</code>/<code>_revinclude</code>; GET and POST <code>_search</code> agree.</li>
<li><strong>history and content negotiation</strong>: <code>Accept</code>, <code>_format</code>, and errors as OperationOutcome.</li>
</ul>
<h2>Writes and clean-up</h2>
<p>Tests that write run only when you allow writes. Every resource the suite creates carries a unique <code>meta.tag</code> and is deleted at the end of the run. Point it at a test or staging server, never at production data.</p>
<h2>Safety</h2>
<p>From the site, only public http(s) servers can be tested: loopback, private and link-local addresses (including the cloud metadata address) are refused, and redirects are checked again. Use the command line to test a server on your own network.</p>`,
  },
];
