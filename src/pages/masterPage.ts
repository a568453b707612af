// Runs on every page: the footer year and the header's cart badge.
import { readCart, renderCartBadge } from 'public/cart';

$w.onReady(() => {
  $w('#footerYear').text = String(new Date().getFullYear());
  renderCartBadge($w, readCart());
});
