import { PERMISSIONS, type CollectionDef } from './types';

/** The shop: what we sell, who bought it and what they hold. */

export const Products: CollectionDef = {
  id: 'Products',
  displayName: 'Products',
  description: 'Plans of the three tools, as sold in the shop (/shop, /pricing). Prices in the smallest currency unit.',
  permissions: PERMISSIONS.publicContent,
  fields: [
    { key: 'name', displayName: 'Name', type: 'TEXT', required: true, description: 'Plan name, e.g. "Data Quality Scanner Pro".' },
    { key: 'sku', displayName: 'SKU', type: 'TEXT', required: true, description: 'Unique stock-keeping unit, e.g. "scanner-pro-monthly".' },
    { key: 'toolSlug', displayName: 'Tool', type: 'TEXT', required: true, description: 'Slug of the tool in Tools; "bundle" for all three.' },
    { key: 'tier', displayName: 'Tier', type: 'TEXT', required: true, description: '"free", "pro" or "enterprise".' },
    { key: 'description', displayName: 'Description', type: 'TEXT', required: true, description: 'What the plan includes.' },
    { key: 'features', displayName: 'Features', type: 'ARRAY_STRING', required: true, description: 'Bullet points for the pricing table.' },
    { key: 'priceCents', displayName: 'Price (cents)', type: 'NUMBER', required: true, description: 'Price per interval in cents; 0 for free plans.' },
    { key: 'currency', displayName: 'Currency', type: 'TEXT', required: true, description: 'ISO 4217 code, e.g. "USD".' },
    { key: 'interval', displayName: 'Billing interval', type: 'TEXT', required: true, description: '"month", "year" or "once".' },
    { key: 'active', displayName: 'On sale', type: 'BOOLEAN', required: true, description: 'Only active products are listed.' },
    { key: 'order', displayName: 'Order', type: 'NUMBER', required: true, description: 'Position in the catalog.' },
    { key: 'stripePriceId', displayName: 'Stripe price', type: 'TEXT', description: 'The Stripe Price id used at checkout.' },
  ],
  indexes: [{ fields: [{ key: 'sku' }], unique: true }, { fields: [{ key: 'toolSlug' }, { key: 'order' }] }],
};

export const Customers: CollectionDef = {
  id: 'Customers',
  displayName: 'Customers',
  description: 'People and organisations who bought or subscribed, linked to their site member and to Stripe.',
  permissions: PERMISSIONS.memberOwned,
  fields: [
    { key: 'memberId', displayName: 'Member', type: 'TEXT', description: 'Wix member id, when the customer is a site member.' },
    { key: 'email', displayName: 'Email', type: 'TEXT', required: true, description: 'Billing email (lower-case).' },
    { key: 'name', displayName: 'Name', type: 'TEXT', required: true, description: 'Full name.' },
    { key: 'company', displayName: 'Company', type: 'TEXT', description: 'Organisation.' },
    { key: 'stripeCustomerId', displayName: 'Stripe customer', type: 'TEXT', description: 'Stripe customer id (cus_...).' },
    { key: 'hubspotContactId', displayName: 'HubSpot contact', type: 'TEXT', description: 'HubSpot contact id.' },
  ],
  indexes: [{ fields: [{ key: 'email' }], unique: true }, { fields: [{ key: 'memberId' }] }],
};

export const Orders: CollectionDef = {
  id: 'Orders',
  displayName: 'Orders',
  description: 'Checkouts: what was ordered, for how much, and how far payment got.',
  permissions: PERMISSIONS.memberOwned,
  fields: [
    { key: 'orderNumber', displayName: 'Order number', type: 'TEXT', required: true, description: 'Human-readable unique number, e.g. "FIQ-2026-000123".' },
    { key: 'customerId', displayName: 'Customer', type: 'REFERENCE', referencedCollection: 'Customers', description: 'The customer.' },
    { key: 'memberId', displayName: 'Member', type: 'TEXT', description: 'Wix member id of the buyer, if signed in.' },
    { key: 'email', displayName: 'Email', type: 'TEXT', required: true, description: 'Buyer email.' },
    { key: 'lines', displayName: 'Lines', type: 'ARRAY', required: true, description: 'Array of { sku, name, quantity, unitPriceCents }.' },
    { key: 'totalCents', displayName: 'Total (cents)', type: 'NUMBER', required: true, description: 'Order total, computed by the backend from Products.' },
    { key: 'currency', displayName: 'Currency', type: 'TEXT', required: true, description: 'ISO 4217 code.' },
    { key: 'status', displayName: 'Status', type: 'TEXT', required: true, description: '"pending", "paid", "failed", "refunded" or "cancelled".' },
    { key: 'stripeSessionId', displayName: 'Stripe session', type: 'TEXT', description: 'Stripe Checkout Session id.' },
    { key: 'paidAt', displayName: 'Paid at', type: 'DATETIME', description: 'When payment succeeded.' },
  ],
  indexes: [{ fields: [{ key: 'orderNumber' }], unique: true }, { fields: [{ key: 'memberId' }] }, { fields: [{ key: 'status' }] }],
};

export const Subscriptions: CollectionDef = {
  id: 'Subscriptions',
  displayName: 'Subscriptions',
  description: 'Who may use which paid plan, until when. Drives access to the tools.',
  permissions: PERMISSIONS.memberOwned,
  fields: [
    { key: 'memberId', displayName: 'Member', type: 'TEXT', required: true, description: 'Wix member id of the subscriber.' },
    { key: 'customerId', displayName: 'Customer', type: 'REFERENCE', referencedCollection: 'Customers', description: 'The paying customer.' },
    { key: 'sku', displayName: 'Plan SKU', type: 'TEXT', required: true, description: 'SKU of the product subscribed to.' },
    { key: 'toolSlug', displayName: 'Tool', type: 'TEXT', required: true, description: 'Tool the plan unlocks ("bundle" for all).' },
    { key: 'tier', displayName: 'Tier', type: 'TEXT', required: true, description: '"free", "pro" or "enterprise".' },
    { key: 'status', displayName: 'Status', type: 'TEXT', required: true, description: '"active", "trialing", "past_due", "cancelled" or "expired".' },
    { key: 'currentPeriodEnd', displayName: 'Paid until', type: 'DATETIME', required: true, description: 'End of the current billing period.' },
    { key: 'stripeSubscriptionId', displayName: 'Stripe subscription', type: 'TEXT', description: 'Stripe subscription id (sub_...).' },
  ],
  indexes: [{ fields: [{ key: 'memberId' }, { key: 'status' }] }, { fields: [{ key: 'stripeSubscriptionId' }] }],
};
