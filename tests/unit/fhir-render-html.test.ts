import { toHtml } from '../../src/public/fhir/render/html';
import { HOSTILE, bigReport, emptyReport, hostileReport, sampleReport } from '../fixtures/fhir/reports/reports';

const count = (text: string, re: RegExp) => (text.match(re) ?? []).length;

describe('toHtml (the self-contained HTML report)', () => {
  it('is one complete page with inline CSS, inline SVG and one inline script, and no external request', () => {
    const html = toHtml(sampleReport());
    expect(html.startsWith('<!DOCTYPE html>\n<html lang="en">')).toBe(true);
    expect(html.trimEnd().endsWith('</html>')).toBe(true);
    expect(count(html, /<style>/g)).toBe(1);
    expect(count(html, /<script>/g)).toBe(1);
    expect(count(html, /<script\b/g)).toBe(1); // no <script src=...>
    expect(html).not.toMatch(/<link\b|<img\b|<iframe\b|@import|url\(|\bsrc=|https?:\/\//i);
    expect(count(html, /<svg\b/g)).toBeGreaterThanOrEqual(6); // 4 gauges + 2 bar charts
  });

  it('has score gauges for overall, conformance, completeness and plausibility', () => {
    const html = toHtml(sampleReport());
    for (const [label, value] of [['Overall', '71.7%'], ['Conformance', '40.0%'], ['Completeness', '75.0%'], ['Plausibility', '100.0%']]) {
      expect(html).toContain(`aria-label="${label} ${value}"`);
      expect(html).toContain(`<figcaption>${label}</figcaption>`);
    }
    // a 40% arc is 40% of the ring (2πr with r=40 is 251.33)
    expect(html).toContain('stroke-dasharray="100.53 251.33"');
    expect(toHtml(emptyReport())).toContain('aria-label="Overall n/a"');
  });

  it('charts issues by resource type and by category with a bar per type/category', () => {
    const html = toHtml(sampleReport());
    const byType = html.slice(html.indexOf('<h2>Issues by resource type</h2>'), html.indexOf('<h2>Issues by category</h2>'));
    expect(byType).toContain('<title>Patient: 1 error</title>');
    expect(byType).toContain('<title>Patient: 1 warning</title>');
    expect(byType).toContain('<title>Unknown: 1 fatal</title>');
    const byCategory = html.slice(html.indexOf('<h2>Issues by category</h2>'), html.indexOf('<h2>Resource types</h2>'));
    expect(byCategory).toContain('<title>conformance: 3 error</title>');
    expect(byCategory).toContain('<title>plausibility: 1 information</title>');
  });

  it('has the checks table with numerator, denominator, threshold and result', () => {
    const html = toHtml(sampleReport());
    expect(html).toContain(
      '<tr class="fail"><td><code>dq.patient.name</code></td><td>completeness</td><td>Patients have a name</td><td class="num">1</td><td class="num">2</td><td class="num">50.0%</td><td class="num">5%</td><td>FAIL</td></tr>',
    );
    expect(html).toContain('<td><code>dq.obs.range</code></td>');
  });

  it('has a filterable issue table: one row per issue with data attributes, and filter controls', () => {
    const html = toHtml(sampleReport());
    expect(count(html, /<tr data-sev=/g)).toBe(5);
    expect(html).toContain('<tr data-sev="error" data-type="Patient" data-cat="conformance">');
    expect(html).toContain('id="f-text"');
    expect(html).toMatch(/<select id="f-sev"><option value="">all<\/option><option value="fatal">fatal<\/option><option value="error">error<\/option>/);
    expect(html).toContain('<option value="Observation">Observation</option>');
    // worst first
    expect(html.indexOf('data-sev="fatal"')).toBeLessThan(html.indexOf('data-sev="error"'));
    expect(html.indexOf('data-sev="warning"')).toBeLessThan(html.indexOf('data-sev="information"'));
  });

  it('escapes every value that comes from the data, in text and in attributes', () => {
    const html = toHtml(hostileReport());
    // the only script element is ours; no element or attribute from the data
    expect(count(html, /<script\b/gi)).toBe(1);
    expect(html).not.toMatch(/<img|<svg onload|<iframe|<b>x<\/b>|<style>body/i);
    expect(html).not.toMatch(/onerror=alert\(1\)>/);
    expect(html).not.toContain(HOSTILE.id);
    expect(html).not.toContain(HOSTILE.message);
    expect(html).toContain('&lt;script&gt;alert(&quot;pwned&quot;)&lt;/script&gt; &amp;');
    expect(html).toContain('&#39;quoted&#39;');
    expect(html).toContain('data-type="&lt;svg onload=alert(2)&gt;"');
    expect(html).toContain('<option value="&lt;svg onload=alert(2)&gt;">');
    expect(html).toContain('&lt;/code&gt;&lt;script&gt;x()&lt;/script&gt;');
    expect(html).toContain('evil&quot;&lt;iframe src=//evil.example&gt;.ndjson:7');
    expect(html).toContain('&lt;style&gt;body{display:none}&lt;/style&gt;');
  });

  it('escapes the title option too', () => {
    const html = toHtml(sampleReport(), { title: '</title><script>x</script>', generatedAt: '<b>now</b>' });
    expect(html).toContain('<title>&lt;/title&gt;&lt;script&gt;x&lt;/script&gt;</title>');
    expect(html).toContain('Generated &lt;b&gt;now&lt;/b&gt;');
    expect(count(html, /<script\b/gi)).toBe(1);
  });

  it('caps the issue table and counts the rest', () => {
    const html = toHtml(bigReport(300, 1000), { maxIssues: 50 });
    expect(count(html, /<tr data-sev=/g)).toBe(50);
    expect(html).toContain('… and 950 more issues not shown here');
  });

  it('a clean scan says All OK and draws no bars', () => {
    const html = toHtml(emptyReport(2));
    expect(html).toContain('All OK: no issues found.');
    expect(html).not.toContain('<table id="issues">');
    expect(count(html, /<rect\b/g)).toBe(0);
  });
});
