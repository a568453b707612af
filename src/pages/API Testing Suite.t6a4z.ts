// API Testing Suite: the tool and its plans from the collections, and the suite itself: the
// <fhir-api-tester> custom element in #toolWorkspace, which runs the R4 RESTful API tests against the
// visitor's FHIR server through the apiTest http function and shows them live.
import { getTool, listProducts } from 'backend/content.web';
import { initToolPage } from 'public/tool-page';
import wixLocationFrontend from 'wix-location-frontend';

interface RunComplete {
  status: 'done' | 'failed' | 'running';
  passed: number;
  failed: number;
  skipped: number;
}

const count = (n: number, one: string) => `${n.toLocaleString('en-US')} ${n === 1 ? one : `${one}s`}`;

$w.onReady(async () => {
  // The site's base URL, not the bare origin: a Wix site can live under a path (user.wixsite.com/site).
  $w('#apiTester').setAttribute('endpoint', `${wixLocationFrontend.baseUrl}/_functions/apiTest`);
  $w('#apiTester').on('run-start', () => {
    void $w('#testSummary').hide();
  });
  $w('#apiTester').on('run-complete', (event: { detail: RunComplete }) => {
    const d = event.detail;
    const verdict = d.failed === 0 ? 'the server passed every test that ran' : `${count(d.failed, 'test')} failed`;
    const ended = d.status === 'failed' ? ' The run stopped early.' : '';
    $w('#testSummary').text = `${count(d.passed + d.failed + d.skipped, 'test')}: ${verdict} (${d.passed.toLocaleString('en-US')} passed, ${d.skipped.toLocaleString('en-US')} skipped).${ended}`;
    void $w('#testSummary').show();
  });
  await initToolPage($w, 'api-testing-suite', { getTool, listProducts });
});
