/**
 * Repeater data, as Velo requires it: an array of objects each with a unique string `_id`.
 * `planRender` decides what a new `data` means for the items on screen: items are keyed by `_id`;
 * an item whose data did not change keeps its DOM (and its handlers), any other is rendered afresh.
 */
export type RepeaterItem = { _id: string } & Record<string, unknown>;

export function validateItems(repeaterId: string, data: unknown): RepeaterItem[] {
  if (!Array.isArray(data)) throw new TypeError(`$w('#${repeaterId}').data must be an array of items`);
  const seen = new Set<string>();
  data.forEach((item, index) => {
    if (typeof item !== 'object' || item === null) throw new TypeError(`$w('#${repeaterId}').data[${index}] is not an object`);
    const id = (item as { _id?: unknown })._id;
    if (typeof id !== 'string' || id === '') {
      throw new TypeError(`$w('#${repeaterId}').data[${index}] needs a string _id (Velo repeaters key items by _id)`);
    }
    if (seen.has(id)) throw new TypeError(`$w('#${repeaterId}').data has the _id "${id}" twice`);
    seen.add(id);
  });
  return data as RepeaterItem[];
}

export interface RenderStep {
  item: RepeaterItem;
  index: number;
  /** true: clone the template and call onItemReady; false: keep the existing DOM. */
  fresh: boolean;
}

export function planRender(previous: readonly RepeaterItem[], next: readonly RepeaterItem[]): { steps: RenderStep[]; removed: string[] } {
  const before = new Map(previous.map((item) => [item._id, item]));
  const keep = new Set<string>();
  const steps = next.map((item, index) => {
    const old = before.get(item._id);
    const fresh = old === undefined || !sameData(old, item);
    if (!fresh) keep.add(item._id);
    return { item, index, fresh };
  });
  const removed = previous.map((item) => item._id).filter((id) => !keep.has(id));
  return { steps, removed };
}

function sameData(a: RepeaterItem, b: RepeaterItem): boolean {
  if (a === b) return true;
  try {
    return JSON.stringify(a) === JSON.stringify(b);
  } catch {
    return false;
  }
}
