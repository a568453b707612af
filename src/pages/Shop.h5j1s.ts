// Shop: the catalog of paid plans; "Add to cart" keeps SKUs in the browser, prices stay on the server.
import { listProducts, listTools } from 'backend/content.web';
import { addToCart, renderCartBadge } from 'public/cart';
import { formatPrice, listHtml } from 'public/format';
import { LOAD_FAILED, showMessage } from 'public/page-ui';

type Product = Awaited<ReturnType<typeof listProducts>>[number];

$w.onReady(async () => {
  $w('#errorMessage').hide();
  $w('#emptyState').hide();
  $w('#cartNotice').hide();
  const toolNames = new Map<string, string>([['bundle', 'All three tools']]);

  $w('#productsRepeater').onItemReady(($item, product: Product) => {
    $item('#productTool').text = toolNames.get(product.toolSlug) ?? product.toolSlug;
    $item('#productName').text = product.name;
    $item('#productPrice').text = formatPrice(product.priceCents, product.currency, product.interval);
    $item('#productDescription').text = product.description;
    $item('#productFeatures').html = listHtml(product.features);
    $item('#addToCartButton').onClick(() => {
      renderCartBadge($w, addToCart(product.sku));
      showMessage($w, '#cartNotice', `${product.name} is in your cart.`);
    });
  });

  try {
    const [tools, products] = await Promise.all([listTools(), listProducts()]);
    for (const tool of tools) toolNames.set(tool.slug, tool.name);
    // Free plans are used on the tool pages; the shop sells the paid ones.
    const paid = products.filter((p) => p.priceCents > 0);
    $w('#productsRepeater').data = paid;
    if (paid.length === 0) showMessage($w, '#emptyState', 'Nothing is on sale right now.');
  } catch {
    showMessage($w, '#errorMessage', LOAD_FAILED);
  }
});
