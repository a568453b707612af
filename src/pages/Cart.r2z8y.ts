// Cart: lines from the browser, priced by the backend (priceCart). Lines the shop no longer
// sells are dropped with a notice.
import { priceCart } from 'backend/shop.web';
import { readCart, removeFromCart, renderCartBadge, setQuantity, writeCart } from 'public/cart';
import { formatMoney } from 'public/format';
import { showMessage } from 'public/page-ui';

type Priced = Awaited<ReturnType<typeof priceCart>>;
type Line = Priced['lines'][number] & { _id: string };

$w.onReady(async () => {
  $w('#errorMessage').hide();
  $w('#unavailableNotice').hide();

  const render = async () => {
    const lines = readCart();
    renderCartBadge($w, lines);
    if (lines.length === 0) {
      await $w('#cartContent').hide();
      await $w('#emptyState').show();
      return;
    }
    const priced = await priceCart(lines);
    if (priced.unavailable.length > 0) {
      const gone = new Set(priced.unavailable.map((u) => u.sku));
      renderCartBadge($w, writeCart(readCart().filter((l) => !gone.has(l.sku))));
      showMessage($w, '#unavailableNotice', `Removed from your cart because they are no longer on sale: ${[...gone].join(', ')}.`);
    }
    $w('#cartRepeater').data = priced.lines.map((line) => ({ ...line, _id: line.sku }));
    $w('#cartRepeater').forEachItem(fill);
    $w('#cartTotal').text = `${formatMoney(priced.totalCents, priced.currency)} per billing period`;
    await $w('#emptyState').hide();
    await (priced.lines.length > 0 ? $w('#cartContent').show() : $w('#cartContent').hide());
    if (priced.lines.length === 0) await $w('#emptyState').show();
  };

  const rerender = () =>
    render().catch(() => showMessage($w, '#errorMessage', 'We could not price your cart just now. Please refresh the page in a minute.'));

  // Wix calls onItemReady only for items it has not rendered yet, so values are filled for every
  // item after each render (forEachItem) and the handlers are attached once per item here.
  const fill = ($item: $w.Selector, line: Line) => {
    $item('#lineName').text = line.name;
    $item('#lineUnitPrice').text = `${formatMoney(line.unitPriceCents, line.currency)} / ${line.interval}`;
    $item('#lineQuantity').value = String(line.quantity);
    $item('#lineTotal').text = formatMoney(line.lineTotalCents, line.currency);
  };

  $w('#cartRepeater').onItemReady(($item, line: Line) => {
    fill($item, line);
    $item('#lineQuantity').onChange(() => {
      const quantity = Number($item('#lineQuantity').value);
      if (Number.isFinite(quantity)) setQuantity(line.sku, quantity);
      void rerender();
    });
    $item('#removeButton').onClick(() => {
      removeFromCart(line.sku);
      void rerender();
    });
  });

  await rerender();
});
