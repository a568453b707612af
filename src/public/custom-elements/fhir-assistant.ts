import { DEFAULT_ENDPOINT, ask, readConversation, type Citation, type Turn } from './fhir-assistant/api';
import { browserStore, newConversationId, type AssistantStore } from './fhir-assistant/store';
import { checkMessage, citationHref, counterText, failureText, maskedNotice, MAX_MESSAGE_CHARS, siteBase, type AnswerDetail } from './fhir-assistant/view';
import { el } from './shared/dom';

/**
 * <fhir-assistant endpoint="/_functions/chat"></fhir-assistant>: the site's AI assistant, placed
 * once on every page (the master page). A floating "Ask FHIR IQ" button opens a non-modal chat
 * panel; questions go to the chat http function, which answers from the site's own content with
 * citations, shown as links to the pages they came from. While a question is on its way the
 * element reads the conversation every ~400 ms to show the answer as it streams in.
 *
 * The conversation outlives the page: its id is kept in local storage and its messages are read
 * back from the site when the panel opens (a conversation the site no longer knows starts afresh);
 * a panel left open stays open on the next page (session storage), so following a citation keeps
 * the conversation in view. Nothing is asked of the site until the panel opens.
 *
 * Attributes: `endpoint` (default /_functions/chat; page code sets the site's full URL, since a
 * Wix site may live under a path prefix, and site-path citations open under the same prefix).
 * Events (bubbling, composed): 'assistant-open' (detail: conversationId or null, reopened: true
 * when it opened by itself because it was open on the previous page),
 * 'assistant-close', 'assistant-answer' (detail: conversationId, citations (count), engine,
 * masked) and 'assistant-error' (detail: status, code, message).
 *
 * Everything that comes from the site (answers, citation titles and URLs, stored messages) reaches
 * the DOM through text nodes or setAttribute, never as markup; the only markup is the static
 * template below. Only site paths and same-origin http(s) URLs become links.
 */

/** How often the conversation is read for the streamed answer while a question is on its way. */
const POLL_MS = 400;
/** A page opened while an answer was still being written waits this many reads for it at most. */
const MAX_PENDING_READS = 75;
/** How long network calls wait for page code to give the endpoint before using the default. */
const ENDPOINT_WAIT_MS = 1500;

const STYLE = `
:host { position: fixed; right: 1rem; bottom: 1rem; z-index: 1000; display: flex; flex-direction: column; align-items: flex-end; gap: .6rem;
  font: inherit; color: #1b2733; text-align: left; --accent: var(--fhir-assistant-accent, #0b5cad); max-width: calc(100vw - 2rem); }
[hidden] { display: none !important; }
button { font: inherit; cursor: pointer; border-radius: .4rem; border: 1px solid var(--accent); background: #fff; color: var(--accent); padding: .35rem .7rem; }
button:disabled { opacity: .55; cursor: default; }
button:focus-visible, textarea:focus-visible, a:focus-visible, .scroll:focus-visible { outline: 3px solid #9cc3ec; outline-offset: 1px; }
.launcher { background: var(--accent); color: #fff; font-weight: 600; border-radius: 2rem; padding: .65rem 1.1rem; box-shadow: 0 4px 14px rgba(0,0,0,.2); }
.panel { order: -1; font-size: .95rem; width: 24rem; max-width: 100%; max-height: min(38rem, calc(100vh - 6rem)); display: flex; flex-direction: column; background: #fff;
  border: 1px solid #d0d7de; border-radius: .8rem; box-shadow: 0 8px 28px rgba(0,0,0,.22); overflow: hidden; }
.head { display: flex; align-items: center; gap: .5rem; padding: .6rem .8rem; background: #f3f6f9; border-bottom: 1px solid #d0d7de; }
.head h2 { flex: 1; margin: 0; font-size: 1rem; }
.head button { font-size: .85rem; padding: .25rem .55rem; }
#close { border-color: transparent; font-size: 1.2rem; line-height: 1; padding: .1rem .45rem; }
.note { color: #57606a; font-size: .85rem; margin: 0; }
.intro { padding: .5rem .8rem 0; }
.scroll { flex: 1; min-height: 6rem; overflow-y: auto; padding: .6rem .8rem; display: grid; gap: .6rem; align-content: start; }
.messages { display: grid; gap: .6rem; }
.msg { padding: .5rem .7rem; border-radius: .6rem; max-width: 92%; overflow-wrap: anywhere; }
.msg.user { justify-self: end; background: #e8f1fb; }
.msg.assistant { justify-self: start; background: #f6f8fa; border: 1px solid #e3e8ed; }
.who { display: block; font-size: .75rem; font-weight: 700; color: #57606a; margin-bottom: .15rem; }
.text { margin: 0; white-space: pre-wrap; }
.not-sent { margin: .2rem 0 0; font-size: .8rem; color: #b71c1c; }
.notice { margin: .4rem 0 0; padding: .3rem .5rem; border-left: 3px solid #ef6c00; background: #fff4e5; color: #5f3200; font-size: .85rem; }
.sources { margin: .4rem 0 0; font-size: .85rem; }
.sources p { margin: 0; font-weight: 600; }
.sources ul { margin: .15rem 0 0; padding-left: 1.1rem; }
.sources a { color: var(--accent); }
.draft { opacity: .85; }
.busy { margin: 0; padding: 0 .8rem; min-height: 1.2em; font-size: .85rem; color: #57606a; }
.error { margin: .3rem .8rem 0; background: #fdecea; border: 1px solid #f5c2bd; padding: .45rem .7rem; border-radius: .4rem; font-size: .9rem; }
.error p { margin: .1rem 0; }
.error p:first-child { font-weight: 600; }
form { display: grid; gap: .3rem; padding: .6rem .8rem .8rem; border-top: 1px solid #eef1f4; }
label { font-weight: 600; font-size: .9rem; }
textarea { font: inherit; width: 100%; box-sizing: border-box; resize: vertical; min-height: 2.8rem; max-height: 12rem; padding: .45rem; border: 1px solid #b6c2cd; border-radius: .4rem; }
textarea[aria-invalid=true] { border-color: #c62828; }
.row { display: flex; justify-content: space-between; align-items: center; gap: .5rem; }
.actions { display: flex; align-items: center; gap: .5rem; flex: none; }
.counter { white-space: nowrap; font-size: .8rem; color: #57606a; font-variant-numeric: tabular-nums; }
.counter.over { color: #b71c1c; font-weight: 700; }
button.primary { background: var(--accent); color: #fff; font-weight: 600; }
.sr { position: absolute; width: 1px; height: 1px; overflow: hidden; clip: rect(0 0 0 0); white-space: nowrap; }
@media (prefers-reduced-motion: no-preference) { .launcher { transition: transform .1s; } .launcher:hover { transform: translateY(-1px); } }
`;

const TEMPLATE = `<style>${STYLE}</style>
<button id="toggle" class="launcher" type="button" aria-expanded="false" aria-controls="panel">Ask FHIR IQ</button>
<section id="panel" class="panel" role="dialog" aria-labelledby="title" aria-describedby="intro" hidden>
  <div class="head">
    <h2 id="title">FHIR IQ assistant</h2>
    <button id="new" type="button">New conversation</button>
    <button id="close" type="button" aria-label="Close the assistant">×</button>
  </div>
  <p id="intro" class="note intro">Ask about FHIR, our tools, pricing or getting started: answers come from this site's pages, with links to them. Please leave out any patient information.</p>
  <div id="log" class="scroll" role="log" aria-live="polite" aria-relevant="additions" aria-label="Conversation" tabindex="0">
    <div id="messages" class="messages"></div>
    <div id="draft" class="msg assistant draft" aria-hidden="true" hidden><span class="who">FHIR IQ</span><p id="draft-text" class="text"></p></div>
  </div>
  <p id="busy" class="busy" role="status"></p>
  <div id="error" class="error" role="alert" hidden></div>
  <form id="form" novalidate>
    <label for="input">Your question</label>
    <textarea id="input" rows="2" aria-describedby="hint counter" autocomplete="off"></textarea>
    <div class="row">
      <span id="hint" class="note">Enter sends, Shift+Enter starts a new line.</span>
      <span class="actions"><span id="counter" class="counter"></span><button id="send" type="submit" class="primary">Send</button></span>
    </div>
  </form>
</section>`;

// Lets the module be imported where there is no DOM (a server render, a unit test) without throwing.
const Base: typeof HTMLElement = typeof HTMLElement === 'undefined' ? (class {} as typeof HTMLElement) : HTMLElement;

export class FhirAssistantElement extends Base {
  private readonly root: ShadowRoot;
  private readonly store: AssistantStore = browserStore();
  /** The conversation questions go to: the stored one, or a new id chosen with the first question. */
  private currentId: string | null = null;
  /** The stored conversation has been read back (or there was none) in this page. */
  private restored = false;
  private busy = false;
  /** Stops what belongs to the current conversation (a question on its way, a read) on "New conversation". */
  private controller = new AbortController();
  private endpointWaiters: Array<() => void> = [];

  static get observedAttributes(): string[] {
    return ['endpoint'];
  }

  constructor() {
    super();
    this.root = this.attachShadow({ mode: 'open' });
    this.root.innerHTML = TEMPLATE; // static markup only; no data ever goes through innerHTML
    this.updateCounter();
    this.wire();
  }

  connectedCallback(): void {
    // A panel left open on the previous page (e.g. by following a citation) opens again, without
    // taking the focus from the page.
    if (this.store.wasOpen() && this.$('panel').hidden) this.show({ focus: false, reopened: true });
  }

  disconnectedCallback(): void {
    // Nothing keeps reading for a panel nobody sees; a question on its way is still stored by the site.
    this.controller.abort();
    this.controller = new AbortController();
    this.showDraft('');
    this.setBusy(false);
  }

  attributeChangedCallback(name: string): void {
    if (name === 'endpoint' && this.hasAttribute('endpoint')) this.flushEndpointWaiters();
  }

  /** The conversation the next question goes to, or null (a new one). */
  get conversationId(): string | null {
    return this.currentId;
  }

  get isOpen(): boolean {
    return !this.$('panel').hidden;
  }

  /** Opens the panel (reading back a kept conversation the first time) and moves focus to the input. */
  open(): void {
    this.show({ focus: true, reopened: false });
  }

  private show({ focus, reopened }: { focus: boolean; reopened: boolean }): void {
    const panel = this.$('panel');
    if (!panel.hidden) {
      if (focus) this.$('input').focus();
      return;
    }
    panel.hidden = false;
    this.$('toggle').setAttribute('aria-expanded', 'true');
    this.store.setOpen(true);
    if (focus) this.$('input').focus();
    if (!this.restored && !this.busy) void this.restore();
    this.emit('assistant-open', { conversationId: this.currentId ?? this.store.conversationId(), reopened });
  }

  /** Closes the panel and gives the focus back to the button; a question on its way is still answered. */
  close(): void {
    const panel = this.$('panel');
    if (panel.hidden) return;
    const hadFocus = this.root.activeElement !== null && panel.contains(this.root.activeElement);
    panel.hidden = true;
    this.$('toggle').setAttribute('aria-expanded', 'false');
    this.store.setOpen(false);
    if (hadFocus) this.$('toggle').focus();
    this.emit('assistant-close', {});
  }

  private $<T extends Element = HTMLElement>(id: string): T {
    return this.root.getElementById(id) as unknown as T;
  }

  private get endpoint(): string {
    return this.getAttribute('endpoint') || DEFAULT_ENDPOINT;
  }

  /** Page code sets the endpoint in its onReady, which may come after the element is ready: calls wait a moment for it. */
  private endpointReady(): Promise<string> {
    if (this.hasAttribute('endpoint')) return Promise.resolve(this.endpoint);
    return new Promise((resolve) => {
      const done = () => resolve(this.endpoint);
      this.endpointWaiters.push(done);
      setTimeout(() => this.flushEndpointWaiters(), ENDPOINT_WAIT_MS);
    });
  }

  private flushEndpointWaiters(): void {
    const waiters = this.endpointWaiters;
    this.endpointWaiters = [];
    for (const done of waiters) done();
  }

  private wire(): void {
    this.$('toggle').addEventListener('click', () => (this.isOpen ? this.close() : this.open()));
    this.$('toggle').addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && this.isOpen) {
        event.preventDefault();
        this.close();
      }
    });
    this.$('close').addEventListener('click', () => this.close());
    this.$('new').addEventListener('click', () => this.startAfresh());
    this.$('panel').addEventListener('keydown', (event) => {
      if (event.key === 'Escape' && !event.defaultPrevented) {
        event.preventDefault();
        this.close();
      }
    });
    this.$('form').addEventListener('submit', (event) => {
      event.preventDefault();
      void this.send();
    });
    const input = this.$<HTMLTextAreaElement>('input');
    input.addEventListener('keydown', (event) => {
      // Enter sends; Shift+Enter is a new line; Enter that ends an IME composition is not a send.
      if (event.key === 'Enter' && !event.shiftKey && !event.ctrlKey && !event.altKey && !event.metaKey && !event.isComposing) {
        event.preventDefault();
        void this.send();
      }
    });
    input.addEventListener('input', () => {
      this.updateCounter();
      if (input.getAttribute('aria-invalid') === 'true') {
        input.removeAttribute('aria-invalid');
        this.showError(null);
      }
    });
  }

  // ---- talking to the site ------------------------------------------------------------------

  /** Reads back the kept conversation: its messages, and an answer still being written when the last page closed. */
  private async restore(): Promise<void> {
    const id = this.store.conversationId();
    if (!id) {
      this.restored = true;
      return;
    }
    const signal = this.controller.signal;
    this.currentId = id;
    this.setBusy(true, 'Loading your conversation…');
    const endpoint = await this.endpointReady();
    let outcome = await readConversation(endpoint, id, document.baseURI, { signal });
    for (let reads = 0; outcome.ok && outcome.value.pending !== undefined && reads < MAX_PENDING_READS && !signal.aborted; reads++) {
      this.renderTurns(outcome.value.messages);
      this.showDraft(outcome.value.pending);
      await sleep(POLL_MS, signal);
      outcome = await readConversation(endpoint, id, document.baseURI, { signal });
    }
    if (signal.aborted) return;
    this.showDraft('');
    this.setBusy(false);
    if (outcome.ok) {
      this.restored = true;
      this.renderTurns(outcome.value.messages);
    } else if (outcome.failure.status === 404) {
      // The site no longer has it (expired): the next question starts a new conversation.
      this.restored = true;
      this.forget();
    } else {
      // Kept, and read again on the next open; a question asked now still goes to it.
      this.showFailure({ title: 'Your earlier conversation could not be loaded.', lines: failureText(outcome.failure).lines });
    }
  }

  private async send(): Promise<void> {
    if (this.busy) return;
    const input = this.$<HTMLTextAreaElement>('input');
    const checked = checkMessage(input.value);
    if (!checked.ok) {
      input.setAttribute('aria-invalid', 'true');
      this.showError([checked.problem]);
      input.focus();
      return;
    }
    const message = checked.message;
    this.showError(null);
    const conversationId = this.currentId ?? newConversationId();
    this.currentId = conversationId;
    this.restored = true; // what is on screen from here on is this conversation
    const turn = this.appendTurn({ role: 'user', content: message, citations: [] });
    input.value = '';
    this.updateCounter();
    this.setBusy(true, 'FHIR IQ is looking through the site for an answer…');

    const signal = this.controller.signal;
    const polling = new AbortController();
    const stopPolling = () => polling.abort();
    signal.addEventListener('abort', stopPolling, { once: true });
    const endpoint = await this.endpointReady();
    void this.followStream(endpoint, conversationId, polling.signal);
    const outcome = await ask(endpoint, { message, conversationId }, { signal });
    stopPolling();
    signal.removeEventListener('abort', stopPolling);
    if (signal.aborted) return; // "New conversation" while it was on its way: that conversation is gone from view
    this.showDraft('');
    this.setBusy(false);

    if (outcome.ok) {
      const reply = outcome.value;
      this.currentId = reply.conversationId;
      this.store.setConversationId(reply.conversationId);
      this.appendTurn({ role: 'assistant', content: reply.answer, citations: reply.citations }, maskedNotice(reply.notice, reply.masked));
      const detail: AnswerDetail = { conversationId: reply.conversationId, citations: reply.citations.length, engine: reply.engine, masked: reply.masked.length > 0 };
      this.emit('assistant-answer', detail);
      return;
    }
    const failure = outcome.failure;
    turn.append(el('p', { class: 'not-sent' }, 'Not sent'));
    // The words come back into the input, to send again once the problem is gone.
    if (input.value.trim() === '') {
      input.value = message;
      this.updateCounter();
    }
    if (failure.status === 404) this.forget();
    this.showFailure(failureText(failure));
    this.emit('assistant-error', { status: failure.status, code: failure.code, message: failure.message });
  }

  /** Shows the answer as it streams in: the conversation's `pending` text, read every POLL_MS until the answer comes. */
  private async followStream(endpoint: string, conversationId: string, signal: AbortSignal): Promise<void> {
    while (!signal.aborted) {
      await sleep(POLL_MS, signal);
      if (signal.aborted) return;
      const outcome = await readConversation(endpoint, conversationId, document.baseURI, { signal });
      if (signal.aborted) return;
      // Not there yet (404 before the site stored the question), no pending text, a failed read: the next read may tell.
      if (outcome.ok && outcome.value.pending) {
        this.showDraft(outcome.value.pending);
        this.$('busy').textContent = 'FHIR IQ is answering…';
      }
    }
  }

  /** "New conversation": forgets the kept one, stops a question on its way, clears the panel. */
  private startAfresh(): void {
    this.controller.abort();
    this.controller = new AbortController();
    this.forget();
    this.restored = true;
    this.$('messages').replaceChildren();
    this.showDraft('');
    this.showError(null);
    this.setBusy(false);
    this.$('busy').textContent = 'New conversation started.';
    this.$('input').focus();
  }

  private forget(): void {
    this.currentId = null;
    this.store.setConversationId(null);
  }

  private emit(type: string, detail: unknown): void {
    this.dispatchEvent(new CustomEvent(type, { detail, bubbles: true, composed: true }));
  }

  // ---- showing ------------------------------------------------------------------------------

  private setBusy(busy: boolean, text = ''): void {
    this.busy = busy;
    this.$<HTMLButtonElement>('send').disabled = busy;
    this.$('busy').textContent = busy ? text : '';
    this.$('log').setAttribute('aria-busy', String(busy));
  }

  private updateCounter(): void {
    const length = this.$<HTMLTextAreaElement>('input').value.trim().length;
    const counter = this.$('counter');
    counter.textContent = counterText(length);
    counter.classList.toggle('over', length > MAX_MESSAGE_CHARS);
  }

  private renderTurns(turns: readonly Turn[]): void {
    this.$('messages').replaceChildren(...turns.map((t) => this.turnNode(t, null)));
    this.scrollToEnd();
  }

  private appendTurn(turn: Turn, notice: string | null = null): HTMLElement {
    const node = this.turnNode(turn, notice);
    this.$('messages').append(node);
    this.scrollToEnd();
    return node;
  }

  private turnNode(turn: Turn, notice: string | null): HTMLElement {
    const node = el('div', { class: `msg ${turn.role}` }, el('span', { class: 'who' }, turn.role === 'user' ? 'You' : 'FHIR IQ'), el('p', { class: 'text' }, turn.content));
    if (notice) node.append(el('p', { class: 'notice' }, notice));
    if (turn.citations.length) node.append(this.sourcesNode(turn.citations));
    return node;
  }

  /** The citations: links to the pages they came from when they are site pages, text otherwise. */
  private sourcesNode(citations: readonly Citation[]): HTMLElement {
    const base = siteBase(this.endpoint, document.baseURI);
    const items = citations.map((c) => {
      const href = citationHref(c.url, base, window.location.origin);
      return el('li', {}, href ? el('a', { href }, c.title) : el('span', { class: 'unlinked' }, c.title === c.url ? c.title : `${c.title} (${c.url})`));
    });
    return el('div', { class: 'sources' }, el('p', {}, 'Sources'), el('ul', {}, ...items));
  }

  private showDraft(text: string): void {
    this.$('draft-text').textContent = text;
    this.$('draft').hidden = text === '';
    if (text !== '') this.scrollToEnd();
  }

  private scrollToEnd(): void {
    const scroll = this.$('log');
    scroll.scrollTop = scroll.scrollHeight;
  }

  private showError(lines: string[] | null): void {
    const box = this.$('error');
    box.replaceChildren(...(lines ?? []).map((line) => el('p', {}, line)));
    box.hidden = lines === null;
  }

  private showFailure(text: { title: string; lines: string[] }): void {
    this.showError([text.title, ...text.lines.filter((l) => l.trim() !== '')]);
  }
}

/** Resolves after `ms`, or at once when `signal` aborts. */
function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}

if (typeof customElements !== 'undefined' && !customElements.get('fhir-assistant')) {
  customElements.define('fhir-assistant', FhirAssistantElement);
}
