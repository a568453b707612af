// Services: each tool in full (description and features) with a link to its product page.
import { listTools } from 'backend/content.web';
import { listHtml } from 'public/format';
import { LOAD_FAILED, showMessage } from 'public/page-ui';

type Tool = Awaited<ReturnType<typeof listTools>>[number];

$w.onReady(async () => {
  void $w('#errorMessage').hide();
  $w('#toolsRepeater').onItemReady(($item, tool: Tool) => {
    $item('#toolIcon').text = tool.icon ?? '';
    $item('#toolName').text = tool.name;
    $item('#toolTagline').text = tool.tagline;
    $item('#toolDescription').html = tool.description;
    $item('#toolFeatures').html = listHtml(tool.features);
    $item('#toolLink').link = `/${tool.slug}`;
  });
  try {
    $w('#toolsRepeater').data = await listTools();
  } catch {
    showMessage($w, '#errorMessage', LOAD_FAILED);
  }
});
