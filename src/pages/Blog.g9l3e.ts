// Blog: published posts, newest first, a page at a time, optionally for one tag (?tag=...).
import { listBlogPosts, listBlogTags } from 'backend/content.web';
import wixLocation from 'wix-location-frontend';
import { formatDate } from 'public/format';
import { LOAD_FAILED, showMessage } from 'public/page-ui';

type Post = Awaited<ReturnType<typeof listBlogPosts>>['items'][number];
const PAGE_SIZE = 6;

$w.onReady(async () => {
  $w('#errorMessage').hide();
  $w('#emptyState').hide();
  $w('#loadMoreButton').hide();
  const tag = wixLocation.query.tag || undefined;
  let posts: Post[] = [];

  $w('#postsRepeater').onItemReady(($item, post: Post) => {
    $item('#postLink').text = post.title;
    $item('#postLink').link = `/blog/${post.slug}`;
    $item('#postDate').text = formatDate(post.publishedDate);
    $item('#postAuthor').text = post.author;
    $item('#postExcerpt').text = post.excerpt;
    $item('#postTags').text = post.tags.join(' · ');
  });

  const loadPage = async () => {
    const page = await listBlogPosts({ limit: PAGE_SIZE, skip: posts.length, ...(tag ? { tag } : {}) });
    posts = [...posts, ...page.items];
    $w('#postsRepeater').data = posts;
    void (page.hasNext ? $w('#loadMoreButton').show() : $w('#loadMoreButton').hide());
    if (posts.length === 0) {
      showMessage($w, '#emptyState', tag ? `No posts are tagged "${tag}" yet.` : 'No posts have been published yet.');
    }
  };

  $w('#loadMoreButton').onClick(async () => {
    await $w('#loadMoreButton').disable();
    try {
      await loadPage();
    } catch {
      showMessage($w, '#errorMessage', LOAD_FAILED);
    } finally {
      await $w('#loadMoreButton').enable();
    }
  });

  $w('#tagFilter').onChange(() => {
    const chosen = $w('#tagFilter').value;
    wixLocation.to(chosen ? `/blog?tag=${encodeURIComponent(chosen)}` : '/blog');
  });

  try {
    const [tags] = await Promise.all([listBlogTags(), loadPage()]);
    $w('#tagFilter').options = [{ label: 'All topics', value: '' }, ...tags.map((t) => ({ label: t, value: t }))];
    $w('#tagFilter').value = tag && tags.includes(tag) ? tag : '';
  } catch {
    showMessage($w, '#errorMessage', LOAD_FAILED);
  }
});
