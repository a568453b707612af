import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { declarationProblems } from '../local/collections/declaration-problems';
import { COLLECTIONS_DOC_PATH, renderCollectionsDoc } from '../local/collections/render-doc';
import { COLLECTIONS } from '../src/backend/collections';

/** `npm run docs:collections`: writes docs/collections.md from the collection declarations. */

const problems = declarationProblems(COLLECTIONS);
if (problems.length > 0) {
  console.error(`The collection declarations have problems; fix them first:\n- ${problems.join('\n- ')}`);
  process.exit(1);
}
const target = resolve(__dirname, '..', COLLECTIONS_DOC_PATH);
mkdirSync(dirname(target), { recursive: true });
writeFileSync(target, renderCollectionsDoc(COLLECTIONS));
console.log(`Wrote ${COLLECTIONS_DOC_PATH} (${COLLECTIONS.length} collections).`);
