// Runs on every page: the footer year, the header's cart badge and the site's AI assistant (the
// <fhir-assistant> custom element placed once in the master section, which talks to the chat http function).
import { readCart, renderCartBadge } from 'public/cart';
import wixLocationFrontend from 'wix-location-frontend';

$w.onReady(() => {
  $w('#footerYear').text = String(new Date().getFullYear());
  renderCartBadge($w, readCart());
  // The site's base URL, not the bare origin: a Wix site can live under a path (user.wixsite.com/site).
  $w('#assistant').setAttribute('endpoint', `${wixLocationFrontend.baseUrl}/_functions/chat`);
});
