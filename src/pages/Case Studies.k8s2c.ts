// Case Studies: customer stories from the collection, newest first.
import { listCaseStudies, listTools } from 'backend/content.web';
import { listHtml } from 'public/format';
import { LOAD_FAILED, showMessage } from 'public/page-ui';

type Story = Awaited<ReturnType<typeof listCaseStudies>>[number];

$w.onReady(async () => {
  $w('#errorMessage').hide();
  $w('#emptyState').hide();
  const toolNames = new Map<string, string>();

  $w('#storiesRepeater').onItemReady(($item, story: Story) => {
    $item('#storyTitle').text = story.title;
    $item('#storyClient').text = story.client;
    $item('#storyIndustry').text = story.industry;
    $item('#storyMetrics').html = listHtml(story.metrics);
    $item('#storyChallenge').html = story.challenge;
    $item('#storySolution').html = story.solution;
    $item('#storyResults').html = story.results;
    $item('#storyTools').text = story.toolsUsed.map((slug) => toolNames.get(slug) ?? slug).join(', ');
  });
  try {
    const [stories, tools] = await Promise.all([listCaseStudies(), listTools()]);
    for (const tool of tools) toolNames.set(tool.slug, tool.name);
    $w('#storiesRepeater').data = stories;
    if (stories.length === 0) showMessage($w, '#emptyState', 'Customer stories are coming soon.');
  } catch {
    showMessage($w, '#errorMessage', LOAD_FAILED);
  }
});
