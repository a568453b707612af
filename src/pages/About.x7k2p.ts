// About: the company story is editor text; the tools list comes from the Tools collection.
import { listTools } from 'backend/content.web';
import { LOAD_FAILED, showMessage } from 'public/page-ui';

type Tool = Awaited<ReturnType<typeof listTools>>[number];

$w.onReady(async () => {
  void $w('#errorMessage').hide();
  $w('#toolsRepeater').onItemReady(($item, tool: Tool) => {
    $item('#toolName').text = tool.name;
    $item('#toolTagline').text = tool.tagline;
    $item('#toolLink').link = `/${tool.slug}`;
  });
  try {
    $w('#toolsRepeater').data = await listTools();
  } catch {
    showMessage($w, '#errorMessage', LOAD_FAILED);
  }
});
