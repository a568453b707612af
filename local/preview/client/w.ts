import { describeError, type WContext } from './context';
import { pageSelector } from './scope';

/**
 * The $w stand-in: Velo's page API over the preview page's DOM. `createW` builds it for a
 * document; `install.ts` puts it on the global object before any page code runs.
 */
export interface WRuntime {
  $w: $w.Selector & { onReady(callback: () => void | Promise<void>): void };
  /** Runs the onReady callbacks in registration order (master page first), awaiting each. */
  runReady(): Promise<void>;
}

export function createW(doc: Document): WRuntime {
  const ctx: WContext = {
    doc,
    wrappers: new WeakMap(),
    reportError: (error, where) => showError(doc, error, where),
    pageSelector: (selector) => select(selector),
  };
  const select = pageSelector(() => ctx);
  const callbacks: Array<() => void | Promise<void>> = [];

  const $wFn = Object.assign((selector: string) => select(selector), {
    onReady(callback: () => void | Promise<void>) {
      if (typeof callback !== 'function') throw new TypeError('$w.onReady needs a function');
      callbacks.push(callback);
    },
  });

  return {
    $w: $wFn,
    async runReady() {
      await domReady(doc);
      for (const callback of callbacks) {
        try {
          await callback();
        } catch (err) {
          ctx.reportError(err, '$w.onReady');
        }
      }
      doc.documentElement.setAttribute('data-w-ready', 'true');
    },
  };
}

function domReady(doc: Document): Promise<void> {
  if (doc.readyState !== 'loading') return Promise.resolve();
  return new Promise((resolve) => doc.addEventListener('DOMContentLoaded', () => resolve(), { once: true }));
}

/** Page code faults go to the console and to a visible banner: locally, bugs should be loud. */
function showError(doc: Document, error: unknown, where: string): void {
  console.error(`[$w] ${where}:`, error);
  let box = doc.getElementById('w-errors');
  if (!box) {
    box = doc.createElement('div');
    box.id = 'w-errors';
    box.setAttribute('role', 'alert');
    box.className = 'w-errors';
    Object.assign(box.style, {
      position: 'fixed', bottom: '0', left: '0', right: '0', zIndex: '2147483647',
      background: '#fdecea', color: '#611a15', font: '13px/1.4 monospace', padding: '8px 12px',
      borderTop: '2px solid #d93025', maxHeight: '40vh', overflow: 'auto', whiteSpace: 'pre-wrap',
    });
    doc.body.appendChild(box);
  }
  const line = doc.createElement('div');
  line.textContent = `Page code error in ${where}: ${describeError(error)}`;
  box.appendChild(line);
}
