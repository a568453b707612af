// Checkout: the buyer's details and the cart, priced and recorded by the backend (placeOrder).
// Payment comes later: the order is recorded as pending and an invoice or payment link follows by email.
import { placeOrder, priceCart } from 'backend/shop.web';
import { clearCart, readCart, renderCartBadge } from 'public/cart';
import { formatMoney } from 'public/format';
import { hideAll, showMessage } from 'public/page-ui';

type Line = Awaited<ReturnType<typeof priceCart>>['lines'][number] & { _id: string };

const ERRORS = { name: '#nameError', email: '#emailError', company: '#companyError', lines: '#linesError', form: '#formError' } as const;

$w.onReady(async () => {
  hideAll($w, '#confirmation', '#emptyState', '#checkoutContent', ...Object.values(ERRORS));

  $w('#summaryRepeater').onItemReady(($item, line: Line) => {
    $item('#summaryName').text = `${line.name} × ${line.quantity}`;
    $item('#summaryTotal').text = `${formatMoney(line.lineTotalCents, line.currency)} / ${line.interval}`;
  });

  const lines = readCart();
  if (lines.length === 0) {
    await $w('#emptyState').show();
    return;
  }
  try {
    const priced = await priceCart(lines);
    $w('#summaryRepeater').data = priced.lines.map((line) => ({ ...line, _id: line.sku }));
    $w('#orderTotal').text = formatMoney(priced.totalCents, priced.currency);
    if (priced.unavailable.length > 0) {
      showMessage($w, ERRORS.lines, 'Some items in your cart are no longer on sale. Please review your cart before ordering.');
    }
    await $w('#checkoutContent').show();
  } catch {
    showMessage($w, '#formError', 'We could not load your cart just now. Please refresh the page in a minute.');
    return;
  }

  $w('#placeOrderButton').onClick(async () => {
    hideAll($w, ...Object.values(ERRORS));
    const button = $w('#placeOrderButton');
    await button.disable();
    button.label = 'Placing order…';
    try {
      const result = await placeOrder({
        name: $w('#nameInput').value,
        email: $w('#emailInput').value,
        company: $w('#companyInput').value,
        lines: readCart(),
      });
      if (result.ok) {
        clearCart();
        renderCartBadge($w, []);
        await $w('#checkoutContent').hide();
        $w('#orderNumber').text = result.orderNumber;
        $w('#confirmationText').text =
          `Your order for ${formatMoney(result.totalCents, result.currency)} is recorded. ` +
          `We will email an invoice and a payment link to ${$w('#emailInput').value.trim()} shortly; your plan starts when it is paid.`;
        await $w('#confirmation').show();
        return;
      }
      for (const [field, selector] of Object.entries(ERRORS)) {
        const message = result.errors[field];
        if (message) showMessage($w, selector, message);
      }
    } catch {
      showMessage($w, '#formError', 'We could not place your order just now. Please try again in a minute, or email hello@fhiriq.com.');
    } finally {
      button.label = 'Place order';
      await button.enable();
    }
  });
});
