import type { Finding, FindingSink, IssueCode, Severity } from '../report/issue';
import type { BundleIndex } from './bundle-index';

/** Local references ("#id") and contained resources of one resource that has contained resources. */
export interface ContainedScope {
  /** Contained resource id -> resourceType. */
  ids: Map<string, string>;
  /** Ids referenced as "#id" from anywhere in the container. */
  referenced: Set<string>;
  /** Some contained resource references its container ("#"). */
  containerReferenced: boolean;
}

/**
 * Mutable per-validation state. The current element path lives in two parallel arrays (name and
 * index per depth) that are pushed and popped while walking, so nothing is allocated on the hot path;
 * the FHIRPath expression string is built only when a finding is reported.
 */
export class Context {
  readonly names: string[] = [];
  readonly indexes: number[] = [];
  depth = 0;
  root = '';
  sink: FindingSink = () => undefined;
  scope: ContainedScope | null = null;
  bundle: BundleIndex | null = null;

  reset(root: string, sink: FindingSink): void {
    this.depth = 0;
    this.root = root;
    this.sink = sink;
    this.scope = null;
    this.bundle = null;
  }

  push(name: string, index: number): void {
    this.names[this.depth] = name;
    this.indexes[this.depth] = index;
    this.depth++;
  }

  pop(): void {
    this.depth--;
  }

  /** FHIRPath of the current element, optionally with a child name appended. */
  path(child?: string): string {
    let out = this.root;
    for (let i = 0; i < this.depth; i++) {
      out += '.' + this.names[i];
      if (this.indexes[i] >= 0) out += '[' + this.indexes[i] + ']';
    }
    if (child !== undefined) out += '.' + child;
    return out;
  }

  /**
   * True when the report would drop a conformance finding of this severity: it has been counted,
   * and the caller skips building it (used before building costly messages).
   */
  dropped(severity: Severity): boolean {
    const countDropped = this.sink.countDropped;
    return countDropped !== undefined && countDropped(severity, 'conformance');
  }

  report(severity: Severity, code: IssueCode, rule: string, message: string, child?: string): void {
    if (this.dropped(severity)) return;
    const finding: Finding = { severity, code, category: 'conformance', rule, expression: [this.path(child)], message };
    this.sink(finding);
  }

  reportAt(expression: string, severity: Severity, code: IssueCode, rule: string, message: string): void {
    if (this.dropped(severity)) return;
    this.sink({ severity, code, category: 'conformance', rule, expression: [expression], message });
  }
}
