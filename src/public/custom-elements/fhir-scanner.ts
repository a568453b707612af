import type { Issue } from '../fhir/report/issue';
import type { ScanReport } from '../fhir/report/scan-report';
import { locationLabel, resourceLabel } from '../fhir/render/format';
import { toHtml } from '../fhir/render/html';
import { toJsonText } from '../fhir/render/json';
import type { ScanJob, ScanProgress, WorkerReply, WorkerRequest } from './fhir-scanner/protocol';
import {
  NO_FILTER,
  chartTotal,
  completeDetail,
  downloadName,
  filterIssues,
  filterOptions,
  issuesByCategory,
  issuesByType,
  pageOf,
  progressLabel,
  scoreCards,
  searchText,
  type ChartRow,
  type IssueFilter,
} from './fhir-scanner/view';

/**
 * <fhir-scanner worker-src="..."></fhir-scanner>: the Data Quality Scanner in the visitor's browser.
 * A dropped, picked or pasted FHIR resource, Bundle or NDJSON is scanned on this machine (the data
 * is never sent anywhere), then shown as score cards, charts, the data-quality checks and a
 * filterable issue table, and can be downloaded as a JSON or HTML report.
 *
 * The engine runs in a web worker when `worker-src` names the worker script; without it (or when
 * the worker cannot start) it is imported on demand and runs here in slices that yield to the
 * event loop. `initial-text` (set by page code, e.g. for FHIR Builder AI's "Open in Scanner") puts
 * text in the paste box and scans it at once. Events (bubbling, composed): 'scan-start',
 * 'scan-complete' (detail: resources, errors, warnings, information, scores, profile, elapsedMs,
 * mode) and 'scan-error' (detail: message).
 *
 * Everything that comes from the data reaches the DOM through textContent or setAttribute, never
 * as markup; the only markup is the static template below.
 */

const PAGE_SIZE = 100;
const SVG = 'http://www.w3.org/2000/svg';
const SEVERITY_COLORS = { errors: '#c62828', warnings: '#ef6c00', information: '#1565c0' } as const;

const STYLE = `
:host { display: block; font: inherit; color: #1b2733; text-align: left; --accent: var(--fhir-scanner-accent, #0b5cad); }
[hidden] { display: none !important; }
.inputs { display: grid; gap: .6rem; }
.drop { border: 2px dashed #8da2b5; border-radius: .6rem; padding: 1.4rem 1rem; text-align: center; cursor: pointer; background: #f7fafc; display: grid; gap: .3rem; }
.drop:hover, .drop:focus-visible, .drop.over { border-color: var(--accent); background: #eef5fc; outline: none; }
.drop .file { font-weight: 600; overflow-wrap: anywhere; }
label { font-weight: 600; }
textarea { font: .85rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; width: 100%; box-sizing: border-box; padding: .5rem; border: 1px solid #b6c2cd; border-radius: .4rem; resize: vertical; }
.row { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; }
select, input[type=search], button { font: inherit; padding: .4rem .6rem; border-radius: .4rem; border: 1px solid #b6c2cd; background: #fff; }
button { cursor: pointer; border-color: var(--accent); color: var(--accent); }
button.primary { background: var(--accent); color: #fff; }
button:disabled { opacity: .55; cursor: default; }
button:focus-visible, select:focus-visible, input:focus-visible, textarea:focus-visible { outline: 3px solid #9cc3ec; outline-offset: 1px; }
.note { color: #57606a; font-size: .9rem; margin: 0; }
.progress { display: flex; gap: .8rem; align-items: center; margin: 1rem 0; }
.progress progress { flex: 1; height: 1rem; }
.error { background: #fdecea; border: 1px solid #f5c2bd; padding: .5rem .8rem; border-radius: .4rem; }
.summary { font-weight: 600; }
.summary.bad { color: #b71c1c; } .summary.warn { color: #9a4a00; } .summary.good { color: #1b5e20; }
.cards { display: grid; grid-template-columns: repeat(auto-fit, minmax(9rem, 1fr)); gap: .8rem; margin: 1rem 0; }
.card { border: 1px solid #d0d7de; border-radius: .6rem; padding: .8rem; background: #fff; }
.card .label { margin: 0; color: #57606a; font-size: .9rem; }
.card .value { margin: .2rem 0 .4rem; font-size: 1.7rem; font-weight: 700; }
.card .track { height: .4rem; background: #e6eaef; border-radius: .2rem; overflow: hidden; }
.card .fill { height: 100%; background: #8da2b5; }
.good .value { color: #1b5e20; } .good .fill { background: #2e7d32; }
.fair .value { color: #9a4a00; } .fair .fill { background: #ef6c00; }
.poor .value { color: #b71c1c; } .poor .fill { background: #c62828; }
.charts { display: grid; grid-template-columns: repeat(auto-fit, minmax(18rem, 1fr)); gap: 1rem; }
figure { margin: 0; border: 1px solid #d0d7de; border-radius: .6rem; padding: .8rem; background: #fff; }
figcaption { font-weight: 600; margin-bottom: .4rem; }
svg { width: 100%; height: auto; display: block; }
.legend { display: flex; gap: 1rem; font-size: .8rem; color: #57606a; margin: .3rem 0 0; padding: 0; list-style: none; }
.legend span { display: inline-block; width: .7rem; height: .7rem; margin-right: .3rem; vertical-align: -1px; border-radius: 2px; }
.downloads { display: flex; gap: .6rem; flex-wrap: wrap; margin: 1rem 0; }
.filters { display: flex; flex-wrap: wrap; gap: .6rem; align-items: end; }
.filters label { display: grid; gap: .2rem; font-size: .85rem; }
.table-wrap { overflow-x: auto; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; background: #fff; margin: .5rem 0; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
td { overflow-wrap: anywhere; }
td.num { text-align: right; white-space: nowrap; }
td.nowrap { white-space: nowrap; }
.sev { font-weight: 700; text-transform: capitalize; }
.sev-fatal { color: #7b1fa2; } .sev-error { color: #c62828; } .sev-warning { color: #9a4a00; } .sev-information { color: #1565c0; }
.pass { color: #1b5e20; font-weight: 600; } .fail { color: #b71c1c; font-weight: 600; }
.pager { display: flex; gap: .8rem; align-items: center; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

const TEMPLATE = `<style>${STYLE}</style>
<div class="inputs">
  <div id="drop" class="drop" role="button" tabindex="0" aria-describedby="drop-hint">
    <strong>Drop a FHIR file here</strong>
    <span id="drop-hint">or click to choose a .json or .ndjson file: a resource, a Bundle or NDJSON</span>
    <span id="file-name" class="file"></span>
  </div>
  <input id="file" type="file" accept=".json,.ndjson,.jsonl,application/json,application/fhir+json,application/x-ndjson" hidden>
  <label for="paste">Or paste JSON or NDJSON</label>
  <textarea id="paste" rows="8" spellcheck="false" autocomplete="off" placeholder='{"resourceType": "Patient", "id": "example", ...}'></textarea>
  <div class="row">
    <label for="profile">Profile</label>
    <select id="profile">
      <option value="">None (base FHIR R4)</option>
      <option value="us-core">US Core 5.0.1</option>
    </select>
    <button id="scan" type="button" class="primary">Scan</button>
    <button id="cancel" type="button" hidden>Cancel</button>
  </div>
  <p class="note">Your data stays in this browser: the scan runs on your machine and nothing is uploaded.</p>
</div>
<div id="progress" class="progress" hidden>
  <progress id="bar" aria-label="Scan progress"></progress>
  <span id="progress-text" role="status" aria-live="polite"></span>
</div>
<p id="error" class="error" role="alert" hidden></p>
<section id="results" aria-labelledby="results-title" hidden>
  <h2 id="results-title">Results</h2>
  <p id="summary" class="summary" role="status"></p>
  <div id="cards" class="cards"></div>
  <div class="charts">
    <figure><figcaption id="chart-type-title">Issues by resource type</figcaption><div id="chart-type"></div></figure>
    <figure><figcaption id="chart-category-title">Issues by category</figcaption><div id="chart-category"></div></figure>
  </div>
  <div class="downloads">
    <button id="download-json" type="button">Download JSON</button>
    <button id="download-html" type="button">Download HTML report</button>
  </div>
  <h3>Data-quality checks</h3>
  <div class="table-wrap">
    <table id="checks">
      <thead><tr><th scope="col">Check</th><th scope="col">Category</th><th scope="col">Failed</th><th scope="col">% failed</th><th scope="col">Threshold</th><th scope="col">Result</th></tr></thead>
      <tbody></tbody>
    </table>
  </div>
  <h3>Issues</h3>
  <div class="filters" role="group" aria-label="Filter issues">
    <label>Severity <select id="f-severity"></select></label>
    <label>Category <select id="f-category"></select></label>
    <label>Resource type <select id="f-type"></select></label>
    <label>Search <input id="f-text" type="search" placeholder="message, element, rule, id"></label>
  </div>
  <p id="issue-count" aria-live="polite"></p>
  <div class="table-wrap">
    <table id="issues">
      <thead><tr><th scope="col">Severity</th><th scope="col">Category</th><th scope="col">Resource</th><th scope="col">Element</th><th scope="col">Message</th><th scope="col">Location</th><th scope="col">Rule</th></tr></thead>
      <tbody></tbody>
    </table>
  </div>
  <nav class="pager" aria-label="Issue pages">
    <button id="prev" type="button">Previous</button>
    <span id="page-label"></span>
    <button id="next" type="button">Next</button>
  </nav>
</section>`;

/** The worker could not be started at all: the element scans on the main thread instead. */
class WorkerUnavailable extends Error {}
class Cancelled extends Error {
  constructor() {
    super('The scan was cancelled');
  }
}

type Source = { kind: 'file'; file: File } | { kind: 'text' };

interface Running {
  cancelled: boolean;
  cancel(): void;
}

// Lets the module be imported where there is no DOM (a server render, a unit test) without throwing.
const Base: typeof HTMLElement = typeof HTMLElement === 'undefined' ? (class {} as typeof HTMLElement) : HTMLElement;

export class FhirScannerElement extends Base {
  private readonly root: ShadowRoot;
  private source: Source = { kind: 'text' };
  private running: Running | null = null;
  private current: { report: ScanReport; sourceName: string | undefined; texts: string[] | null } | null = null;
  private filter: IssueFilter = { ...NO_FILTER };
  private page = 0;
  private searchTimer: ReturnType<typeof setTimeout> | undefined;
  /** `initial-text` was set and its scan has not started yet. */
  private initialPending = false;

  static get observedAttributes(): string[] {
    return ['initial-text'];
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.innerHTML = TEMPLATE; // static markup only; no data ever goes through innerHTML
    this.wire();
  }

  /** The last report, or null. */
  get report(): ScanReport | null {
    return this.current?.report ?? null;
  }

  disconnectedCallback(): void {
    this.running?.cancel();
  }

  connectedCallback(): void {
    if (this.initialPending) setTimeout(() => this.scanInitial(), 0);
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name !== 'initial-text' || value === null || value.trim() === '') return;
    this.$<HTMLTextAreaElement>('paste').value = value;
    this.source = { kind: 'text' };
    this.$('file-name').textContent = '';
    this.initialPending = true;
    // A task later, so attributes set in the same turn (worker-src) apply to this scan.
    setTimeout(() => this.scanInitial(), 0);
  }

  /** Scans the handed-over text once the element is on the page; a scan under way gives way to it. */
  private scanInitial(): void {
    if (!this.initialPending || !this.isConnected) return;
    if (this.running) {
      this.running.cancel(); // its `finally` comes back here
      return;
    }
    this.initialPending = false;
    void this.scan();
  }

  private $<T extends Element = HTMLElement>(id: string): T {
    return this.root.getElementById(id) as unknown as T;
  }

  private wire(): void {
    const drop = this.$('drop');
    const fileInput = this.$<HTMLInputElement>('file');
    drop.addEventListener('click', () => fileInput.click());
    drop.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' || event.key === ' ') {
        event.preventDefault();
        fileInput.click();
      }
    });
    drop.addEventListener('dragover', (event) => {
      event.preventDefault();
      if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
      drop.classList.add('over');
    });
    drop.addEventListener('dragleave', () => drop.classList.remove('over'));
    drop.addEventListener('drop', (event) => {
      event.preventDefault();
      drop.classList.remove('over');
      const file = event.dataTransfer?.files?.[0];
      if (file) this.chooseFile(file);
    });
    fileInput.addEventListener('change', () => {
      const file = fileInput.files?.[0];
      if (file) this.chooseFile(file);
      fileInput.value = ''; // choosing the same file again scans it again
    });
    this.$('paste').addEventListener('input', () => {
      this.source = { kind: 'text' };
      this.$('file-name').textContent = '';
    });
    this.$('scan').addEventListener('click', () => void this.scan());
    this.$('cancel').addEventListener('click', () => this.running?.cancel());
    this.$('download-json').addEventListener('click', () => this.download('json'));
    this.$('download-html').addEventListener('click', () => this.download('html'));

    const onFilter = () => {
      this.filter = {
        severity: this.$<HTMLSelectElement>('f-severity').value as IssueFilter['severity'],
        category: this.$<HTMLSelectElement>('f-category').value as IssueFilter['category'],
        resourceType: this.$<HTMLSelectElement>('f-type').value,
        text: this.$<HTMLInputElement>('f-text').value,
      };
      this.page = 0;
      this.renderIssues();
    };
    for (const id of ['f-severity', 'f-category', 'f-type']) this.$(id).addEventListener('change', onFilter);
    this.$('f-text').addEventListener('input', () => {
      clearTimeout(this.searchTimer);
      this.searchTimer = setTimeout(onFilter, 150);
    });
    this.$('prev').addEventListener('click', () => {
      this.page--;
      this.renderIssues();
    });
    this.$('next').addEventListener('click', () => {
      this.page++;
      this.renderIssues();
    });
  }

  private chooseFile(file: File): void {
    this.source = { kind: 'file', file };
    this.$('file-name').textContent = `${file.name} (${formatBytes(file.size)})`;
    void this.scan();
  }

  private job(): ScanJob | string {
    const profile = this.$<HTMLSelectElement>('profile').value === 'us-core' ? ('us-core' as const) : undefined;
    if (this.source.kind === 'file') {
      const { file } = this.source;
      return { input: file, sourceName: file.name, format: /\.(ndjson|jsonl)$/i.test(file.name) ? 'ndjson' : 'auto', ...(profile ? { profile } : {}) };
    }
    const text = this.$<HTMLTextAreaElement>('paste').value;
    if (text.trim() === '') return 'Choose or drop a file, or paste a FHIR resource, a Bundle or NDJSON first.';
    return { input: text, format: 'auto', ...(profile ? { profile } : {}) };
  }

  /** Scans the chosen file or the pasted text; resolves when the results are shown (or it failed). */
  async scan(): Promise<void> {
    if (this.running) return;
    const job = this.job();
    if (typeof job === 'string') {
      this.showError(job);
      return;
    }
    const running: Running = { cancelled: false, cancel: () => (running.cancelled = true) };
    this.running = running;
    this.setBusy(true);
    this.showError(null);
    this.showProgress({ resources: 0, elapsedMs: 0 });
    this.emit('scan-start', { source: job.sourceName ?? null, bytes: typeof job.input === 'string' ? null : job.input.size });
    try {
      const { report, elapsedMs, mode } = await this.execute(job, running);
      this.current = { report, sourceName: job.sourceName, texts: null };
      this.filter = { ...NO_FILTER };
      this.page = 0;
      this.renderResults(elapsedMs);
      this.emit('scan-complete', { ...completeDetail(report, elapsedMs), mode });
    } catch (error) {
      const message = running.cancelled || error instanceof Cancelled ? 'The scan was cancelled.' : `The scan failed: ${errorMessage(error)}`;
      this.showError(message);
      this.emit('scan-error', { message, cancelled: running.cancelled });
    } finally {
      this.running = null;
      this.setBusy(false);
      this.$('progress').hidden = true;
      if (this.initialPending) setTimeout(() => this.scanInitial(), 0);
    }
  }

  private async execute(job: ScanJob, running: Running): Promise<{ report: ScanReport; elapsedMs: number; mode: 'worker' | 'main-thread' }> {
    const workerSrc = this.getAttribute('worker-src');
    if (workerSrc && typeof Worker !== 'undefined') {
      try {
        return { ...(await this.inWorker(workerSrc, job, running)), mode: 'worker' };
      } catch (error) {
        if (!(error instanceof WorkerUnavailable)) throw error;
        console.warn(`fhir-scanner: the worker did not start (${error.message}); scanning on the main thread`);
      }
    }
    if (running.cancelled) throw new Cancelled();
    // The engine is loaded only now, so pages whose visitors never scan without a worker never load it.
    const { runScan } = await import('./fhir-scanner/runner');
    const result = await runScan(job, {
      onProgress: (p) => this.showProgress(p),
      pause: () => new Promise((resolve) => setTimeout(resolve, 0)),
      isCancelled: () => running.cancelled,
    });
    return { ...result, mode: 'main-thread' };
  }

  private async inWorker(src: string, job: ScanJob, running: Running): Promise<{ report: ScanReport; elapsedMs: number }> {
    let url: string;
    let revoke = false;
    try {
      const resolved = new URL(src, document.baseURI);
      if (resolved.origin === location.origin) {
        url = resolved.href;
      } else {
        // Browsers start workers only from same-origin or blob: URLs: fetch the script (our own code,
        // from a CORS-enabled static host) and start it from a blob. The data is not part of this.
        const response = await fetch(resolved.href, { credentials: 'omit' });
        if (!response.ok) throw new Error(`${resolved.href} answered ${response.status}`);
        url = URL.createObjectURL(new Blob([await response.text()], { type: 'text/javascript' }));
        revoke = true;
      }
    } catch (error) {
      throw new WorkerUnavailable(errorMessage(error));
    }
    let worker: Worker;
    try {
      worker = new Worker(url);
    } catch (error) {
      if (revoke) URL.revokeObjectURL(url);
      throw new WorkerUnavailable(errorMessage(error));
    }
    try {
      return await new Promise((resolve, reject) => {
        if (running.cancelled) return reject(new Cancelled()); // cancelled while the script was fetched
        let heard = false;
        running.cancel = () => {
          running.cancelled = true;
          reject(new Cancelled());
        };
        worker.onmessage = (event: MessageEvent<WorkerReply>) => {
          heard = true;
          const reply = event.data;
          if (reply.type === 'progress') this.showProgress(reply);
          else if (reply.type === 'done') resolve({ report: reply.report, elapsedMs: reply.elapsedMs });
          else reject(new Error(reply.message));
        };
        worker.onerror = (event) => {
          event.preventDefault();
          // Before the worker has said anything, an error means its script did not load or run.
          reject(heard ? new Error(event.message || 'the scanner worker stopped') : new WorkerUnavailable(event.message || `could not load ${src}`));
        };
        worker.onmessageerror = () => reject(new Error('a message from the scanner worker could not be read'));
        const request: WorkerRequest = { type: 'scan', job };
        worker.postMessage(request);
      });
    } finally {
      worker.terminate();
      if (revoke) URL.revokeObjectURL(url);
    }
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private setBusy(busy: boolean): void {
    this.$<HTMLButtonElement>('scan').disabled = busy;
    this.$('cancel').hidden = !busy;
    this.$('drop').setAttribute('aria-disabled', String(busy));
    this.setAttribute('aria-busy', String(busy));
  }

  private showError(message: string | null): void {
    const el = this.$('error');
    el.textContent = message ?? '';
    el.hidden = message === null;
  }

  private showProgress(p: ScanProgress): void {
    this.$('progress').hidden = false;
    const bar = this.$<HTMLProgressElement>('bar');
    const fraction = p.bytes !== undefined && p.totalBytes ? p.bytes / p.totalBytes : undefined;
    if (fraction === undefined) bar.removeAttribute('value'); // indeterminate
    else bar.value = fraction;
    bar.max = 1;
    this.$('progress-text').textContent = progressLabel(p.resources, p.elapsedMs, fraction);
  }

  // ---- results ------------------------------------------------------------------------------

  private renderResults(elapsedMs: number): void {
    const { report } = this.current!;
    const s = report.summary;
    const errors = s.fatal + s.errors;
    const summary = this.$('summary');
    summary.className = `summary ${errors ? 'bad' : s.warnings ? 'warn' : 'good'}`;
    summary.textContent =
      `Scanned ${count(s.resources, 'resource')}: ${count(errors, 'error')}, ${count(s.warnings, 'warning')}, ` +
      `${s.information.toLocaleString('en-US')} information` +
      `${s.profile === 'us-core' ? ' (checked against US Core 5.0.1)' : ''} in ${elapsedMs < 1000 ? `${Math.max(1, Math.round(elapsedMs))} ms` : `${(elapsedMs / 1000).toFixed(1)} s`}.`;

    this.$('cards').replaceChildren(
      ...scoreCards(report).map((card) => {
        const fill = el('div', { class: 'fill' });
        fill.style.width = `${card.score ?? 0}%`;
        return el(
          'div',
          { class: `card ${card.tone}`, 'data-score': card.key },
          el('p', { class: 'label' }, card.label),
          el('p', { class: 'value' }, card.value),
          el('div', { class: 'track', role: 'presentation' }, fill),
        );
      }),
    );

    const byType = issuesByType(report);
    this.$('chart-type').replaceChildren(barChart(byType.rows, 'chart-type-title'), ...(byType.more ? [el('p', { class: 'note' }, `and ${byType.more} more resource types`)] : []), legend());
    this.$('chart-category').replaceChildren(barChart(issuesByCategory(report), 'chart-category-title'), legend());

    this.$('checks').querySelector('tbody')!.replaceChildren(
      ...(s.checks.length
        ? s.checks.map((c) =>
            el(
              'tr',
              {},
              el('td', {}, el('strong', {}, c.id), el('br'), c.description),
              el('td', { class: 'nowrap' }, c.category),
              el('td', { class: 'num' }, `${c.numerator.toLocaleString('en-US')} / ${c.denominator.toLocaleString('en-US')}`),
              el('td', { class: 'num' }, `${c.pctFailed}%`),
              el('td', { class: 'num' }, `${c.thresholdPct}%`),
              el('td', { class: c.passed ? 'pass' : 'fail' }, c.passed ? 'Pass' : 'Fail'),
            ),
          )
        : [el('tr', {}, el('td', { colspan: '6' }, 'No data-quality check applied to these resources.'))]),
    );

    const options = filterOptions(report.issues);
    fillSelect(this.$('f-severity'), 'All severities', options.severities);
    fillSelect(this.$('f-category'), 'All categories', options.categories);
    fillSelect(this.$('f-type'), 'All resource types', options.resourceTypes);
    this.$<HTMLInputElement>('f-text').value = '';
    this.renderIssues();
    this.$('results').hidden = false;
  }

  private renderIssues(): void {
    if (!this.current) return;
    const current = this.current;
    const { report } = current;
    if (this.filter.text.trim() !== '' && !current.texts) current.texts = report.issues.map(searchText);
    const matching = filterIssues(report.issues, this.filter, current.texts ?? undefined);
    const slice = pageOf(matching, this.page, PAGE_SIZE);
    this.page = slice.page;

    const s = report.summary;
    const total = s.fatal + s.errors + s.warnings + s.information;
    const filtered = this.filter.severity || this.filter.category || this.filter.resourceType || this.filter.text.trim();
    let line = matching.length === 0 ? 'No issues match.' : `Showing ${slice.from.toLocaleString('en-US')}–${slice.to.toLocaleString('en-US')} of ${count(matching.length, 'issue')}`;
    if (filtered) line += ` (filtered from ${report.issues.length.toLocaleString('en-US')})`;
    if (s.truncated) line += `. The report keeps the ${s.issuesKept.toLocaleString('en-US')} most severe of ${total.toLocaleString('en-US')} issues.`;
    this.$('issue-count').textContent = total === 0 ? 'No issues found.' : line;

    this.$('issues').querySelector('tbody')!.replaceChildren(...slice.items.map(issueRow));
    this.$<HTMLButtonElement>('prev').disabled = slice.page === 0;
    this.$<HTMLButtonElement>('next').disabled = slice.page >= slice.pages - 1;
    this.$('page-label').textContent = `Page ${slice.page + 1} of ${slice.pages}`;
    this.$('issues').closest('.table-wrap')!.toggleAttribute('hidden', matching.length === 0);
  }

  private download(kind: 'json' | 'html'): void {
    if (!this.current) return;
    const { report, sourceName } = this.current;
    const text = kind === 'json' ? toJsonText(report) : toHtml(report, { generatedAt: new Date().toISOString(), ...(sourceName ? { title: `FHIR IQ scan report: ${sourceName}` } : {}) });
    const blob = new Blob([text], { type: kind === 'json' ? 'application/json' : 'text/html' });
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: downloadName(sourceName, kind), hidden: '' });
    this.root.append(a);
    a.click();
    a.remove();
    // Revoking at once can cancel the download in some browsers; a minute is plenty to start it.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

// ---- small DOM helpers (text only: strings become text nodes) ---------------------------------

function el<K extends keyof HTMLElementTagNameMap>(tag: K, attrs: Record<string, string> = {}, ...children: Array<Node | string>): HTMLElementTagNameMap[K] {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, value);
  node.append(...children); // strings are appended as text nodes
  return node;
}

function svg<K extends keyof SVGElementTagNameMap>(tag: K, attrs: Record<string, string | number> = {}, text?: string): SVGElementTagNameMap[K] {
  const node = document.createElementNS(SVG, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== undefined) node.textContent = text;
  return node;
}

function fillSelect(select: HTMLSelectElement, allLabel: string, values: readonly string[]): void {
  select.replaceChildren(el('option', { value: '' }, allLabel), ...values.map((v) => el('option', { value: v }, v)));
  select.value = '';
}

function issueRow(issue: Issue): HTMLTableRowElement {
  return el(
    'tr',
    { class: `row-${issue.severity}` },
    el('td', { class: `sev sev-${issue.severity}` }, issue.severity),
    el('td', { class: 'nowrap' }, issue.category),
    el('td', {}, resourceLabel(issue)),
    el('td', {}, el('code', {}, issue.expression.join(', '))),
    el('td', {}, issue.message),
    el('td', {}, locationLabel(issue.location)),
    el('td', {}, el('code', {}, issue.rule)),
  );
}

/** A horizontal stacked bar chart (errors, warnings, information) as inline SVG. */
function barChart(rows: ChartRow[], labelledBy: string): Element {
  if (rows.length === 0) return el('p', { class: 'note' }, 'No issues.');
  const width = 600;
  const labelWidth = 170;
  const countWidth = 60;
  const barHeight = 18;
  const gap = 8;
  const height = rows.length * (barHeight + gap);
  const max = Math.max(...rows.map(chartTotal));
  const scale = (width - labelWidth - countWidth) / max;
  const chart = svg('svg', { viewBox: `0 0 ${width} ${height}`, role: 'img', 'aria-labelledby': labelledBy });
  chart.append(
    svg(
      'desc',
      {},
      rows.map((r) => `${r.label}: ${r.errors} errors, ${r.warnings} warnings, ${r.information} information`).join('; '),
    ),
  );
  rows.forEach((row, i) => {
    const y = i * (barHeight + gap);
    const label = row.label.length > 24 ? `${row.label.slice(0, 23)}…` : row.label;
    chart.append(svg('text', { x: labelWidth - 8, y: y + barHeight - 4, 'text-anchor': 'end', 'font-size': 13, fill: '#1b2733' }, label));
    let x = labelWidth;
    for (const key of ['errors', 'warnings', 'information'] as const) {
      if (row[key] === 0) continue;
      const w = Math.max(1, row[key] * scale);
      const rect = svg('rect', { x, y, width: w, height: barHeight, fill: SEVERITY_COLORS[key] });
      rect.append(svg('title', {}, `${row.label}: ${row[key].toLocaleString('en-US')} ${key}`));
      chart.append(rect);
      x += w;
    }
    chart.append(svg('text', { x: x + 6, y: y + barHeight - 4, 'font-size': 13, fill: '#57606a' }, chartTotal(row).toLocaleString('en-US')));
  });
  return chart;
}

function legend(): HTMLElement {
  const item = (key: keyof typeof SEVERITY_COLORS, text: string) => {
    const swatch = el('span');
    swatch.style.background = SEVERITY_COLORS[key];
    return el('li', {}, swatch, text);
  };
  return el('ul', { class: 'legend', 'aria-hidden': 'true' }, item('errors', 'Errors'), item('warnings', 'Warnings'), item('information', 'Information'));
}

function count(n: number, one: string): string {
  return `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;
}

function formatBytes(n: number): string {
  if (n < 1024) return `${n} B`;
  if (n < 1024 * 1024) return `${(n / 1024).toFixed(1)} KB`;
  return `${(n / 1024 / 1024).toFixed(1)} MB`;
}

function errorMessage(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}

if (typeof customElements !== 'undefined' && !customElements.get('fhir-scanner')) {
  customElements.define('fhir-scanner', FhirScannerElement);
}
