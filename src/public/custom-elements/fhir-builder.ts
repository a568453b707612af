import { DEFAULT_ENDPOINT, checkRequest, requestBuild, type BuildFailure, type BuildIssue, type BuildResult } from './fhir-builder/api';
import { el, textList } from './shared/dom';
import { highlightJson } from './fhir-builder/highlight';
import {
  EXAMPLE_PROMPTS,
  builtStatus,
  completeDetail,
  engineLabel,
  issueWhere,
  promptCounter,
  resourceFileName,
  resourceText,
  tabAfterKey,
  tabsFor,
  validityBadge,
} from './fhir-builder/view';

/**
 * <fhir-builder endpoint="/_functions/codegen"></fhir-builder>: FHIR Builder AI. The visitor
 * describes a resource in plain language; the codegen http function builds it, checks it with our
 * scanner, and writes the code that sends it. The element shows the resource (highlighted), its
 * validity and issues, what the engine understood, and the code in five languages with copy
 * buttons; the resource can be downloaded or handed to the Data Quality Scanner.
 *
 * Attributes: `endpoint` (default /_functions/codegen; page code sets the site's full URL, since a
 * Wix site may live under a path prefix).
 * Events (bubbling, composed): 'build-start' (detail: promptLength), 'build-complete' (detail:
 * resourceType, valid, engine, errors, warnings, languages), 'build-error' (detail: status, code,
 * message) and 'open-in-scanner' (detail: text, the resource as JSON) for page code to act on.
 *
 * Everything that comes from the visitor, the model or the server reaches the DOM through text
 * nodes or setAttribute, never as markup; the only markup is the static template below.
 */

/** A build that takes longer than this (the OpenAI engine with its repair rounds) is given up. */
const TIMEOUT_MS = 90_000;
/** How long "Copied" stays next to a copy button. */
const COPIED_MS = 4_000;

const STYLE = `
:host { display: block; font: inherit; color: #1b2733; text-align: left; --accent: var(--fhir-builder-accent, #0b5cad); }
[hidden] { display: none !important; }
form { display: grid; gap: .6rem; }
label, .examples-label { font-weight: 600; }
.label-row { display: flex; justify-content: space-between; align-items: baseline; gap: 1rem; flex-wrap: wrap; }
.counter { font-size: .85rem; color: #57606a; font-variant-numeric: tabular-nums; }
.counter.over { color: #b71c1c; font-weight: 700; }
textarea, input[type=url] { font: inherit; width: 100%; box-sizing: border-box; padding: .5rem; border: 1px solid #b6c2cd; border-radius: .4rem; }
textarea { resize: vertical; min-height: 5rem; }
textarea[aria-invalid=true], input[aria-invalid=true] { border-color: #c62828; }
.examples { display: flex; flex-wrap: wrap; gap: .4rem; align-items: center; }
.examples button { font-size: .85rem; border-radius: 1rem; background: #f3f7fb; }
.row { display: flex; flex-wrap: wrap; gap: .6rem; align-items: center; }
.field { display: grid; gap: .25rem; }
button { font: inherit; padding: .4rem .7rem; border-radius: .4rem; border: 1px solid var(--accent); background: #fff; color: var(--accent); cursor: pointer; }
button.primary { background: var(--accent); color: #fff; font-weight: 600; }
button:disabled { opacity: .55; cursor: default; }
button:focus-visible, textarea:focus-visible, input:focus-visible, pre:focus-visible, [role=tab]:focus-visible, [role=tabpanel]:focus-visible { outline: 3px solid #9cc3ec; outline-offset: 1px; }
.note { color: #57606a; font-size: .9rem; margin: 0; }
.status { color: #57606a; }
.error { background: #fdecea; border: 1px solid #f5c2bd; padding: .6rem .9rem; border-radius: .4rem; margin: 1rem 0; }
.error p { margin: 0; font-weight: 600; }
.error h3, .lists h3 { font-size: .95rem; margin: .6rem 0 .2rem; }
.error ul, .lists ul { margin: 0; padding-left: 1.2rem; }
section { margin-top: 1.4rem; }
.result-head { display: flex; flex-wrap: wrap; align-items: center; gap: .8rem; }
.result-head h2 { margin: 0; }
.badge { display: inline-block; padding: .2rem .7rem; border-radius: 1rem; font-weight: 700; font-size: .9rem; border: 1px solid; }
.badge.valid { color: #1b5e20; background: #e8f5e9; border-color: #a5d6a7; }
.badge.warning { color: #7a3e00; background: #fff4e5; border-color: #ffcc80; }
.badge.invalid { color: #b71c1c; background: #fdecea; border-color: #f5c2bd; }
.actions { margin: .8rem 0; }
pre { margin: 0; padding: .8rem; background: #f6f8fa; border: 1px solid #d0d7de; border-radius: .5rem; overflow: auto; max-height: 32rem; font: .82rem/1.45 ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; white-space: pre; tab-size: 2; }
.tok-key { color: #0a3069; } .tok-string { color: #0a6b2d; } .tok-number { color: #953800; } .tok-literal { color: #8250df; } .tok-other { color: #b71c1c; }
table { border-collapse: collapse; width: 100%; font-size: .85rem; background: #fff; margin: .4rem 0; }
th, td { border: 1px solid #d0d7de; padding: .35rem .5rem; text-align: left; vertical-align: top; }
th { background: #eef2f6; }
td { overflow-wrap: anywhere; }
.sev { font-weight: 700; text-transform: capitalize; white-space: nowrap; }
.sev-fatal { color: #7b1fa2; } .sev-error { color: #c62828; } .sev-warning { color: #9a4a00; } .sev-information { color: #1565c0; }
.lists { display: grid; grid-template-columns: repeat(auto-fit, minmax(16rem, 1fr)); gap: .4rem 1.4rem; }
[role=tablist] { display: flex; flex-wrap: wrap; gap: .2rem; border-bottom: 1px solid #d0d7de; margin-top: .4rem; }
[role=tab] { border: 1px solid transparent; border-bottom: 0; border-radius: .4rem .4rem 0 0; background: transparent; color: #1b2733; margin-bottom: -1px; }
[role=tab][aria-selected=true] { border-color: #d0d7de; background: #fff; color: var(--accent); font-weight: 700; border-bottom: 1px solid #fff; }
[role=tabpanel] { border: 1px solid #d0d7de; border-top: 0; padding: .6rem; border-radius: 0 0 .5rem .5rem; background: #fff; }
.panel-bar { display: flex; gap: .8rem; align-items: center; margin-bottom: .5rem; }
.copy-status.ok { color: #1b5e20; font-weight: 600; }
.copy-status.fallback { color: #7a3e00; }
`;

const TEMPLATE = `<style>${STYLE}</style>
<form id="form" novalidate>
  <div class="label-row">
    <label for="prompt">Describe the FHIR resource you need</label>
    <span id="counter" class="counter"></span>
  </div>
  <textarea id="prompt" rows="4" aria-describedby="counter prompt-hint" placeholder="e.g. blood pressure 120/80 for patient 42 taken this morning"></textarea>
  <p id="prompt-hint" class="note">Plain language, up to 2,000 characters. Ctrl+Enter (⌘+Enter on a Mac) generates.</p>
  <div class="examples" role="group" aria-labelledby="examples-label">
    <span id="examples-label" class="examples-label">Examples:</span>
    <span id="examples" class="examples"></span>
  </div>
  <div class="field">
    <label for="base-url">FHIR server base URL for the code (optional)</label>
    <input id="base-url" type="url" inputmode="url" autocomplete="url" spellcheck="false" placeholder="https://hapi.fhir.org/baseR4" aria-describedby="base-url-hint">
    <p id="base-url-hint" class="note">The code snippets send the resource to this server. Left empty, they use a public test server.</p>
  </div>
  <div class="row">
    <button id="generate" type="submit" class="primary">Generate</button>
    <span id="status" class="status" role="status"></span>
  </div>
</form>
<div id="error" class="error" role="alert" hidden>
  <p id="error-message"></p>
  <div id="error-details"></div>
  <div id="error-understood" hidden><h3>Understood</h3><div class="list"></div></div>
  <div id="error-missing" hidden><h3>Missing</h3><div class="list"></div></div>
</div>
<section id="results" aria-labelledby="results-title" hidden>
  <div class="result-head">
    <h2 id="results-title">Your FHIR resource</h2>
    <span id="badge" class="badge"></span>
  </div>
  <p id="engine" class="note"></p>
  <div class="row actions">
    <button id="download" type="button">Download JSON</button>
    <button id="open-scanner" type="button">Open in Scanner</button>
  </div>
  <pre id="resource" tabindex="0" aria-label="The FHIR resource as JSON"></pre>
  <div id="issues-block" hidden>
    <h3>Validation issues</h3>
    <table id="issues">
      <thead><tr><th scope="col">Severity</th><th scope="col">Element</th><th scope="col">Message</th></tr></thead>
      <tbody></tbody>
    </table>
  </div>
  <div class="lists">
    <div id="understood-block" hidden><h3>Understood</h3><div id="understood"></div></div>
    <div id="notes-block" hidden><h3>Notes</h3><div id="notes"></div></div>
  </div>
  <h3 id="code-title">Code that sends it</h3>
  <div id="tabs" role="tablist" aria-labelledby="code-title"></div>
  <div id="panels"></div>
</section>`;

// Lets the module be imported where there is no DOM (a server render, a unit test) without throwing.
const Base: typeof HTMLElement = typeof HTMLElement === 'undefined' ? (class {} as typeof HTMLElement) : HTMLElement;

export class FhirBuilderElement extends Base {
  private readonly root: ShadowRoot;
  private busy = false;
  private current: BuildResult | null = null;
  /** The code tab the visitor chose; kept across builds. */
  private language = 'typescript';
  private copyTimers = new Map<string, ReturnType<typeof setTimeout>>();
  private inFlight: AbortController | null = null;

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.innerHTML = TEMPLATE; // static markup only; no data ever goes through innerHTML
    this.wire();
    this.updateCounter();
  }

  disconnectedCallback(): void {
    this.inFlight?.abort(); // taken off the page: nobody is waiting for the answer
  }

  /** The last successful answer, or null. */
  get result(): BuildResult | null {
    return this.current;
  }

  private $<T extends Element = HTMLElement>(id: string): T {
    return this.root.getElementById(id) as unknown as T;
  }

  private get prompt(): HTMLTextAreaElement {
    return this.$<HTMLTextAreaElement>('prompt');
  }

  private wire(): void {
    this.$('examples').append(
      ...EXAMPLE_PROMPTS.map((text) => {
        const button = el('button', { type: 'button', class: 'example' }, text);
        button.addEventListener('click', () => {
          this.prompt.value = text;
          this.updateCounter();
          this.prompt.focus();
        });
        return button;
      }),
    );
    this.$('form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.generate();
    });
    this.prompt.addEventListener('input', () => this.updateCounter());
    this.prompt.addEventListener('keydown', (event) => {
      if (event.key === 'Enter' && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        void this.generate();
      }
    });
    this.$('base-url').addEventListener('input', () => this.$('base-url').removeAttribute('aria-invalid'));
    this.$('download').addEventListener('click', () => this.download());
    this.$('open-scanner').addEventListener('click', () => {
      if (this.current) this.emit('open-in-scanner', { text: resourceText(this.current.resource) });
    });
  }

  private updateCounter(): void {
    const counter = promptCounter(this.prompt.value.length);
    const node = this.$('counter');
    node.textContent = counter.text;
    node.classList.toggle('over', counter.over);
    if (counter.over) this.prompt.setAttribute('aria-invalid', 'true');
    else if (this.prompt.getAttribute('aria-invalid') === 'true' && this.prompt.value.trim() !== '') this.prompt.removeAttribute('aria-invalid');
  }

  /** Builds the resource for the prompt in the box; resolves when the answer (or the error) is shown. */
  async generate(): Promise<void> {
    if (this.busy) return;
    const request = { prompt: this.prompt.value, baseUrl: this.$<HTMLInputElement>('base-url').value };
    const invalid = checkRequest(request);
    if (invalid) {
      this.showFailure(invalid, { keepResult: true }); // a slip in the box should not throw away the last resource
      const field = invalid.code === 'BAD_BASE_URL' ? this.$<HTMLInputElement>('base-url') : this.prompt;
      field.setAttribute('aria-invalid', 'true');
      field.focus();
      this.emit('build-error', { status: 0, code: invalid.code, message: invalid.message });
      return;
    }
    this.prompt.removeAttribute('aria-invalid');
    this.setBusy(true);
    this.emit('build-start', { promptLength: request.prompt.trim().length });
    const controller = new AbortController();
    this.inFlight = controller;
    const timer = setTimeout(() => controller.abort(), TIMEOUT_MS);
    try {
      const endpoint = this.getAttribute('endpoint') || DEFAULT_ENDPOINT;
      const outcome = await requestBuild(endpoint, request, { signal: controller.signal });
      if (outcome.ok) {
        this.current = outcome.result;
        this.showResult(outcome.result);
        this.$('status').textContent = builtStatus(outcome.result);
        this.emit('build-complete', completeDetail(outcome.result));
      } else {
        this.showFailure(outcome.failure);
        this.emit('build-error', { status: outcome.failure.status, code: outcome.failure.code, message: outcome.failure.message });
      }
    } finally {
      clearTimeout(timer);
      this.inFlight = null;
      this.setBusy(false);
    }
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  private setBusy(busy: boolean): void {
    this.busy = busy;
    const button = this.$<HTMLButtonElement>('generate');
    button.disabled = busy;
    button.textContent = busy ? 'Generating…' : 'Generate';
    this.setAttribute('aria-busy', String(busy));
    if (busy) this.$('status').textContent = 'Building your resource…';
  }

  private showFailure(failure: BuildFailure, { keepResult = false } = {}): void {
    if (!keepResult) {
      // A result beside an error about a newer request would read as the answer to it.
      this.current = null;
      this.$('results').hidden = true;
    }
    this.$('status').textContent = '';
    this.$('error-message').textContent = failure.message;
    this.$('error-details').replaceChildren(...(failure.details.length ? [textList(failure.details)] : []));
    for (const [id, items] of [
      ['error-understood', failure.understood],
      ['error-missing', failure.missing],
    ] as const) {
      const block = this.$(id);
      block.querySelector('.list')!.replaceChildren(textList(items));
      block.hidden = items.length === 0;
    }
    this.$('error').hidden = false;
  }

  private showResult(result: BuildResult): void {
    this.$('error').hidden = true;
    const badge = validityBadge(result.validation);
    const badgeNode = this.$('badge');
    badgeNode.className = `badge ${badge.tone}`;
    badgeNode.textContent = badge.text;
    this.$('engine').textContent = engineLabel(result.engine);
    this.$('resource').replaceChildren(highlightJson(document, resourceText(result.resource)));

    const issues = result.validation.issues;
    this.$('issues').querySelector('tbody')!.replaceChildren(...issues.map(issueRow));
    this.$('issues-block').hidden = issues.length === 0;
    this.$('understood').replaceChildren(textList(result.understood));
    this.$('understood-block').hidden = result.understood.length === 0;
    this.$('notes').replaceChildren(textList(result.notes));
    this.$('notes-block').hidden = result.notes.length === 0;

    this.renderCode(result.code);
    this.$('results').hidden = false;
  }

  // ---- code tabs (WAI-ARIA tabs pattern, automatic activation) -----------------------------------

  private renderCode(code: Record<string, string>): void {
    for (const timer of this.copyTimers.values()) clearTimeout(timer);
    this.copyTimers.clear();
    const tabs = tabsFor(code);
    if (!tabs.some((t) => t.language === this.language) && tabs.length) this.language = tabs[0]!.language;
    const tablist = this.$('tabs');
    tablist.replaceChildren(
      ...tabs.map(({ language, label }) => {
        const tab = el('button', { type: 'button', role: 'tab', id: `tab-${language}`, 'aria-controls': `panel-${language}`, 'data-language': language }, label);
        tab.addEventListener('click', () => this.selectTab(language, false));
        tab.addEventListener('keydown', (event) => this.onTabKey(event, language));
        return tab;
      }),
    );
    this.$('panels').replaceChildren(
      ...tabs.map(({ language, label }) => {
        const status = el('span', { class: 'copy-status', role: 'status' });
        const copy = el('button', { type: 'button', class: 'copy', 'aria-label': `Copy the ${label} code` }, 'Copy');
        const pre = el('pre', { tabindex: '0', 'aria-label': `${label} code` }, el('code', {}, code[language]!));
        copy.addEventListener('click', () => void this.copy(language, pre, status));
        return el('div', { role: 'tabpanel', id: `panel-${language}`, 'aria-labelledby': `tab-${language}` }, el('div', { class: 'panel-bar' }, copy, status), pre);
      }),
    );
    this.selectTab(this.language, false);
  }

  private selectTab(language: string, focus: boolean): void {
    this.language = language;
    for (const tab of this.$('tabs').querySelectorAll<HTMLButtonElement>('[role=tab]')) {
      const selected = tab.dataset.language === language;
      tab.setAttribute('aria-selected', String(selected));
      tab.tabIndex = selected ? 0 : -1; // roving tabindex: Tab enters the list at the selected tab
      if (selected && focus) tab.focus();
    }
    for (const panel of this.$('panels').querySelectorAll<HTMLElement>('[role=tabpanel]')) {
      panel.hidden = panel.id !== `panel-${language}`;
    }
  }

  private onTabKey(event: KeyboardEvent, language: string): void {
    const tabs = [...this.$('tabs').querySelectorAll<HTMLButtonElement>('[role=tab]')];
    const index = tabs.findIndex((t) => t.dataset.language === language);
    const next = tabAfterKey(event.key, index, tabs.length);
    if (next === null) return;
    event.preventDefault();
    this.selectTab(tabs[next]!.dataset.language!, true);
  }

  private async copy(language: string, pre: HTMLElement, status: HTMLElement): Promise<void> {
    const text = this.current?.code[language];
    if (text === undefined) return;
    clearTimeout(this.copyTimers.get(language));
    const clipboard = typeof navigator !== 'undefined' ? navigator.clipboard : undefined;
    let copied = false;
    if (clipboard && typeof clipboard.writeText === 'function') {
      try {
        await clipboard.writeText(text);
        copied = true;
      } catch {
        // Denied or unavailable (an insecure page, a browser policy): the visitor copies by hand.
      }
    }
    if (copied) {
      status.className = 'copy-status ok';
      status.textContent = 'Copied';
      this.copyTimers.set(
        language,
        setTimeout(() => {
          status.textContent = '';
        }, COPIED_MS),
      );
      return;
    }
    // Select the code so one key press copies it.
    const selection = typeof window !== 'undefined' ? window.getSelection() : null;
    if (selection) {
      const range = document.createRange();
      range.selectNodeContents(pre);
      selection.removeAllRanges();
      selection.addRange(range);
    }
    status.className = 'copy-status fallback';
    status.textContent = 'This browser did not let us copy. The code is selected: press Ctrl+C (⌘C on a Mac) to copy it.';
  }

  private download(): void {
    if (!this.current) return;
    const { resource } = this.current;
    const blob = new Blob([resourceText(resource)], { type: 'application/fhir+json' });
    const url = URL.createObjectURL(blob);
    const a = el('a', { href: url, download: resourceFileName(resource), hidden: '' });
    this.root.append(a);
    a.click();
    a.remove();
    // Revoking at once can cancel the download in some browsers; a minute is plenty to start it.
    setTimeout(() => URL.revokeObjectURL(url), 60_000);
  }
}

function issueRow(issue: BuildIssue): HTMLTableRowElement {
  return el('tr', {}, el('td', { class: `sev sev-${issue.severity}` }, issue.severity), el('td', {}, issueWhere(issue)), el('td', {}, issue.message));
}

if (typeof customElements !== 'undefined' && !customElements.get('fhir-builder')) {
  customElements.define('fhir-builder', FhirBuilderElement);
}
