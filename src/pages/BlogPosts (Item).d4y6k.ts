// Blog post (dynamic item page, /blog/<slug>): the slug is the last segment of the path.
import { getBlogPost } from 'backend/content.web';
import wixLocation from 'wix-location-frontend';
import { formatDate } from 'public/format';
import { showMessage } from 'public/page-ui';

$w.onReady(async () => {
  $w('#notFound').hide();
  $w('#errorMessage').hide();
  $w('#postArticle').hide();
  $w('#coverImage').hide();

  const slug = wixLocation.path[wixLocation.path.length - 1] ?? '';
  // Anything that is not a well-formed slug cannot be a post; do not ask the backend.
  if (!/^[a-z0-9]+(?:-[a-z0-9]+)*$/.test(slug)) {
    await $w('#notFound').show();
    return;
  }
  try {
    const post = await getBlogPost(slug);
    if (!post) {
      await $w('#notFound').show();
      return;
    }
    $w('#postTitle').text = post.title;
    $w('#postAuthor').text = post.author;
    $w('#postDate').text = formatDate(post.publishedDate);
    $w('#postTags').text = post.tags.join(' · ');
    $w('#postBody').html = post.body;
    if (post.coverImage) {
      $w('#coverImage').src = post.coverImage;
      $w('#coverImage').alt = post.title;
      await $w('#coverImage').show();
    }
    await $w('#postArticle').show();
  } catch {
    showMessage($w, '#errorMessage', 'We could not load this post just now. Please refresh the page in a minute.');
  }
});
