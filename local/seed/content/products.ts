import type { NewItem } from '../../../src/backend/ports';

/**
 * Plans of the three tools plus the bundle (collection Products). Prices are monthly, in US
 * cents; Stripe price ids are filled in when payments are connected.
 */
type Tier = 'free' | 'pro' | 'enterprise';

function plan(
  toolSlug: string,
  skuPrefix: string,
  toolName: string,
  tier: Tier,
  priceCents: number,
  order: number,
  description: string,
  features: string[],
): NewItem {
  const tierName = tier === 'free' ? 'Free' : tier === 'pro' ? 'Pro' : 'Enterprise';
  return {
    name: `${toolName} ${tierName}`,
    sku: tier === 'free' ? `${skuPrefix}-free` : `${skuPrefix}-${tier}-monthly`,
    toolSlug,
    tier,
    description,
    features,
    priceCents,
    currency: 'USD',
    interval: 'month',
    active: true,
    order,
  };
}

export const products: NewItem[] = [
  plan('fhir-builder', 'builder', 'FHIR Builder AI', 'free', 0, 10, 'Try the builder on the site with the offline engine.', [
    '25 generations a day on the site',
    'Offline engine: common resources and codes',
    'Code in TypeScript, Python and curl',
  ]),
  plan('fhir-builder', 'builder', 'FHIR Builder AI', 'pro', 3900, 11, 'For developers who build FHIR payloads every day.', [
    'Unlimited generations on the site',
    'AI engine with automatic validation and repair',
    'Code in all five languages, including HAPI FHIR and Firely',
    'npx fhiriq generate from your terminal',
  ]),
  plan('fhir-builder', 'builder', 'FHIR Builder AI', 'enterprise', 29900, 12, 'For teams that generate test and integration data at scale.', [
    'Everything in Pro for up to 25 users',
    'Codegen API for your own tooling',
    'Priority support, answered within one business day',
  ]),
  plan('data-quality-scanner', 'scanner', 'Data Quality Scanner', 'free', 0, 20, 'Scan files in your browser; nothing is uploaded.', [
    'Browser scans of up to 1,000 resources',
    'Conformance and data-quality checks',
    'JSON and HTML reports',
  ]),
  plan('data-quality-scanner', 'scanner', 'Data Quality Scanner', 'pro', 4900, 21, 'Unlimited scans, the CLI for CI, and US Core profiles.', [
    'Unlimited browser scans, NDJSON bulk exports included',
    'npx fhiriq scan in CI, with exit codes',
    'US Core 5.0.1 profile checks',
    'OperationOutcome output',
  ]),
  plan('data-quality-scanner', 'scanner', 'Data Quality Scanner', 'enterprise', 39900, 22, 'The scan API for your pipelines, for the whole team.', [
    'Everything in Pro for up to 25 users',
    'Scan API (/_functions/scan) for your pipelines',
    'Priority support, answered within one business day',
  ]),
  plan('api-testing-suite', 'tester', 'API Testing Suite', 'free', 0, 30, 'Read-only tests against one server.', [
    'Capability, read and search tests',
    'Runs from the site against public servers',
    'JSON results',
  ]),
  plan('api-testing-suite', 'tester', 'API Testing Suite', 'pro', 5900, 31, 'The full suite, writes included, from the site or your CI.', [
    'All test groups, including create, update and delete',
    'npx fhiriq test in CI with JUnit output',
    'FHIR TestReport export',
    'Custom headers for authenticated servers',
  ]),
  plan('api-testing-suite', 'tester', 'API Testing Suite', 'enterprise', 44900, 32, 'For vendors who certify their FHIR server on every release.', [
    'Everything in Pro for up to 25 users',
    'Scheduled runs with history',
    'Priority support, answered within one business day',
  ]),
  {
    name: 'FHIR IQ Complete (Pro)',
    sku: 'bundle-pro-monthly',
    toolSlug: 'bundle',
    tier: 'pro',
    description: 'All three tools on their Pro plans, for less than the three together.',
    features: [
      'FHIR Builder AI Pro',
      'Data Quality Scanner Pro',
      'API Testing Suite Pro',
      'Save $28 a month against the three plans',
    ],
    priceCents: 11900,
    currency: 'USD',
    interval: 'month',
    active: true,
    order: 40,
  },
];
