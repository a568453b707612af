import { addToCart, renderCartBadge } from './cart';
import { formatPrice, listHtml } from './format';
import { LOAD_FAILED, hideAll, showMessage } from './page-ui';

/** What a tool product page needs from the content web module (passed in by the page). */
export interface ToolPageSource {
  getTool(slug: string): Promise<{ name: string; tagline: string; description: string; features: string[] } | null>;
  listProducts(options?: { toolSlug?: string }): Promise<
    Array<{ _id: string; sku: string; name: string; tier: string; description: string; features: string[]; priceCents: number; currency: string; interval: string }>
  >;
}

/**
 * The three tool pages share one layout: the tool (from Tools), its plans (from Products) and a
 * host element (#toolWorkspace) where the tool's custom element is placed.
 */
export async function initToolPage(select: $w.Selector, slug: string, source: ToolPageSource): Promise<void> {
  hideAll(select, '#errorMessage', '#cartNotice');

  select('#plansRepeater').onItemReady(($item, plan: Awaited<ReturnType<ToolPageSource['listProducts']>>[number]) => {
    $item('#planName').text = plan.name;
    $item('#planPrice').text = formatPrice(plan.priceCents, plan.currency, plan.interval);
    $item('#planDescription').text = plan.description;
    $item('#planFeatures').html = listHtml(plan.features);
    const button = $item('#planButton');
    if (plan.priceCents === 0) {
      // Free plans need no checkout: they are used right on this page.
      button.label = 'Start free';
      button.link = '#toolWorkspace';
    } else {
      button.label = 'Add to cart';
      button.onClick(() => {
        renderCartBadge(select, addToCart(plan.sku));
        showMessage(select, '#cartNotice', `${plan.name} is in your cart.`);
      });
    }
  });

  try {
    const [tool, plans] = await Promise.all([source.getTool(slug), source.listProducts({ toolSlug: slug })]);
    if (!tool) {
      showMessage(select, '#errorMessage', 'This product is not available right now.');
      return;
    }
    select('#toolName').text = tool.name;
    select('#toolTagline').text = tool.tagline;
    select('#toolDescription').html = tool.description;
    select('#toolFeatures').html = listHtml(tool.features);
    select('#plansRepeater').data = plans;
  } catch {
    showMessage(select, '#errorMessage', LOAD_FAILED);
  }
}
