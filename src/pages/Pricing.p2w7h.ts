// Pricing: every plan on sale, filterable by tool. Paid plans go to the cart; prices are shown
// as the backend stores them and charged as the backend computes them.
import { listProducts, listTools } from 'backend/content.web';
import { addToCart, renderCartBadge } from 'public/cart';
import { formatPrice, listHtml } from 'public/format';
import { LOAD_FAILED, showMessage } from 'public/page-ui';

type Product = Awaited<ReturnType<typeof listProducts>>[number];

$w.onReady(async () => {
  $w('#errorMessage').hide();
  $w('#cartNotice').hide();
  let plans: Product[] = [];
  const toolNames = new Map<string, string>([['bundle', 'All three tools']]);

  $w('#plansRepeater').onItemReady(($item, plan: Product) => {
    $item('#planTool').text = toolNames.get(plan.toolSlug) ?? plan.toolSlug;
    $item('#planName').text = plan.name;
    $item('#planPrice').text = formatPrice(plan.priceCents, plan.currency, plan.interval);
    $item('#planDescription').text = plan.description;
    $item('#planFeatures').html = listHtml(plan.features);
    const button = $item('#planButton');
    if (plan.priceCents === 0) {
      button.label = 'Start free';
      button.link = plan.toolSlug === 'bundle' ? '/services' : `/${plan.toolSlug}`;
    } else {
      button.label = 'Add to cart';
      button.onClick(() => {
        renderCartBadge($w, addToCart(plan.sku));
        showMessage($w, '#cartNotice', `${plan.name} is in your cart.`);
      });
    }
  });

  const showPlans = () => {
    const tool = $w('#toolFilter').value;
    const shown = tool ? plans.filter((p) => p.toolSlug === tool) : plans;
    $w('#plansRepeater').data = shown;
    void (shown.length === 0 ? $w('#emptyState').show() : $w('#emptyState').hide());
  };
  $w('#toolFilter').onChange(showPlans);

  try {
    const [tools, products] = await Promise.all([listTools(), listProducts()]);
    for (const tool of tools) toolNames.set(tool.slug, tool.name);
    plans = products;
    $w('#toolFilter').options = [
      { label: 'All tools', value: '' },
      ...tools.map((t) => ({ label: t.name, value: t.slug })),
      { label: 'Bundle', value: 'bundle' },
    ];
    $w('#toolFilter').value = '';
    showPlans();
  } catch {
    showMessage($w, '#errorMessage', LOAD_FAILED);
  }
});
