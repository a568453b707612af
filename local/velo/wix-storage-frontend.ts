/** Local stand-in for Velo's `wix-storage-frontend`: `local` and `session` storage of strings. */
interface Storage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  clear(): void;
}

function wrap(store: () => globalThis.Storage): Storage {
  return {
    getItem: (key) => store().getItem(key),
    setItem: (key, value) => store().setItem(key, value),
    removeItem: (key) => store().removeItem(key),
    clear: () => store().clear(),
  };
}

export const local: Storage = wrap(() => window.localStorage);
export const session: Storage = wrap(() => window.sessionStorage);
