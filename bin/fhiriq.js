#!/usr/bin/env node
'use strict';
// The fhiriq CLI. The engine in src/public/fhir is the same TypeScript the site runs. When
// `npm run build:cli` has bundled it (dist/cli/fhiriq.js) and no source has changed since, the
// bundle runs: it starts faster and runs faster than transpiling on the fly. Otherwise the sources
// run through tsx (a devDependency), so the command never runs stale code.
// FHIRIQ_NO_BUNDLE=1 forces the sources.
const fs = require('node:fs');
const path = require('node:path');

const root = path.join(__dirname, '..');

/** The bundle when it is newer than every source it was built from, else null. */
function freshBundle() {
  if (process.env.FHIRIQ_NO_BUNDLE) return null;
  const dir = path.join(root, 'dist', 'cli');
  let manifest;
  try {
    manifest = JSON.parse(fs.readFileSync(path.join(dir, 'inputs.json'), 'utf8'));
    if (!fs.statSync(path.join(dir, 'fhiriq.js')).isFile()) return null;
  } catch {
    return null;
  }
  if (typeof manifest.builtAt !== 'number' || !Array.isArray(manifest.inputs)) return null;
  for (const input of manifest.inputs) {
    const stat = fs.statSync(path.join(root, input), { throwIfNoEntry: false });
    if (!stat || stat.mtimeMs > manifest.builtAt) return null;
  }
  return path.join(dir, 'fhiriq.js');
}

function loadMain() {
  const bundle = freshBundle();
  if (bundle) return require(bundle).main;
  // tsx looks for tsconfig.json in the working directory; point it at ours so the path aliases
  // resolve wherever the command is run from.
  process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || path.join(root, 'tsconfig.json');
  require('tsx/cjs');
  return require('../cli/main.ts').main;
}

// `fhiriq scan ... | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

loadMain()(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`fhiriq: unexpected failure: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 2;
  },
);
