import { GROUP_IDS, type GroupId, type Progress, type RecordedRequest, type RecordedResponse } from '../fhir/api-test/types';
import {
  DEFAULT_ENDPOINT,
  checkStart,
  continueRun,
  runUrl,
  startRun,
  type CallFailure,
  type CallOutcome,
  type DownloadFormat,
  type InputProblem,
  type RunView,
} from './fhir-api-tester/api';
import { el } from './shared/dom';
// The constants module only: the test definitions stay out of the element's script.
import { GROUPS, TAG_SYSTEM } from '../fhir/api-test/constants';
import {
  completeDetail,
  countTests,
  countsText,
  downloadName,
  durationText,
  failureText,
  headerRows,
  matchesFilter,
  prettyBody,
  progressFraction,
  progressLabel,
  safeHref,
  statusBadge,
  summaryLine,
  type ReportTest,
  type StatusFilter,
} from './fhir-api-tester/view';

/**
 * <fhir-api-tester endpoint="/_functions/apiTest"></fhir-api-tester>: the API Testing Suite. The
 * visitor gives a FHIR server's base URL and options; the apiTest http function runs the R4
 * RESTful API tests against it in steps (a Wix backend call ends after ~14 s), and the element
 * asks for step after step until the run is done, showing live progress and the results tree:
 * groups with their counts, each test with its message, the spec section it enforces and the
 * request/response it is about. The report downloads as JSON, JUnit XML or a FHIR TestReport.
 *
 * Attributes: `endpoint` (default /_functions/apiTest; page code sets the site's full URL, since a
 * Wix site may live under a path prefix), `base-url` (fills the URL box).
 * Events (bubbling, composed): 'run-start' (detail: baseUrl, allowWrites, groups, resources),
 * 'run-progress' (detail: Progress), 'run-complete' (detail: runId, status, baseUrl, passed,
 * failed, skipped, durationMs), 'run-stopped' (detail: runId) and 'run-error' (detail: status,
 * code, message).
 *
 * Everything that comes from the target server or the site reaches the DOM through text nodes or
 * setAttribute, never as markup; the only markup is the static template below.
 */

/** How often a 409 (a step still running) is waited out before giving up. */
const MAX_BUSY_RETRIES = 30;
/** How often a lost answer (network, 5xx) is retried before the run is left for the visitor to resume. */
const MAX_TRANSIENT_RETRIES = 3;
/** 429 while a run is under way: wait this long when no Retry-After came, and never longer than the cap. */
const DEFAULT_RATE_WAIT_S = 30;
const MAX_RATE_WAIT_S = 120;

const STYLE = `
:host { display: block; font: inherit; color: #1b2733; text-align: left; --accent: var(--fhir-api-tester-accent, #0b5cad); }
[hidden] { display: none !important; }
form { display: grid; gap: .8rem; }
.field { display: grid; gap: .25rem; }
label, legend { font-weight: 600; }
input[type=url], input[type=text] { font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; border: 1px solid #b6c2cd; border-radius: .4rem; }
input[aria-invalid=true] { border-color: #c62828; }
fieldset { border: 1px solid #d0d7de; border-radius: .5rem; padding: .6rem .9rem .8rem; margin: 0; display: grid; gap: .45rem; }
.check { font-weight: 400; display: flex; gap: .45rem; align-items: baseline; }
.groups { display: grid; grid-template-columns: repeat(auto-fit, minmax(15rem, 1fr)); gap: .3rem 1rem; }
.warning { margin: 0; padding: .5rem .7rem; border-left: 4px solid #ef6c00; background: #fff4e5; color: #5f3200; font-size: .9rem; }
.field-error { margin: 0; color: #b71c1c; font-weight: 600; }
.row { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; }
button, select, a.button { font: inherit; padding: .4rem .7rem; border-radius: .4rem; border: 1px solid var(--accent); background: #fff; color: var(--accent); cursor: pointer; text-decoration: none; }
button.primary { background: var(--accent); color: #fff; font-weight: 600; }
button:disabled { opacity: .55; cursor: default; }
select { border-color: #b6c2cd; color: inherit; }
button:focus-visible, input:focus-visible, select:focus-visible, a:focus-visible, pre:focus-visible { outline: 3px solid #9cc3ec; outline-offset: 1px; }
.note { color: #57606a; font-size: .9rem; margin: 0; }
.progress { display: grid; gap: .3rem; margin: 1rem 0; }
.progress progress { width: 100%; height: 1rem; }
.error { background: #fdecea; border: 1px solid #f5c2bd; padding: .6rem .9rem; border-radius: .4rem; margin: 1rem 0; }
.error p { margin: .2rem 0; }
.error p:first-child { font-weight: 600; }
section.results { margin-top: 1.4rem; }
.summary { font-weight: 600; }
.summary.bad { color: #b71c1c; } .summary.good { color: #1b5e20; }
.toolbar { display: flex; flex-wrap: wrap; gap: .8rem; align-items: center; justify-content: space-between; margin: .6rem 0; }
.downloads { display: flex; flex-wrap: wrap; gap: .5rem; align-items: center; }
.group { border: 1px solid #d0d7de; border-radius: .5rem; margin: .6rem 0; background: #fff; }
.group h3 { margin: 0; font-size: 1rem; }
.group-toggle, .test-toggle { width: 100%; text-align: left; border: 0; border-radius: .5rem; background: transparent; color: inherit; display: flex; gap: .5rem; align-items: baseline; flex-wrap: wrap; }
.group-toggle { padding: .6rem .8rem; font-weight: 700; background: #f3f6f9; }
.group-counts { font-weight: 400; color: #57606a; font-size: .9rem; }
.chev { display: inline-block; width: 1em; transition: transform .1s; }
[aria-expanded=false] > .chev { transform: rotate(-90deg); }
ul.tests { list-style: none; margin: 0; padding: .2rem .4rem .5rem; }
li.test { border-top: 1px solid #eef1f4; }
.test-toggle { padding: .4rem .4rem; }
.test-title { flex: 1 1 16rem; }
.test-id { color: #57606a; font-size: .8rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; }
.icon { font-weight: 700; width: 1.2em; text-align: center; }
.st-passed .icon { color: #1b5e20; } .st-failed .icon { color: #c62828; } .st-skipped .icon { color: #6b7785; }
.detail { padding: .2rem .6rem .8rem 2.2rem; display: grid; gap: .5rem; }
.message { margin: 0; white-space: pre-wrap; overflow-wrap: anywhere; }
.st-failed .message { color: #8e1616; }
.exchange { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: .8rem; }
.exchange h4 { margin: 0 0 .3rem; font-size: .9rem; }
.line { margin: 0 0 .3rem; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: .85rem; overflow-wrap: anywhere; }
table { border-collapse: collapse; width: 100%; font-size: .8rem; margin: .3rem 0; }
th, td { border: 1px solid #d0d7de; padding: .25rem .4rem; text-align: left; vertical-align: top; overflow-wrap: anywhere; }
th { background: #eef2f6; font-weight: 600; }
pre { margin: .3rem 0 0; padding: .6rem; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: .4rem; overflow: auto; max-height: 22rem; font: .8rem/1.4 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre-wrap; overflow-wrap: anywhere; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
`;

const TEMPLATE = `<style>${STYLE}</style>
<form id="form" novalidate>
  <div class="field">
    <label for="base-url">FHIR server base URL</label>
    <input id="base-url" type="url" inputmode="url" autocomplete="url" spellcheck="false" placeholder="https://hapi.fhir.org/baseR4" aria-describedby="base-url-hint url-error">
    <p id="base-url-hint" class="note">The address the server's endpoints hang off: [base]/metadata must answer with its CapabilityStatement.</p>
    <p id="url-error" class="field-error" role="alert" hidden></p>
  </div>
  <fieldset>
    <legend>Options</legend>
    <label class="check"><input id="allow-writes" type="checkbox" aria-describedby="writes-warning"> Allow writes: create, update and delete test resources</label>
    <p id="writes-warning" class="warning"></p>
    <div class="field">
      <label for="resources">Resource types to test (optional)</label>
      <input id="resources" type="text" spellcheck="false" autocomplete="off" placeholder="Patient, Observation" aria-describedby="resources-hint resources-error">
      <p id="resources-hint" class="note">Comma-separated. Left empty, the suite tests the common types the server declares, Patient first.</p>
      <p id="resources-error" class="field-error" role="alert" hidden></p>
    </div>
  </fieldset>
  <fieldset id="groups-fieldset" aria-describedby="groups-error">
    <legend>Test groups</legend>
    <div id="groups" class="groups"></div>
    <p id="groups-error" class="field-error" role="alert" hidden></p>
  </fieldset>
  <div class="row">
    <button id="run" type="submit" class="primary">Run tests</button>
    <button id="stop" type="button" hidden>Stop</button>
    <button id="resume" type="button" hidden>Resume</button>
    <button id="cancel" type="button" hidden>Cancel the run</button>
  </div>
</form>
<div id="progress" class="progress" hidden>
  <progress id="bar" aria-label="Test run progress"></progress>
  <span id="progress-text" role="status" aria-live="polite"></span>
</div>
<div id="error" class="error" role="alert" hidden></div>
<section id="results" class="results" aria-labelledby="results-title" hidden>
  <h2 id="results-title">Results</h2>
  <p id="target" class="note"></p>
  <p id="summary" class="summary" role="status"></p>
  <p id="stopped-note" class="note" hidden>Resume goes on where the run stopped; Cancel the run skips the tests left and deletes the test resources it wrote. A run left alone is cancelled by the site after about 15 minutes.</p>
  <div class="toolbar">
    <label>Show <select id="filter">
      <option value="">All tests</option>
      <option value="failed">Failed</option>
      <option value="passed">Passed</option>
      <option value="skipped">Skipped</option>
    </select></label>
    <div id="downloads" class="downloads" role="group" aria-label="Download the report" hidden>
      <span class="note">Download:</span>
      <a id="download-json" class="button" download>JSON</a>
      <a id="download-junit" class="button" download>JUnit XML</a>
      <a id="download-testreport" class="button" download>FHIR TestReport</a>
    </div>
  </div>
  <p id="match-count" class="note" aria-live="polite"></p>
  <div id="tree"></div>
</section>`;

interface Session {
  runId: string | null;
  stopped: boolean;
  /** The run cannot go on from here (the site no longer knows it). */
  lost: boolean;
  controller: AbortController;
}

interface GroupNode {
  section: HTMLElement;
  toggle: HTMLButtonElement;
  counts: HTMLElement;
  list: HTMLUListElement;
  tests: ReportTest[];
}

interface TestNode {
  li: HTMLLIElement;
  toggle: HTMLButtonElement;
  detail: HTMLElement;
  test: ReportTest;
  /** Status and message the row was drawn with: a change redraws it. */
  key: string;
  built: boolean;
}

class Stopped extends Error {}

// Lets the module be imported where there is no DOM (a server render, a unit test) without throwing.
const Base: typeof HTMLElement = typeof HTMLElement === 'undefined' ? (class {} as typeof HTMLElement) : HTMLElement;

export class FhirApiTesterElement extends Base {
  private readonly root: ShadowRoot;
  private session: Session | null = null;
  private view: RunView | null = null;
  private baseUrl = '';
  private filter: StatusFilter = '';
  private groups = new Map<string, GroupNode>();
  private tests = new Map<string, TestNode>();
  private nextId = 0;

  static get observedAttributes(): string[] {
    return ['base-url'];
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.innerHTML = TEMPLATE; // static markup only; no data ever goes through innerHTML
    this.$('writes-warning').textContent =
      'With writes allowed, the suite creates, updates and then deletes test resources on this server. Each one is tagged ' +
      `${TAG_SYSTEM}|<run id> in meta.tag and removed at the end of the run. Use a test server, not one that holds real patient data. ` +
      'Without writes, the tests that need them are skipped.';
    this.$('groups').replaceChildren(
      ...GROUPS.map((g) =>
        el('label', { class: 'check' }, el('input', { type: 'checkbox', name: 'group', value: g.id, checked: '' }), g.needsWrites ? `${g.title} (needs writes)` : g.title),
      ),
    );
    this.wire();
  }

  /** The last run shown (the endpoint's view of it), or null. */
  get run(): RunView | null {
    return this.view;
  }

  attributeChangedCallback(name: string, _old: string | null, value: string | null): void {
    if (name === 'base-url' && value !== null) this.$<HTMLInputElement>('base-url').value = value;
  }

  disconnectedCallback(): void {
    // Nothing keeps asking for steps of a run nobody sees; the site finishes and cleans up left runs.
    if (this.session) this.stop();
  }

  private $<T extends Element = HTMLElement>(id: string): T {
    return this.root.getElementById(id) as unknown as T;
  }

  private get endpoint(): string {
    return this.getAttribute('endpoint') || DEFAULT_ENDPOINT;
  }

  private wire(): void {
    this.$('form').addEventListener('submit', (event) => {
      event.preventDefault();
      if (!this.session) void this.start();
    });
    this.$('stop').addEventListener('click', () => this.stop());
    this.$('resume').addEventListener('click', () => void this.resume());
    this.$('cancel').addEventListener('click', () => void this.resume({ cancel: true }));
    this.$('base-url').addEventListener('input', () => this.showProblem(null));
    this.$('resources').addEventListener('input', () => this.showProblem(null));
    this.$('groups').addEventListener('change', () => this.showProblem(null));
    this.$('filter').addEventListener('change', () => {
      this.filter = this.$<HTMLSelectElement>('filter').value as StatusFilter;
      this.applyFilter();
    });
  }

  // ---- running ------------------------------------------------------------------------------

  private async start(): Promise<void> {
    const groups = [...this.root.querySelectorAll<HTMLInputElement>('input[name=group]')].filter((c) => c.checked).map((c) => c.value as GroupId);
    const checked = checkStart({
      baseUrl: this.$<HTMLInputElement>('base-url').value,
      allowWrites: this.$<HTMLInputElement>('allow-writes').checked,
      groups,
      allGroups: GROUP_IDS,
      resources: this.$<HTMLInputElement>('resources').value,
    });
    if (!checked.ok) {
      this.showProblem(checked.problem);
      return;
    }
    this.showProblem(null);
    const request = checked.request;
    this.baseUrl = request.baseUrl;
    const session = this.begin(null);
    this.clearResults();
    this.showProgress(null);
    this.emit('run-start', { baseUrl: request.baseUrl, allowWrites: request.allowWrites ?? false, groups: request.groups ?? [...GROUP_IDS], resources: request.resources ?? [] });
    const outcome = await startRun(this.endpoint, request, { signal: session.controller.signal });
    if (session.stopped) return this.end(session);
    if (!outcome.ok) {
      this.fail(outcome.failure);
      return this.end(session);
    }
    session.runId = outcome.view.runId;
    this.show(outcome.view);
    await this.follow(session);
  }

  /** Goes on with a stopped run; with `cancel`, the site skips the tests left and cleans up first. */
  private async resume(options: { cancel?: boolean } = {}): Promise<void> {
    const runId = this.view?.runId;
    if (!runId || this.session) return;
    const session = this.begin(runId);
    this.showProgress(this.view!.progress);
    if (options.cancel) {
      const outcome = await continueRun(this.endpoint, runId, { signal: session.controller.signal, cancel: true });
      if (session.stopped) return this.end(session);
      if (!outcome.ok) {
        this.fail(outcome.failure);
        return this.end(session);
      }
      this.show(outcome.view);
    }
    await this.follow(session);
  }

  private begin(runId: string | null): Session {
    const session: Session = { runId, stopped: false, lost: false, controller: new AbortController() };
    this.session = session;
    this.showError(null);
    this.setBusy(true);
    return session;
  }

  /** Asks for step after step while the run is running, waiting out the answers that say "not now". */
  private async follow(session: Session): Promise<void> {
    let busy = 0;
    let transient = 0;
    let limited = 0;
    try {
      while (this.view && this.view.status === 'running' && !session.stopped) {
        const outcome: CallOutcome = await continueRun(this.endpoint, session.runId!, { signal: session.controller.signal });
        if (session.stopped) break;
        if (outcome.ok) {
          busy = transient = 0;
          if (limited) this.showError(null);
          limited = 0;
          this.show(outcome.view);
          continue;
        }
        const f = outcome.failure;
        if (f.status === 409 && busy < MAX_BUSY_RETRIES) {
          busy++;
          await this.wait(session, Math.min(5, f.retryAfterSeconds ?? 2));
        } else if (f.status === 429 && limited < 5) {
          limited++;
          const seconds = Math.min(MAX_RATE_WAIT_S, f.retryAfterSeconds ?? DEFAULT_RATE_WAIT_S);
          this.showFailure({ ...f, retryAfterSeconds: seconds }, ['The run goes on by itself then.']);
          await this.wait(session, seconds);
        } else if ((f.status === 0 || f.status >= 500) && f.code !== 'ABORTED' && transient < MAX_TRANSIENT_RETRIES) {
          transient++;
          await this.wait(session, 2 * transient);
        } else {
          session.lost = f.status === 404;
          this.fail(f, f.status === 404 ? [] : ['The results so far are kept: Resume asks the site for the next step again.']);
          break;
        }
      }
    } catch (error) {
      if (!(error instanceof Stopped)) throw error;
    }
    this.end(session);
  }

  private stop(): void {
    const session = this.session;
    if (!session) return;
    session.stopped = true;
    session.controller.abort();
    this.end(session);
  }

  /** The session is over (done, failed, stopped or refused): buttons, progress and events follow. */
  private end(session: Session): void {
    if (this.session !== session) return;
    this.session = null;
    this.setBusy(false);
    this.$('progress').hidden = true;
    const view = this.view;
    if (!view) return;
    const unfinished = view.status === 'running';
    this.$('resume').hidden = this.$('cancel').hidden = !unfinished || session.lost;
    this.$('stopped-note').hidden = !(session.stopped && unfinished);
    this.renderSummary(session.stopped);
    this.$('downloads').hidden = false;
    if (session.stopped && unfinished) {
      this.emit('run-stopped', { runId: view.runId });
    } else if (!unfinished) {
      if (view.status === 'failed') this.showFailureLines('The run stopped before the end.', [view.error ?? 'The site could not finish it.', 'The results so far are shown below.']);
      this.emit('run-complete', completeDetail(view, this.baseUrl));
    }
  }

  private wait(session: Session, seconds: number): Promise<void> {
    return new Promise((resolve, reject) => {
      if (session.stopped) return reject(new Stopped());
      const timer = setTimeout(() => {
        session.controller.signal.removeEventListener('abort', onAbort);
        resolve();
      }, seconds * 1000);
      const onAbort = () => {
        clearTimeout(timer);
        reject(new Stopped());
      };
      session.controller.signal.addEventListener('abort', onAbort, { once: true });
    });
  }

  private fail(failure: CallFailure, extra: string[] = []): void {
    this.showFailure(failure, extra);
    this.emit('run-error', { status: failure.status, code: failure.code, message: failure.message });
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  // ---- showing ------------------------------------------------------------------------------

  private setBusy(busy: boolean): void {
    this.$<HTMLButtonElement>('run').disabled = busy;
    this.$('stop').hidden = !busy;
    if (busy) this.$('resume').hidden = this.$('cancel').hidden = this.$('stopped-note').hidden = true;
    this.$('downloads').hidden = busy || !this.view;
    this.setAttribute('aria-busy', String(busy));
  }

  private showProblem(problem: InputProblem | null): void {
    const targets = { baseUrl: ['base-url', 'url-error'], groups: ['groups-fieldset', 'groups-error'], resources: ['resources', 'resources-error'] } as const;
    for (const [input, message] of Object.values(targets)) {
      this.$(input).removeAttribute('aria-invalid');
      this.$(message).hidden = true;
    }
    if (!problem) return;
    const [input, message] = targets[problem.field];
    const box = this.$(message);
    box.textContent = problem.message;
    box.hidden = false;
    this.$(input).setAttribute('aria-invalid', 'true');
    if (problem.field !== 'groups') this.$(input).focus();
  }

  private showError(lines: string[] | null): void {
    const box = this.$('error');
    box.replaceChildren(...(lines ?? []).map((line) => el('p', {}, line)));
    box.hidden = lines === null;
  }

  private showFailureLines(title: string, lines: string[]): void {
    this.showError([title, ...lines.filter((l) => l.trim() !== '')]);
  }

  private showFailure(failure: CallFailure, extra: string[] = []): void {
    const text = failureText(failure);
    this.showFailureLines(text.title, [...text.lines, ...extra]);
  }

  private showProgress(progress: Progress | null): void {
    this.$('progress').hidden = false;
    const bar = this.$<HTMLProgressElement>('bar');
    const fraction = progress ? progressFraction(progress) : undefined;
    if (fraction === undefined) {
      bar.removeAttribute('value'); // indeterminate
      bar.max = 1;
    } else {
      bar.max = progress!.total;
      bar.value = progress!.done;
    }
    this.$('progress-text').textContent = progress ? progressLabel(progress, this.view?.report ?? null) : 'Starting: reading the server’s capability statement…';
  }

  private clearResults(): void {
    this.view = null;
    this.groups.clear();
    this.tests.clear();
    this.$('tree').replaceChildren();
    this.$('results').hidden = true;
    this.$('resume').hidden = this.$('cancel').hidden = this.$('stopped-note').hidden = true;
  }

  /** One answer from the endpoint: progress, summary and the tree, updated in place. */
  private show(view: RunView): void {
    this.view = view;
    if (view.status === 'running') this.showProgress(view.progress);
    this.emit('run-progress', view.progress);
    this.$('target').textContent = `Run ${view.runId.slice(0, 8)} against ${view.baseUrl ?? this.baseUrl}`;
    for (const group of view.report.groups) {
      const node = this.groupNode(group.id, group.title);
      node.tests = group.tests;
      for (const test of group.tests) this.upsertTest(node, test);
      node.counts.textContent = countsText(countTests(group.tests));
    }
    for (const format of ['json', 'junit', 'testreport'] as const) this.setDownload(format, view.runId);
    this.renderSummary(false);
    this.applyFilter();
    this.$('results').hidden = false;
  }

  private renderSummary(stopped: boolean): void {
    if (!this.view) return;
    const line = summaryLine(this.view, stopped);
    const summary = this.$('summary');
    summary.className = `summary ${line.tone}`;
    summary.textContent = this.view.report.groups.length === 0 && this.view.status === 'running' ? 'No test has finished yet.' : line.text;
  }

  private setDownload(format: DownloadFormat, runId: string): void {
    const link = this.$<HTMLAnchorElement>(`download-${format}`);
    link.setAttribute('href', runUrl(this.endpoint, runId, format, document.baseURI));
    link.setAttribute('download', downloadName(runId, format));
  }

  private groupNode(id: string, title: string): GroupNode {
    const existing = this.groups.get(id);
    if (existing) return existing;
    const listId = `g-${++this.nextId}`;
    const counts = el('span', { class: 'group-counts' });
    const toggle = el('button', { type: 'button', class: 'group-toggle', 'aria-expanded': 'true', 'aria-controls': listId }, el('span', { class: 'chev', 'aria-hidden': 'true' }, '▾'), el('span', {}, title), counts);
    const list = el('ul', { class: 'tests', id: listId });
    const section = el('section', { class: 'group', 'data-group': id }, el('h3', {}, toggle), list);
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      toggle.setAttribute('aria-expanded', String(open));
      list.hidden = !open;
    });
    const node: GroupNode = { section, toggle, counts, list, tests: [] };
    this.groups.set(id, node);
    this.$('tree').append(section);
    return node;
  }

  private upsertTest(group: GroupNode, test: ReportTest): void {
    const key = `${test.status}\n${test.message}`;
    const existing = this.tests.get(test.id);
    if (existing) {
      if (existing.key === key) return;
      // A result that changed (a cancelled run turns the rest into "skipped"): redraw the row, keep it open.
      existing.test = test;
      existing.key = key;
      this.drawRow(existing);
      if (existing.built) this.buildDetail(existing);
      return;
    }
    const detailId = `t-${++this.nextId}`;
    const toggle = el('button', { type: 'button', class: 'test-toggle', 'aria-expanded': 'false', 'aria-controls': detailId });
    const detail = el('div', { class: 'detail', id: detailId, hidden: '' });
    const li = el('li', { class: 'test' }, toggle, detail);
    const node: TestNode = { li, toggle, detail, test, key, built: false };
    toggle.addEventListener('click', () => {
      const open = toggle.getAttribute('aria-expanded') !== 'true';
      if (open && !node.built) this.buildDetail(node);
      toggle.setAttribute('aria-expanded', String(open));
      detail.hidden = !open;
    });
    this.drawRow(node);
    this.tests.set(test.id, node);
    group.list.append(li);
  }

  private drawRow(node: TestNode): void {
    const { test } = node;
    const badge = statusBadge(test.status);
    node.li.className = `test st-${test.status}`;
    node.li.setAttribute('data-test-id', test.id);
    node.li.setAttribute('data-status', test.status);
    node.toggle.replaceChildren(
      el('span', { class: 'chev', 'aria-hidden': 'true' }, '▾'),
      el('span', { class: 'icon', role: 'img', 'aria-label': badge.label, title: badge.label }, badge.icon),
      el('span', { class: 'test-title' }, test.title),
      el('span', { class: 'test-id' }, test.id),
    );
  }

  /** The message, the spec link and the exchange: built when the test is first opened. */
  private buildDetail(node: TestNode): void {
    const { test } = node;
    const parts: Node[] = [el('p', { class: 'message' }, test.message || statusBadge(test.status).label)];
    if (test.specRef) {
      const href = safeHref(test.specRef);
      const link = href
        ? el('a', { href, target: '_blank', rel: 'noopener noreferrer', class: 'spec-link' }, test.specRef, el('span', { class: 'sr' }, ' (opens in a new tab)'))
        : el('span', {}, test.specRef);
      parts.push(el('p', { class: 'spec' }, 'Specification: ', link));
    }
    if (test.request || test.response) {
      parts.push(el('div', { class: 'exchange' }, requestView(test.request), responseView(test.response)));
    } else {
      parts.push(el('p', { class: 'note' }, 'No request was made for this test.'));
    }
    node.detail.replaceChildren(...parts);
    node.built = true;
  }

  private applyFilter(): void {
    let shown = 0;
    let total = 0;
    for (const group of this.groups.values()) {
      let inGroup = 0;
      for (const test of group.tests) {
        const node = this.tests.get(test.id);
        if (!node) continue;
        const match = matchesFilter(test, this.filter);
        node.li.hidden = !match;
        if (match) inGroup++;
        total++;
      }
      group.section.hidden = inGroup === 0;
      shown += inGroup;
    }
    const words = { '': 'tests', failed: 'failed tests', passed: 'passed tests', skipped: 'skipped tests' }[this.filter];
    this.$('match-count').textContent =
      total === 0 ? '' : this.filter === '' ? `${total.toLocaleString('en-US')} tests.` : shown === 0 ? `No ${words}.` : `Showing ${shown.toLocaleString('en-US')} ${words} of ${total.toLocaleString('en-US')}.`;
  }
}

// ---- the request/response viewer (text only) ------------------------------------------------

function requestView(request: RecordedRequest | null): HTMLElement {
  const section = el('section', { class: 'request' }, el('h4', {}, 'Request'));
  if (!request) {
    section.append(el('p', { class: 'note' }, 'None recorded.'));
    return section;
  }
  section.append(el('p', { class: 'line' }, el('strong', {}, request.method), ' ', request.url));
  section.append(headersTable(request.headers, 'Request headers'));
  if (request.body !== undefined && request.body !== '') section.append(bodyView(request.body, 'Request body', false));
  return section;
}

function responseView(response: RecordedResponse | null): HTMLElement {
  const section = el('section', { class: 'response' }, el('h4', {}, 'Response'));
  if (!response) {
    section.append(el('p', { class: 'note' }, 'No response (the request could not be made).'));
    return section;
  }
  section.append(el('p', { class: 'line' }, el('strong', { class: 'http-status' }, `HTTP ${response.status}`), ` · ${durationText(response.durationMs)}`));
  section.append(headersTable(response.headers, 'Response headers'));
  section.append(response.body === '' ? el('p', { class: 'note' }, 'Empty body.') : bodyView(response.body, 'Response body', response.truncated === true));
  return section;
}

function headersTable(headers: Record<string, string>, caption: string): HTMLElement {
  const rows = headerRows(headers);
  if (rows.length === 0) return el('p', { class: 'note' }, `No ${caption.toLowerCase()}.`);
  return el(
    'table',
    { class: 'headers' },
    el('caption', { class: 'sr' }, caption),
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Header'), el('th', { scope: 'col' }, 'Value'))),
    el('tbody', {}, ...rows.map(([name, value]) => el('tr', {}, el('td', {}, name), el('td', {}, value)))),
  );
}

function bodyView(body: string, label: string, truncated: boolean): DocumentFragment {
  const pretty = prettyBody(body);
  const fragment = document.createDocumentFragment();
  fragment.append(el('pre', { class: `body${pretty.json ? ' json' : ''}`, tabindex: '0', 'aria-label': label }, pretty.text));
  if (truncated) fragment.append(el('p', { class: 'note' }, 'The body is cut short here; the report keeps its beginning only.'));
  return fragment;
}

if (typeof customElements !== 'undefined' && !customElements.get('fhir-api-tester')) {
  customElements.define('fhir-api-tester', FhirApiTesterElement);
}
