// Documentation: the navigation (sections and pages) and one page, chosen by ?page=<slug>.
import { getDoc, listDocs } from 'backend/content.web';
import wixLocation from 'wix-location-frontend';
import { formatDate } from 'public/format';
import { LOAD_FAILED, showMessage } from 'public/page-ui';

interface NavEntry {
  _id: string;
  slug: string;
  title: string;
  section: string;
  firstInSection: boolean;
  current: boolean;
}

$w.onReady(async () => {
  $w('#errorMessage').hide();
  $w('#notFound').hide();
  $w('#docArticle').hide();

  $w('#docsNavRepeater').onItemReady(($item, entry: NavEntry) => {
    $item('#navSection').text = entry.section;
    void (entry.firstInSection ? $item('#navSection').show() : $item('#navSection').hide());
    $item('#navLink').text = entry.current ? `› ${entry.title}` : entry.title;
    $item('#navLink').link = `/docs?page=${encodeURIComponent(entry.slug)}`;
  });

  try {
    const sections = await listDocs();
    const requested = wixLocation.query.page;
    const slug = requested || sections[0]?.pages[0]?.slug;
    $w('#docsNavRepeater').data = sections.flatMap((s) =>
      s.pages.map((p, i) => ({ _id: p.slug, slug: p.slug, title: p.title, section: s.section, firstInSection: i === 0, current: p.slug === slug })),
    );
    const known = sections.some((s) => s.pages.some((p) => p.slug === slug));
    if (!slug || !known) {
      await $w('#notFound').show();
      return;
    }
    const doc = await getDoc(slug);
    if (!doc) {
      await $w('#notFound').show();
      return;
    }
    $w('#docSection').text = doc.section;
    $w('#docTitle').text = doc.title;
    $w('#docSummary').text = doc.summary;
    $w('#docBody').html = doc.body;
    $w('#docUpdated').text = doc.updatedAt ? `Last reviewed ${formatDate(doc.updatedAt)}` : '';
    await $w('#docArticle').show();
  } catch {
    showMessage($w, '#errorMessage', LOAD_FAILED);
  }
});
