/**
 * The subset of Velo's page API that our page code uses. On Wix the editor supplies `$w` with
 * exact element types; locally the preview runtime (local/preview/client) implements the same
 * subset over the DOM. Keep page code inside this subset so it runs in both places.
 */

declare namespace $w {
  type EventHandler = (event: { target: Element; type: string }) => void;

  /** Any element: the common members of Velo's $w element types. */
  interface Element {
    readonly id: string;
    readonly type: string;
    /** Text elements: plain text (escaped). */
    text: string;
    /** Text elements: rich text as sanitized HTML; never assign untrusted input. */
    html: string;
    /** Inputs, text boxes, dropdowns. */
    value: string;
    /** Checkboxes and switches. */
    checked: boolean;
    /** Buttons. */
    label: string;
    /** Buttons and text links. */
    link: string;
    /** Images and media. */
    src: string;
    alt: string;
    placeholder: string;
    /** Dropdowns: options. */
    options: Array<{ label: string; value: string }>;
    readonly hidden: boolean;
    readonly collapsed: boolean;
    readonly enabled: boolean;
    readonly isVisible: boolean;
    show(): Promise<void>;
    hide(): Promise<void>;
    expand(): Promise<void>;
    collapse(): Promise<void>;
    enable(): Promise<void>;
    disable(): Promise<void>;
    focus(): void;
    onClick(handler: EventHandler): Element;
    onChange(handler: EventHandler): Element;
    onInput(handler: EventHandler): Element;
    /** Repeaters: the items to render; each needs a unique `_id`. */
    data: Array<{ _id: string } & Record<string, unknown>>;
    /** Repeaters: called for each item as it is rendered, with a selector scoped to that item. */
    onItemReady(handler: (item$: Selector, itemData: any, index: number) => void): Element;
    forEachItem(handler: (item$: Selector, itemData: any, index: number) => void): void;
    /** Custom elements: set an attribute (Wix passes strings). */
    setAttribute(name: string, value: string): void;
    /** Custom elements: listen to a DOM CustomEvent dispatched by the element. */
    on(eventName: string, handler: (event: { detail: any; type: string }) => void): void;
    /** Form inputs: Velo's validity state. */
    readonly valid: boolean;
    updateValidityIndication(): void;
  }

  type Selector = (selector: string) => Element;
}

declare const $w: $w.Selector & {
  /** Runs the callback once the page's elements are ready (and awaits it if it returns a promise). */
  onReady(callback: () => void | Promise<void>): void;
};
