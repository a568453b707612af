import escapeHtml from 'escape-html';
import type { Severity } from '../report/issue';
import type { ScanReport } from '../report/scan-report';
import {
  SEVERITIES,
  formatCount,
  formatScore,
  locationLabel,
  resourceLabel,
  severityCount,
  sortedBySeverity,
  summaryLine,
  typesByIssues,
} from './format';

export interface HtmlOptions {
  /** Page title. Default "FHIR IQ scan report". */
  title?: string;
  /** Rows of the issue table (worst first); the rest is counted. Default 5,000. */
  maxIssues?: number;
  /** When the report was made, shown in the header (e.g. new Date().toISOString()). */
  generatedAt?: string;
}

const esc = (value: unknown): string => escapeHtml(String(value));

const COLORS: Record<Severity, string> = { fatal: '#7b1fa2', error: '#c62828', warning: '#ef6c00', information: '#1565c0' };

/**
 * A self-contained HTML page: inline CSS, inline SVG charts and a small inline filter script; no
 * external request of any kind, so it can be mailed or archived as one file. Every value from
 * the report goes through escape-html (data attributes included); the script reads only those
 * attributes and the rows' text, never markup.
 */
export function toHtml(report: ScanReport, options: HtmlOptions = {}): string {
  const s = report.summary;
  const title = options.title ?? 'FHIR IQ scan report';
  const maxIssues = Math.max(0, Math.floor(options.maxIssues ?? 5000));
  const total = s.fatal + s.errors + s.warnings + s.information;
  const verdict = s.fatal + s.errors > 0 ? 'bad' : s.warnings > 0 ? 'warn' : 'good';

  const body = [
    `<header><h1>${esc(title)}</h1><p class="verdict ${verdict}">${esc(summaryLine(report))}</p>` +
      (options.generatedAt ? `<p class="muted">Generated ${esc(options.generatedAt)}</p>` : '') +
      '</header>',
    section('Scores', `<div class="gauges">${gauge('Overall', s.scores.overall)}${gauge('Conformance', s.scores.conformance)}${gauge('Completeness', s.scores.completeness)}${gauge('Plausibility', s.scores.plausibility)}</div>`),
    section('Issues by resource type', typeChart(report)),
    section('Issues by category', categoryChart(report)),
    section('Resource types', typeTable(report)),
    section('Data-quality checks', checksTable(report)),
    section(`Issues (${esc(formatCount(total))})`, issueTable(report, maxIssues)),
  ].join('\n');

  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
${body}
</main>
<script>${SCRIPT}</script>
</body>
</html>
`;
}

function section(heading: string, content: string): string {
  return `<section><h2>${heading}</h2>${content}</section>`;
}

/** A ring gauge: the arc is the score's share of the circle; no score draws an empty grey ring. */
function gauge(label: string, score: number | null): string {
  const r = 40;
  const circumference = 2 * Math.PI * r;
  const value = score === null || !Number.isFinite(score) ? null : Math.min(100, Math.max(0, score));
  const color = value === null ? '#9e9e9e' : value >= 90 ? '#2e7d32' : value >= 70 ? '#ef6c00' : '#c62828';
  const dash = value === null ? 0 : (value / 100) * circumference;
  return (
    `<figure class="gauge"><svg viewBox="0 0 100 100" width="120" height="120" role="img" aria-label="${esc(label)} ${esc(formatScore(score))}">` +
    `<circle cx="50" cy="50" r="${r}" fill="none" stroke="#e0e0e0" stroke-width="10"/>` +
    `<circle cx="50" cy="50" r="${r}" fill="none" stroke="${color}" stroke-width="10" stroke-dasharray="${dash.toFixed(2)} ${circumference.toFixed(2)}" transform="rotate(-90 50 50)"/>` +
    `<text x="50" y="55" text-anchor="middle" font-size="16" font-weight="bold">${esc(formatScore(score))}</text>` +
    `</svg><figcaption>${esc(label)}</figcaption></figure>`
  );
}

interface Bar {
  label: string;
  parts: Array<{ severity: Severity; value: number }>;
}

/** Horizontal stacked bars (fatal, error, warning, information), scaled to the largest total. */
function barChart(bars: Bar[], emptyText: string): string {
  if (!bars.length) return `<p class="muted">${esc(emptyText)}</p>`;
  const rowH = 22;
  const labelW = 170;
  const chartW = 460;
  const max = Math.max(1, ...bars.map((b) => b.parts.reduce((a, p) => a + p.value, 0)));
  const height = bars.length * rowH + 30;
  const rows = bars.map((bar, i) => {
    const y = i * rowH;
    let x = labelW;
    const rects = bar.parts
      .filter((p) => p.value > 0)
      .map((p) => {
        const w = (p.value / max) * chartW;
        const rect = `<rect x="${x.toFixed(1)}" y="${y + 3}" width="${Math.max(1, w).toFixed(1)}" height="${rowH - 6}" fill="${COLORS[p.severity]}"><title>${esc(bar.label)}: ${esc(formatCount(p.value))} ${esc(p.severity)}</title></rect>`;
        x += w;
        return rect;
      })
      .join('');
    const sum = bar.parts.reduce((a, p) => a + p.value, 0);
    return (
      `<text x="${labelW - 6}" y="${y + rowH / 2 + 4}" text-anchor="end" font-size="12">${esc(truncate(bar.label, 26))}</text>` +
      rects +
      `<text x="${(x + 4).toFixed(1)}" y="${y + rowH / 2 + 4}" font-size="11" fill="#555">${esc(formatCount(sum))}</text>`
    );
  });
  const legend = SEVERITIES.map(
    (sev, i) => `<rect x="${labelW + i * 110}" y="${bars.length * rowH + 12}" width="10" height="10" fill="${COLORS[sev]}"/><text x="${labelW + i * 110 + 14}" y="${bars.length * rowH + 21}" font-size="11">${esc(sev)}</text>`,
  ).join('');
  return `<svg class="chart" viewBox="0 0 ${labelW + chartW + 60} ${height}" width="100%" role="img" aria-label="bar chart">${rows.join('')}${legend}</svg>`;
}

function typeChart(report: ScanReport): string {
  const t = report.summary.byType;
  const bars = typesByIssues(report)
    .filter((type) => t[type]!.fatal + t[type]!.errors + t[type]!.warnings + t[type]!.information > 0)
    .slice(0, 25)
    .map((type) => ({
      label: type,
      parts: [
        { severity: 'fatal' as const, value: t[type]!.fatal },
        { severity: 'error' as const, value: t[type]!.errors },
        { severity: 'warning' as const, value: t[type]!.warnings },
        { severity: 'information' as const, value: t[type]!.information },
      ],
    }));
  return barChart(bars, 'No issues.');
}

function categoryChart(report: ScanReport): string {
  const c = report.summary.byCategory;
  const bars = Object.keys(c)
    .sort()
    .map((category) => ({
      label: category,
      // Category counts fold fatal into errors (as the summary does).
      parts: [
        { severity: 'error' as const, value: c[category]!.errors },
        { severity: 'warning' as const, value: c[category]!.warnings },
        { severity: 'information' as const, value: c[category]!.information },
      ],
    }));
  return barChart(bars, 'No issues.');
}

function typeTable(report: ScanReport): string {
  const s = report.summary;
  const rows = Object.keys(s.byType)
    .sort()
    .map((type) => {
      const t = s.byType[type]!;
      const sc = s.scores.byType[type];
      return `<tr><td>${esc(type)}</td>${[t.resources, t.fatal, t.errors, t.warnings, t.information].map((n) => `<td class="num">${esc(formatCount(n))}</td>`).join('')}` +
        `${[sc?.conformance, sc?.completeness, sc?.plausibility].map((n) => `<td class="num">${esc(formatScore(n))}</td>`).join('')}</tr>`;
    });
  if (!rows.length) return '<p class="muted">No resources were scanned.</p>';
  return `<table><thead><tr><th>Type</th><th>Resources</th><th>Fatal</th><th>Errors</th><th>Warnings</th><th>Info</th><th>Conformance</th><th>Completeness</th><th>Plausibility</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function checksTable(report: ScanReport): string {
  const checks = report.summary.checks;
  if (!checks.length) return '<p class="muted">No data-quality check applied to these resources.</p>';
  const rows = [...checks]
    .sort((a, b) => Number(a.passed) - Number(b.passed) || b.pctFailed - a.pctFailed || a.id.localeCompare(b.id))
    .map(
      (c) =>
        `<tr class="${c.passed ? 'pass' : 'fail'}"><td><code>${esc(c.id)}</code></td><td>${esc(c.category)}</td><td>${esc(c.description)}</td>` +
        `<td class="num">${esc(formatCount(c.numerator))}</td><td class="num">${esc(formatCount(c.denominator))}</td>` +
        `<td class="num">${esc(c.pctFailed.toFixed(1))}%</td><td class="num">${esc(c.thresholdPct)}%</td><td>${c.passed ? 'pass' : 'FAIL'}</td></tr>`,
    );
  return `<table><thead><tr><th>Check</th><th>Category</th><th>Description</th><th>Failed (numerator)</th><th>Applicable (denominator)</th><th>% failed</th><th>Threshold</th><th>Result</th></tr></thead><tbody>${rows.join('')}</tbody></table>`;
}

function issueTable(report: ScanReport, maxIssues: number): string {
  const s = report.summary;
  const total = s.fatal + s.errors + s.warnings + s.information;
  if (total === 0) return '<p class="verdict good">All OK: no issues found.</p>';
  const issues = sortedBySeverity(report.issues).slice(0, maxIssues);
  const types = [...new Set(report.issues.map((i) => i.resourceType))].sort();
  const categories = [...new Set(report.issues.map((i) => i.category))].sort();
  const option = (v: string) => `<option value="${esc(v)}">${esc(v)}</option>`;
  const filters =
    '<div class="filters">' +
    '<label>Search <input id="f-text" type="search" placeholder="text in any column"></label>' +
    `<label>Severity <select id="f-sev"><option value="">all</option>${SEVERITIES.filter((sev) => severityCount(report, sev) > 0).map(option).join('')}</select></label>` +
    `<label>Type <select id="f-type"><option value="">all</option>${types.map(option).join('')}</select></label>` +
    `<label>Category <select id="f-cat"><option value="">all</option>${categories.map(option).join('')}</select></label>` +
    `<span class="muted"><span id="f-count">${esc(issues.length)}</span> shown</span></div>`;
  const rows = issues.map(
    (i) =>
      `<tr data-sev="${esc(i.severity)}" data-type="${esc(i.resourceType)}" data-cat="${esc(i.category)}">` +
      `<td><span class="sev sev-${esc(i.severity)}">${esc(i.severity)}</span></td><td>${esc(resourceLabel(i))}</td>` +
      `<td>${i.expression.map((e) => `<code>${esc(e)}</code>`).join('<br>')}</td><td>${esc(i.message)}</td>` +
      `<td><code>${esc(i.rule)}</code></td><td>${esc(i.category)}</td><td>${esc(locationLabel(i.location))}</td></tr>`,
  );
  const left = total - issues.length;
  const more = left > 0 ? `<p class="muted">… and ${esc(formatCount(left))} more issues not shown here (the JSON report lists up to the scan's limit).</p>` : '';
  return `${filters}<table id="issues"><thead><tr><th>Severity</th><th>Resource</th><th>Expression</th><th>Message</th><th>Rule</th><th>Category</th><th>Location</th></tr></thead><tbody>${rows.join('')}</tbody></table>${more}`;
}

function truncate(text: string, n: number): string {
  return text.length <= n ? text : `${text.slice(0, n - 1)}…`;
}

const CSS = `
*{box-sizing:border-box}body{margin:0;font:14px/1.45 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif;color:#212121;background:#fafafa}
main{max-width:1200px;margin:0 auto;padding:24px}h1{margin:0 0 4px;font-size:24px}h2{font-size:18px;margin:0 0 12px}
section{background:#fff;border:1px solid #e0e0e0;border-radius:8px;padding:16px;margin:16px 0;overflow-x:auto}
.verdict{font-weight:600}.verdict.good{color:#2e7d32}.verdict.warn{color:#ef6c00}.verdict.bad{color:#c62828}.muted{color:#757575}
.gauges{display:flex;flex-wrap:wrap;gap:24px}.gauge{margin:0;text-align:center}.gauge figcaption{font-weight:600}
table{border-collapse:collapse;width:100%}th,td{text-align:left;padding:4px 8px;border-bottom:1px solid #eee;vertical-align:top}
th{background:#f5f5f5;position:sticky;top:0}td.num{text-align:right;font-variant-numeric:tabular-nums}
tr.fail td{color:#c62828}code{font:12px ui-monospace,Menlo,Consolas,monospace;word-break:break-all}
.sev{display:inline-block;padding:0 6px;border-radius:4px;color:#fff;font-size:12px}
.sev-fatal{background:#7b1fa2}.sev-error{background:#c62828}.sev-warning{background:#ef6c00}.sev-information{background:#1565c0}
.filters{display:flex;flex-wrap:wrap;gap:12px;align-items:center;margin-bottom:8px}.filters input,.filters select{font:inherit;padding:2px 6px}
.chart{max-width:720px}tr[hidden]{display:none}
`;

// Filters rows by their escaped data attributes and visible text; it builds no markup.
const SCRIPT = `
(function(){
  var q=document.getElementById('f-text');if(!q)return;
  var sev=document.getElementById('f-sev'),type=document.getElementById('f-type'),cat=document.getElementById('f-cat'),count=document.getElementById('f-count');
  var rows=document.querySelectorAll('#issues tbody tr');
  function run(){
    var text=q.value.toLowerCase(),s=sev.value,t=type.value,c=cat.value,shown=0;
    for(var i=0;i<rows.length;i++){
      var r=rows[i],d=r.dataset;
      var ok=(!s||d.sev===s)&&(!t||d.type===t)&&(!c||d.cat===c)&&(!text||r.textContent.toLowerCase().indexOf(text)!==-1);
      r.hidden=!ok;if(ok)shown++;
    }
    count.textContent=String(shown);
  }
  [q,sev,type,cat].forEach(function(el){el.addEventListener('input',run);el.addEventListener('change',run);});
})();
`;
