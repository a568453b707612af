import type { CollectionDef, FieldDef, FieldType, Role } from '../../src/backend/collections/types';

/**
 * docs/collections.md, the CMS reference for editors, rendered from the declarations. Pure, so
 * a test can tell when the committed file is stale.
 */

export const COLLECTIONS_DOC_PATH = 'docs/collections.md';

const ROLE_LABEL: Record<Role, string> = {
  ANYONE: 'Anyone',
  SITE_MEMBER: 'Site members',
  SITE_MEMBER_AUTHOR: 'The member who owns the item',
  ADMIN: 'Admins (and backend code)',
};

const TYPE_LABEL: Record<FieldType, string> = {
  TEXT: 'Text',
  RICH_TEXT: 'Rich text',
  NUMBER: 'Number',
  BOOLEAN: 'Boolean',
  DATE: 'Date',
  DATETIME: 'Date and time',
  URL: 'URL',
  IMAGE: 'Image',
  AUDIO: 'Audio',
  ARRAY_STRING: 'Tags (list of text)',
  ARRAY: 'Array',
  OBJECT: 'Object',
  REFERENCE: 'Reference',
};

export function renderCollectionsDoc(collections: readonly CollectionDef[]): string {
  const lines: string[] = [
    '# Collections: CMS reference',
    '',
    '<!-- Generated from src/backend/collections by `npm run docs:collections`. Do not edit by hand. -->',
    '',
    `The site keeps its content and records in ${collections.length} Wix CMS collections. They are declared in code ` +
      '(`src/backend/collections`); the same declaration creates the local SQLite tables, this page, and the ' +
      'collections on a real site (`npm run provision`). To change a collection, change its declaration and run ' +
      '`npm run docs:collections` and `npm run provision`.',
    '',
    'Every item also has the system fields `_id` (unique id), `_createdDate`, `_updatedDate` and `_owner` (the member ' +
      'who created it), which Wix sets by itself.',
    '',
    '| Collection | What it holds | Read by |',
    '| --- | --- | --- |',
    ...collections.map((def) => `| [${cell(def.displayName)}](#${anchor(def.id)}) | ${cell(def.description)} | ${ROLE_LABEL[def.permissions.read]} |`),
    '',
  ];
  for (const def of collections) lines.push(...renderCollection(def, collections));
  return `${lines.join('\n').trimEnd()}\n`;
}

function renderCollection(def: CollectionDef, all: readonly CollectionDef[]): string[] {
  return [
    `## ${def.id}`,
    '',
    `**${cell(def.displayName)}**: ${cell(def.description)}`,
    '',
    '### Permissions',
    '',
    '| Read | Insert | Update | Remove |',
    '| --- | --- | --- | --- |',
    `| ${ROLE_LABEL[def.permissions.read]} | ${ROLE_LABEL[def.permissions.insert]} | ${ROLE_LABEL[def.permissions.update]} | ${ROLE_LABEL[def.permissions.remove]} |`,
    '',
    '### Fields',
    '',
    '| Key | Name | Type | Required | Description |',
    '| --- | --- | --- | --- | --- |',
    ...def.fields.map((f) => `| \`${f.key}\` | ${cell(f.displayName)} | ${typeLabel(f, all)} | ${f.required ? 'yes' : 'no'} | ${cell(f.description)} |`),
    '',
    '### Indexes',
    '',
    ...(def.indexes.length === 0
      ? ['None.', '']
      : [
          '| Fields | Unique |',
          '| --- | --- |',
          ...def.indexes.map(
            (index) =>
              `| ${index.fields.map((f) => `\`${f.key}\` ${f.order === 'DESC' ? '(newest/largest first)' : '(ascending)'}`).join(', ')} | ${index.unique ? 'yes: no two items may share this value' : 'no'} |`,
          ),
          '',
        ]),
  ];
}

function typeLabel(field: FieldDef, all: readonly CollectionDef[]): string {
  if (field.type !== 'REFERENCE') return TYPE_LABEL[field.type];
  const target = all.find((c) => c.id === field.referencedCollection);
  return target ? `Reference to [${cell(target.displayName)}](#${anchor(target.id)})` : `Reference to ${field.referencedCollection ?? '?'}`;
}

/** GitHub's heading anchor for "## <id>": ids are plain letters and digits. */
function anchor(id: string): string {
  return id.toLowerCase();
}

/** Text safe inside a Markdown table cell (and shown literally: "/blog/<slug>" is not an HTML tag). */
function cell(text: string): string {
  return text
    .replace(/\\/g, '\\\\')
    .replace(/\|/g, '\\|')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/\s*\n\s*/g, ' ')
    .trim();
}
