// Data Quality Scanner: the tool and its plans from the collections, and the scanner itself: the
// <fhir-scanner> custom element in #toolWorkspace, which scans the visitor's file in their browser.
// A resource handed over by FHIR Builder AI ("Open in Scanner") waits in session storage: it is taken
// out once and scanned at once.
import { getTool, listProducts } from 'backend/content.web';
import { SCANNER_HANDOFF_KEY } from 'public/custom-elements/fhir-builder/handoff';
import { SCANNER_WORKER_URL } from 'public/scanner-config';
import { initToolPage } from 'public/tool-page';
import { session } from 'wix-storage-frontend';

interface ScanComplete {
  resources: number;
  errors: number;
  warnings: number;
  scores: { overall: number | null };
}

const count = (n: number, one: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;

$w.onReady(async () => {
  // The worker keeps big scans off the page's thread; where it cannot start, the element scans here.
  $w('#scanner').setAttribute('worker-src', SCANNER_WORKER_URL);
  $w('#scanner').on('scan-start', () => {
    void $w('#scanSummary').hide();
  });
  $w('#scanner').on('scan-complete', (event: { detail: ScanComplete }) => {
    const d = event.detail;
    const overall = d.scores.overall === null ? '' : ` Overall score ${d.scores.overall.toFixed(1)}%.`;
    $w('#scanSummary').text = `${count(d.resources, 'resource')} scanned: ${count(d.errors, 'error')}, ${count(d.warnings, 'warning')}.${overall}`;
    void $w('#scanSummary').show();
  });
  // After the worker URL and the listeners, so the handed-over scan runs in the worker and is reported.
  const handedOver = session.getItem(SCANNER_HANDOFF_KEY);
  if (handedOver) {
    session.removeItem(SCANNER_HANDOFF_KEY); // once: a reload shows the empty scanner again
    $w('#scanner').setAttribute('initial-text', handedOver);
  }
  await initToolPage($w, 'data-quality-scanner', { getTool, listProducts });
});
