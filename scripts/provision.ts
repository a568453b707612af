import { Command } from 'commander';
import { collections, indexes } from '@wix/data';
import { ApiKeyStrategy, createClient } from '@wix/sdk';
import { applyPlan, readSite, type ProvisionClient } from '../local/provision/apply';
import { buildPlan, isChange, renderPlan } from '../local/provision/plan';
import { declarationProblems } from '../local/collections/declaration-problems';
import { COLLECTIONS } from '../src/backend/collections';

/**
 * `npm run provision`: creates the declared collections on a real Wix site.
 * Default: a dry run that prints the plan and touches nothing (no network).
 * --compare: reads the site and prints what differs. --apply: also makes the changes.
 */

const program = new Command()
  .name('provision')
  .description('Create the collections declared in src/backend/collections on a Wix site (dry run by default).')
  .option('--compare', 'read the site (needs WIX_API_KEY and WIX_SITE_ID) and show what differs; change nothing')
  .option('--apply', 'create missing collections, fields and indexes and fix permissions (needs WIX_API_KEY and WIX_SITE_ID)')
  .option('--json', 'print the plan as JSON instead of text')
  .showHelpAfterError();

async function main(): Promise<number> {
  const opts = program.parse(process.argv).opts<{ compare?: boolean; apply?: boolean; json?: boolean }>();
  const problems = declarationProblems(COLLECTIONS);
  if (problems.length > 0) {
    console.error(`The collection declarations have problems; fix them first:\n- ${problems.join('\n- ')}`);
    return 1;
  }
  const print = (plan: ReturnType<typeof buildPlan>) => console.log(opts.json ? JSON.stringify(plan, null, 2) : renderPlan(plan));

  if (!opts.apply && !opts.compare) {
    print(buildPlan(COLLECTIONS));
    console.log('\nDry run: nothing was sent. Use --compare to diff against a site, --apply to make the changes.');
    return 0;
  }

  const apiKey = process.env.WIX_API_KEY?.trim();
  const siteId = process.env.WIX_SITE_ID?.trim();
  const missing = [!apiKey && 'WIX_API_KEY', !siteId && 'WIX_SITE_ID'].filter(Boolean);
  if (missing.length > 0) {
    console.error(
      `${opts.apply ? '--apply' : '--compare'} needs ${missing.join(' and ')} in the environment.\n` +
        'Create an API key with the "Wix Data" permissions in the Wix API Keys Manager, and take the site id from the ' +
        'dashboard URL (https://manage.wix.com/dashboard/<siteId>/...). Then: WIX_API_KEY=... WIX_SITE_ID=... npm run provision -- --apply',
    );
    return 1;
  }

  const client = createClient({ modules: { collections, indexes }, auth: ApiKeyStrategy({ apiKey: apiKey!, siteId: siteId! }) });
  const site: ProvisionClient = client;
  const plan = buildPlan(COLLECTIONS, await readSite(site, COLLECTIONS));
  print(plan);
  if (!opts.apply) return 0;
  if (!plan.steps.some(isChange)) {
    console.log('\nNothing to do: the site matches the declarations.');
    return 0;
  }
  console.log('\nApplying...');
  const report = await applyPlan(site, plan, (line) => console.log(line));
  console.log(`\n${report.done.length} change(s) made, ${report.failed.length} failed.`);
  return report.failed.length > 0 ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(`provision failed: ${err instanceof Error ? err.message : String(err)}`);
    process.exit(1);
  },
);
