import type { NewItem } from '../../../src/backend/ports';

/**
 * Podcast episodes (collection PodcastEpisodes). Audio is 128 kbit/s MP3, so the byte size is
 * 16,000 bytes per second of audio plus the ID3 header and cover art.
 */
export const podcastEpisodes: NewItem[] = [
  {
    title: 'FHIR in one hour: resources, references and the REST API',
    slug: 'fhir-in-one-hour',
    episodeNumber: 1,
    season: 1,
    summary:
      'A tour of FHIR R4 for people who have to ship an integration: what a resource is, how resources point at each other, and the handful of HTTP interactions you will use every day.',
    showNotes: `<p>We start from the JSON of a <code>Patient</code> and work outwards.</p>
<h3>In this episode</h3>
<ul>
<li>Resources, elements and data types; why every element can carry extensions</li>
<li>Literal references (<code>Patient/123</code>), identifiers, and contained resources</li>
<li>The RESTful API: read, search, create, update, delete, and the CapabilityStatement at <code>/metadata</code></li>
<li>Bundles: searchset results, transactions and batches</li>
</ul>
<h3>Links</h3>
<ul>
<li><a href="https://hl7.org/fhir/R4/">The FHIR R4 specification</a></li>
<li><a href="/docs?page=fhir-resources">Docs: resources and their structure</a></li>
</ul>`,
    guests: [],
    audioUrl: 'https://media.fhiriq.com/podcast/ep1.mp3',
    audioBytes: 45_614_203,
    durationSeconds: 2831,
    publishedDate: new Date('2026-01-20T06:00:00Z'),
    explicit: false,
  },
  {
    title: 'Data quality is not conformance',
    slug: 'data-quality-is-not-conformance',
    episodeNumber: 2,
    season: 1,
    summary:
      'Why valid FHIR can still be wrong, how the Kahn framework sorts data-quality checks into conformance, completeness and plausibility, and what to measure first in a new feed.',
    showNotes: `<p>A conversation with a clinical data engineer who has cleaned feeds from a dozen EHRs.</p>
<h3>In this episode</h3>
<ul>
<li>What a validator checks and what it cannot see</li>
<li>Completeness: observations with neither a value nor a <code>dataAbsentReason</code></li>
<li>Plausibility: ranges by LOINC code and UCUM unit, dates before birth or after death</li>
<li>Dataset checks: dangling references and duplicate identifiers in bulk exports</li>
</ul>
<h3>Links</h3>
<ul>
<li><a href="/blog/validator-passes-wrong-data">Why your FHIR validator passes data that is still wrong</a></li>
<li><a href="/data-quality-scanner">Data Quality Scanner</a></li>
</ul>`,
    guests: ['Elena Park'],
    audioUrl: 'https://media.fhiriq.com/podcast/ep2.mp3',
    audioBytes: 37_982_410,
    durationSeconds: 2356,
    publishedDate: new Date('2026-02-17T06:00:00Z'),
    explicit: false,
  },
  {
    title: 'Testing FHIR servers the way clients really use them',
    slug: 'testing-fhir-servers',
    episodeNumber: 3,
    season: 1,
    summary:
      'What Inferno and Touchstone taught the community about conformance testing, why every search test needs a negative control, and how to run API tests in CI without polluting a shared server.',
    showNotes: `<p>We talk with an engineer who runs conformance testing for a FHIR server vendor.</p>
<h3>In this episode</h3>
<ul>
<li>Reading the CapabilityStatement before testing anything</li>
<li>ETags, <code>If-Match</code> and version conflicts (409 and 412)</li>
<li>Search: reference parameters as <code>id</code>, <code>Type/id</code> and absolute URLs; date prefixes such as <code>ge</code> and <code>lt</code></li>
<li>Tagging test data with <code>meta.tag</code> and cleaning it up</li>
</ul>
<h3>Links</h3>
<ul>
<li><a href="/api-testing-suite">API Testing Suite</a></li>
<li><a href="/docs?page=fhir-search">Docs: search basics</a></li>
</ul>`,
    guests: ['Tomás Lindqvist'],
    audioUrl: 'https://media.fhiriq.com/podcast/ep3.mp3',
    audioBytes: 49_530_877,
    durationSeconds: 3072,
    publishedDate: new Date('2026-03-17T06:00:00Z'),
    explicit: false,
  },
];
