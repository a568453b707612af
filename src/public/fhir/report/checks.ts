import type { Category } from './issue';

/**
 * Data-quality checks are counted as OHDSI's Data Quality Dashboard counts them: how many records a
 * check applied to (denominator), how many failed (numerator), and the share of failures it may
 * have before it counts as failed (threshold).
 */
export interface CheckDefinition {
  id: string;
  category: Category;
  description: string;
  /** The check fails when more than this percentage of applicable records fail. */
  thresholdPct: number;
}

export interface CheckResult extends CheckDefinition {
  numerator: number;
  denominator: number;
  pctFailed: number;
  passed: boolean;
}

/** Counts outcomes per check and per resource type (for scores by type). */
export class CheckTally {
  private readonly counts = new Map<string, { def: CheckDefinition; byType: Map<string, { applicable: number; failed: number }> }>();

  record(def: CheckDefinition, resourceType: string, failed: boolean): void {
    const c = this.entry(def, resourceType);
    c.applicable++;
    if (failed) c.failed++;
  }

  /** `applicable` records at once, `failed` of them failed (same as that many record() calls). */
  recordMany(def: CheckDefinition, resourceType: string, applicable: number, failed: number): void {
    if (applicable <= 0) return;
    const c = this.entry(def, resourceType);
    c.applicable += applicable;
    c.failed += Math.min(applicable, Math.max(0, failed));
  }

  private entry(def: CheckDefinition, resourceType: string): { applicable: number; failed: number } {
    let entry = this.counts.get(def.id);
    if (!entry) {
      entry = { def, byType: new Map() };
      this.counts.set(def.id, entry);
    }
    let c = entry.byType.get(resourceType);
    if (!c) {
      c = { applicable: 0, failed: 0 };
      entry.byType.set(resourceType, c);
    }
    return c;
  }

  results(): CheckResult[] {
    return [...this.counts.values()].map(({ def, byType }) => {
      let numerator = 0;
      let denominator = 0;
      for (const c of byType.values()) {
        numerator += c.failed;
        denominator += c.applicable;
      }
      const pctFailed = denominator === 0 ? 0 : round1((numerator / denominator) * 100);
      return { ...def, numerator, denominator, pctFailed, passed: pctFailed <= def.thresholdPct };
    });
  }

  /** Share of passed (record, check) pairs per category and resource type, 0–100. */
  scores(category: Category): { overall: number | null; byType: Record<string, number> } {
    let passed = 0;
    let total = 0;
    const perType = new Map<string, { passed: number; total: number }>();
    for (const { def, byType } of this.counts.values()) {
      if (def.category !== category) continue;
      for (const [type, c] of byType) {
        const t = perType.get(type) ?? { passed: 0, total: 0 };
        t.passed += c.applicable - c.failed;
        t.total += c.applicable;
        perType.set(type, t);
        passed += c.applicable - c.failed;
        total += c.applicable;
      }
    }
    const byType: Record<string, number> = {};
    for (const [type, t] of perType) byType[type] = t.total === 0 ? 100 : round1((t.passed / t.total) * 100);
    return { overall: total === 0 ? null : round1((passed / total) * 100), byType };
  }
}

function round1(n: number): number {
  return Math.round(n * 10) / 10;
}
