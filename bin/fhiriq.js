#!/usr/bin/env node
'use strict';
// The fhiriq CLI runs the TypeScript sources directly through tsx (a devDependency): the engine
// in src/public/fhir is the same code the site runs, with no separate build to go stale.
const path = require('node:path');

// tsx looks for tsconfig.json in the working directory; point it at ours so the path aliases
// resolve wherever the command is run from.
process.env.TSX_TSCONFIG_PATH = process.env.TSX_TSCONFIG_PATH || path.join(__dirname, '..', 'tsconfig.json');
require('tsx/cjs');

// `fhiriq scan ... | head` closes the pipe early: that is the reader's choice, not a failure.
process.stdout.on('error', (error) => {
  if (error && error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

const { main } = require('../cli/main.ts');
main(process.argv).then(
  (code) => {
    process.exitCode = code;
  },
  (error) => {
    process.stderr.write(`fhiriq: unexpected failure: ${error && error.stack ? error.stack : error}\n`);
    process.exitCode = 2;
  },
);
