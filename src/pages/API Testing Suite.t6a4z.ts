// API Testing Suite: the tool and its plans from the collections. The interactive tool is a custom element
// placed in #toolWorkspace when it ships; until then the workspace says where it will run.
import { getTool, listProducts } from 'backend/content.web';
import { initToolPage } from 'public/tool-page';

$w.onReady(async () => {
  await initToolPage($w, 'api-testing-suite', { getTool, listProducts });
});
