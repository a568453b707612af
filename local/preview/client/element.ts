import type { WContext } from './context';
import { kindOf, veloType, type ElementKind } from './element-kind';
import { RepeaterState } from './repeater';

type FormElement = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;

/**
 * One $w element over one DOM element. Members that make no sense for the element's kind
 * throw a clear error instead of silently doing nothing, so page code bugs surface locally.
 */
export class DomElement implements $w.Element {
  readonly type: string;
  private readonly kind: ElementKind;
  private repeater?: RepeaterState;

  constructor(
    private readonly el: HTMLElement,
    readonly id: string,
    private readonly ctx: WContext,
  ) {
    this.kind = kindOf(el.tagName, el.getAttribute('type'), el.hasAttribute('data-repeater'));
    this.type = veloType(this.kind);
    if (this.kind === 'repeater') this.repeater = new RepeaterState(el, id, ctx);
  }

  private fail(member: string): never {
    throw new Error(`$w('#${this.id}') is a ${this.type} (<${this.el.tagName.toLowerCase()}>), which has no ${member}`);
  }

  private get form(): FormElement | undefined {
    const { kind } = this;
    return kind === 'textInput' || kind === 'textBox' || kind === 'dropdown' || kind === 'checkbox' ? (this.el as FormElement) : undefined;
  }

  get text(): string {
    return this.form ? this.form.value : (this.el.textContent ?? '');
  }
  set text(value: string) {
    if (this.form) this.form.value = String(value);
    else this.el.textContent = String(value ?? '');
  }

  get html(): string {
    return this.el.innerHTML;
  }
  set html(value: string) {
    this.el.innerHTML = String(value ?? '');
  }

  get value(): string {
    if (this.form) return this.form.value;
    if (this.kind === 'custom') return String((this.el as unknown as { value?: unknown }).value ?? this.el.getAttribute('value') ?? '');
    return this.fail('value');
  }
  set value(value: string) {
    if (this.form) this.form.value = String(value ?? '');
    else if (this.kind === 'custom') this.el.setAttribute('value', String(value ?? ''));
    else this.fail('value');
  }

  get checked(): boolean {
    return this.kind === 'checkbox' ? (this.el as HTMLInputElement).checked : this.fail('checked');
  }
  set checked(value: boolean) {
    if (this.kind !== 'checkbox') this.fail('checked');
    (this.el as HTMLInputElement).checked = Boolean(value);
  }

  get label(): string {
    if (this.kind === 'button' || this.kind === 'link') return this.el.textContent ?? '';
    return this.labelElement()?.textContent ?? this.el.getAttribute('aria-label') ?? '';
  }
  set label(value: string) {
    if (this.kind === 'button' || this.kind === 'link') {
      this.el.textContent = String(value ?? '');
      return;
    }
    const label = this.labelElement();
    if (label) label.textContent = String(value ?? '');
    else this.el.setAttribute('aria-label', String(value ?? ''));
  }

  private labelElement(): HTMLLabelElement | null {
    const labels = (this.el as HTMLInputElement).labels;
    return labels && labels.length > 0 ? labels[0]! : null;
  }

  get link(): string {
    if (this.kind === 'link') return this.el.getAttribute('href') ?? '';
    if (this.kind === 'button') return this.el.dataset.link ?? '';
    return this.fail('link');
  }
  set link(value: string) {
    if (this.kind === 'link') {
      this.el.setAttribute('href', String(value ?? ''));
    } else if (this.kind === 'button') {
      // A Wix button with a link navigates when clicked.
      if (this.el.dataset.link === undefined) {
        this.el.addEventListener('click', () => {
          const target = this.el.dataset.link;
          if (target) this.ctx.doc.defaultView?.location.assign(target);
        });
      }
      this.el.dataset.link = String(value ?? '');
    } else {
      this.fail('link');
    }
  }

  get src(): string {
    return this.mediaAttr('src');
  }
  set src(value: string) {
    this.setMediaAttr('src', value);
  }
  get alt(): string {
    return this.mediaAttr('alt');
  }
  set alt(value: string) {
    this.setMediaAttr('alt', value);
  }

  private mediaAttr(name: string): string {
    if (this.kind !== 'image' && this.kind !== 'media') this.fail(name);
    return this.el.getAttribute(name) ?? '';
  }
  private setMediaAttr(name: string, value: string): void {
    if (this.kind !== 'image' && this.kind !== 'media') this.fail(name);
    this.el.setAttribute(name, String(value ?? ''));
  }

  get placeholder(): string {
    return this.form ? (this.el.getAttribute('placeholder') ?? '') : this.fail('placeholder');
  }
  set placeholder(value: string) {
    if (!this.form) this.fail('placeholder');
    this.el.setAttribute('placeholder', String(value ?? ''));
  }

  get options(): Array<{ label: string; value: string }> {
    if (this.kind !== 'dropdown') this.fail('options');
    return Array.from((this.el as HTMLSelectElement).options, (o) => ({ label: o.textContent ?? '', value: o.value }));
  }
  set options(options: Array<{ label: string; value: string }>) {
    if (this.kind !== 'dropdown') this.fail('options');
    if (!Array.isArray(options)) throw new TypeError(`$w('#${this.id}').options must be an array of {label, value}`);
    const select = this.el as HTMLSelectElement;
    select.replaceChildren(
      ...options.map((o) => {
        const option = this.ctx.doc.createElement('option');
        option.value = String(o.value ?? '');
        option.textContent = String(o.label ?? o.value ?? '');
        return option;
      }),
    );
  }

  // Visibility: show/expand remove the `hidden` attribute, hide/collapse set it (collapse also marks it).
  get hidden(): boolean {
    return this.el.hidden && !this.collapsed;
  }
  get collapsed(): boolean {
    return this.el.hidden && this.el.hasAttribute('data-collapsed');
  }
  get isVisible(): boolean {
    if (!this.el.isConnected) return false;
    for (let node: HTMLElement | null = this.el; node; node = node.parentElement) {
      if (node.hidden) return false;
    }
    return true;
  }
  async show(): Promise<void> {
    this.el.hidden = false;
    this.el.removeAttribute('data-collapsed');
  }
  async expand(): Promise<void> {
    return this.show();
  }
  async hide(): Promise<void> {
    this.el.hidden = true;
    this.el.removeAttribute('data-collapsed');
  }
  async collapse(): Promise<void> {
    this.el.hidden = true;
    this.el.setAttribute('data-collapsed', '');
  }

  get enabled(): boolean {
    return !this.el.hasAttribute('disabled') && this.el.getAttribute('aria-disabled') !== 'true';
  }
  async enable(): Promise<void> {
    this.el.removeAttribute('disabled');
    this.el.removeAttribute('aria-disabled');
  }
  async disable(): Promise<void> {
    if ('disabled' in this.el) this.el.setAttribute('disabled', '');
    else this.el.setAttribute('aria-disabled', 'true');
  }

  focus(): void {
    this.el.focus();
  }

  onClick(handler: $w.EventHandler): $w.Element {
    return this.listen('click', handler);
  }
  onChange(handler: $w.EventHandler): $w.Element {
    return this.listen('change', handler);
  }
  onInput(handler: $w.EventHandler): $w.Element {
    return this.listen('input', handler);
  }

  private listen(type: string, handler: $w.EventHandler): $w.Element {
    if (typeof handler !== 'function') throw new TypeError(`$w('#${this.id}'): the ${type} handler must be a function`);
    this.el.addEventListener(type, () => {
      this.guard(`#${this.id} ${type} handler`, () => handler({ target: this, type }));
    });
    return this;
  }

  /** Runs page code; a throw or a rejected promise is reported instead of vanishing. */
  private guard(where: string, run: () => unknown): void {
    try {
      const result = run();
      if (result && typeof (result as Promise<unknown>).then === 'function') {
        (result as Promise<unknown>).then(undefined, (err: unknown) => this.ctx.reportError(err, where));
      }
    } catch (err) {
      this.ctx.reportError(err, where);
    }
  }

  get data(): Array<{ _id: string } & Record<string, unknown>> {
    return this.repeaterState('data').data;
  }
  set data(items: Array<{ _id: string } & Record<string, unknown>>) {
    this.repeaterState('data').setData(items);
  }
  onItemReady(handler: (item$: $w.Selector, itemData: any, index: number) => void): $w.Element {
    this.repeaterState('onItemReady').onItemReady(handler);
    return this;
  }
  forEachItem(handler: (item$: $w.Selector, itemData: any, index: number) => void): void {
    this.repeaterState('forEachItem').forEachItem(handler);
  }
  private repeaterState(member: string): RepeaterState {
    return this.repeater ?? this.fail(`${member} (only repeaters, marked data-repeater, have it)`);
  }

  setAttribute(name: string, value: string): void {
    this.el.setAttribute(name, String(value));
  }
  on(eventName: string, handler: (event: { detail: any; type: string }) => void): void {
    this.el.addEventListener(eventName, (event) => {
      this.guard(`#${this.id} ${eventName} handler`, () => handler({ detail: (event as CustomEvent).detail, type: event.type }));
    });
  }

  get valid(): boolean {
    return this.form ? this.form.checkValidity() : true;
  }
  updateValidityIndication(): void {
    if (!this.form) return;
    if (this.form.checkValidity()) this.el.removeAttribute('aria-invalid');
    else this.el.setAttribute('aria-invalid', 'true');
  }
}
