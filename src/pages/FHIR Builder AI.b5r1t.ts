// FHIR Builder AI: the tool and its plans from the collections, and the builder itself: the
// <fhir-builder> custom element in #toolWorkspace, which asks the codegen http function for a resource.
// "Open in Scanner" keeps the resource in session storage and goes to the scanner page, whose code
// takes it from there (see public/custom-elements/fhir-builder/handoff).
import { getTool, listProducts } from 'backend/content.web';
import { SCANNER_HANDOFF_KEY, SCANNER_PAGE_PATH } from 'public/custom-elements/fhir-builder/handoff';
import { showMessage } from 'public/page-ui';
import { initToolPage } from 'public/tool-page';
import wixLocationFrontend from 'wix-location-frontend';
import { session } from 'wix-storage-frontend';

interface BuildComplete {
  resourceType: string;
  valid: boolean;
  engine: string;
}

$w.onReady(async () => {
  // The site's base URL, not the bare origin: a Wix site can live under a path (user.wixsite.com/site).
  $w('#builder').setAttribute('endpoint', `${wixLocationFrontend.baseUrl}/_functions/codegen`);
  $w('#builder').on('build-start', () => {
    void $w('#buildSummary').hide();
  });
  $w('#builder').on('build-complete', (event: { detail: BuildComplete }) => {
    const d = event.detail;
    const engine = d.engine === 'openai' ? 'OpenAI' : 'the offline engine';
    $w('#buildSummary').text = `${d.resourceType} built by ${engine}: ${d.valid ? 'valid FHIR R4' : 'not valid yet, see the issues'}.`;
    void $w('#buildSummary').show();
  });
  $w('#builder').on('open-in-scanner', (event: { detail: { text: string } }) => {
    try {
      session.setItem(SCANNER_HANDOFF_KEY, event.detail.text);
    } catch {
      // Session storage is small (and off in some private windows): say so rather than open an empty scanner.
      showMessage($w, '#errorMessage', 'This resource could not be handed to the scanner. Download it as JSON and open it there instead.');
      return;
    }
    wixLocationFrontend.to(SCANNER_PAGE_PATH);
  });
  await initToolPage($w, 'fhir-builder', { getTool, listProducts });
});
