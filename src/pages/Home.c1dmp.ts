// Home: the three tools, the latest posts and customer stories, all from the collections.
import { listBlogPosts, listCaseStudies, listTools } from 'backend/content.web';
import { formatDate } from 'public/format';
import { LOAD_FAILED, showMessage } from 'public/page-ui';

type Tool = Awaited<ReturnType<typeof listTools>>[number];
type Post = Awaited<ReturnType<typeof listBlogPosts>>['items'][number];
type Story = Awaited<ReturnType<typeof listCaseStudies>>[number];

$w.onReady(async () => {
  void $w('#errorMessage').hide();

  $w('#toolsRepeater').onItemReady(($item, tool: Tool) => {
    $item('#toolIcon').text = tool.icon ?? '';
    $item('#toolName').text = tool.name;
    $item('#toolTagline').text = tool.tagline;
    $item('#toolLink').link = `/${tool.slug}`;
  });
  $w('#postsRepeater').onItemReady(($item, post: Post) => {
    $item('#postDate').text = formatDate(post.publishedDate);
    $item('#postLink').text = post.title;
    $item('#postLink').link = `/blog/${post.slug}`;
    $item('#postExcerpt').text = post.excerpt;
  });
  $w('#storiesRepeater').onItemReady(($item, story: Story) => {
    $item('#storyIndustry').text = story.industry;
    $item('#storyTitle').text = story.title;
    $item('#storyMetric').text = story.metrics[0] ?? '';
  });

  const [tools, posts, stories] = await Promise.allSettled([listTools(), listBlogPosts({ limit: 3 }), listCaseStudies()]);
  if (tools.status === 'fulfilled') $w('#toolsRepeater').data = tools.value;
  if (posts.status === 'fulfilled') $w('#postsRepeater').data = posts.value.items;
  if (stories.status === 'fulfilled') $w('#storiesRepeater').data = stories.value.slice(0, 3);
  if ([tools, posts, stories].some((r) => r.status === 'rejected')) showMessage($w, '#errorMessage', LOAD_FAILED);
});
