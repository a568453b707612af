// Account: the signed-in member's profile, orders and subscriptions (getMyAccount, members only).
import { getMyAccount } from 'backend/account.web';
import { formatDate, formatMoney } from 'public/format';
import { hideAll, showMessage } from 'public/page-ui';

type Account = Awaited<ReturnType<typeof getMyAccount>>;
type Order = Account['orders'][number];
type Subscription = Account['subscriptions'][number];

const STATUS_LABELS: Record<string, string> = {
  pending: 'Awaiting payment',
  paid: 'Paid',
  failed: 'Payment failed',
  refunded: 'Refunded',
  cancelled: 'Cancelled',
  active: 'Active',
  trialing: 'Trial',
  past_due: 'Payment overdue',
  expired: 'Expired',
};

/** A visitor calling a members-only web method: Velo and the local runtime both say "forbidden". */
function isSignInError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  const message = error instanceof Error ? error.message : '';
  return code === 'FORBIDDEN' || /forbidden|permission|sign in/i.test(message);
}

$w.onReady(async () => {
  hideAll($w, '#accountContent', '#signInPrompt', '#errorMessage', '#ordersEmpty', '#subscriptionsEmpty');

  $w('#ordersRepeater').onItemReady(($item, order: Order) => {
    $item('#orderNumber').text = order.orderNumber;
    $item('#orderDate').text = formatDate(order.createdDate);
    $item('#orderItems').text = order.lines.map((l) => `${l.name} × ${l.quantity}`).join(', ');
    $item('#orderTotal').text = formatMoney(order.totalCents, order.currency);
    $item('#orderStatus').text = STATUS_LABELS[order.status] ?? order.status;
  });
  $w('#subscriptionsRepeater').onItemReady(($item, sub: Subscription) => {
    $item('#subscriptionPlan').text = sub.sku;
    $item('#subscriptionStatus').text = STATUS_LABELS[sub.status] ?? sub.status;
    $item('#subscriptionRenews').text = sub.currentPeriodEnd ? `Paid until ${formatDate(sub.currentPeriodEnd)}` : '';
  });

  try {
    const account = await getMyAccount();
    $w('#memberName').text = account.member.nickname || account.member.loginEmail;
    $w('#memberEmail').text = account.member.loginEmail;
    $w('#ordersRepeater').data = account.orders;
    $w('#subscriptionsRepeater').data = account.subscriptions;
    if (account.orders.length === 0) await $w('#ordersEmpty').show();
    if (account.subscriptions.length === 0) await $w('#subscriptionsEmpty').show();
    await $w('#accountContent').show();
  } catch (error) {
    if (isSignInError(error)) await $w('#signInPrompt').show();
    else showMessage($w, '#errorMessage', 'We could not load your account just now. Please refresh the page in a minute.');
  }
});
