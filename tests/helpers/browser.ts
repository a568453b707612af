import { existsSync } from 'node:fs';
import { chromium, type Browser, type LaunchOptions } from 'playwright-core';

/**
 * Browser tests drive Debian's Chromium through playwright-core, which never downloads a browser:
 * CI installs the `chromium` package (see .ci/run) and tests run offline. CHROMIUM_PATH overrides
 * the binary, e.g. for a Chrome elsewhere on a developer's machine.
 */
export const CHROMIUM_ARGS: readonly string[] = [
  '--no-sandbox', // CI containers run as root, where Chromium's sandbox cannot start
  '--disable-gpu',
  '--disable-dev-shm-usage', // small /dev/shm in containers crashes renderers
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking', // no calls home: CI has no network
  '--disable-component-update',
  '--disable-sync',
];

export function chromiumPath(): string {
  return process.env.CHROMIUM_PATH || '/usr/bin/chromium';
}

/** A headless Chromium with a fresh temporary profile (playwright's launch creates and removes one). */
export async function launchBrowser(options: LaunchOptions = {}): Promise<Browser> {
  const executablePath = chromiumPath();
  if (!existsSync(executablePath)) {
    throw new Error(
      `Chromium not found at ${executablePath}. Install Debian's package ` +
        '(apt-get install -y --no-install-recommends chromium) or set CHROMIUM_PATH.',
    );
  }
  return chromium.launch({
    executablePath,
    headless: true,
    chromiumSandbox: false,
    timeout: 30_000,
    ...options,
    args: [...CHROMIUM_ARGS, ...(options.args ?? [])],
  });
}
