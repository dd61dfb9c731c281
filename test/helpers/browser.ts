/**
 * Headless Chromium for the browser tests: Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH),
 * never a downloaded browser. Without it the tests skip with a message, except under CI where they
 * must run (.ci/run installs chromium).
 */
import { existsSync, rmSync } from 'node:fs';
import type { Server } from 'node:http';
import { describe } from 'vitest';
import { chromium, type BrowserContext } from 'playwright-core';

/** The Chromium executable the tests drive. */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
const HAVE_CHROMIUM = existsSync(CHROMIUM);
if (!HAVE_CHROMIUM && process.env.CI) {
  throw new Error(`Chromium is required under CI but was not found at ${CHROMIUM} (apt-get install -y chromium)`);
}

/** `describe` that runs only where Chromium exists (and fails loudly under CI when it does not). */
export const describeBrowser = (
  HAVE_CHROMIUM
    ? describe
    : (name: string, fn: () => void) => describe.skip(`${name} [skipped: no Chromium at ${CHROMIUM}; apt-get install chromium or set CHROMIUM_PATH]`, fn)
) as typeof describe;

/** Starts headless Chromium with a private profile in `profileDir`, quiet (no network side traffic), plus `extraArgs`. */
export function launchChromium(profileDir: string, extraArgs: string[] = []): Promise<BrowserContext> {
  return chromium.launchPersistentContext(profileDir, {
    executablePath: CHROMIUM,
    headless: true,
    timeout: 180_000,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      ...extraArgs,
    ],
  });
}

/** Closes what a browser test opened: the browser, the page server (its open connections too) and the temporary folder. */
export async function closeBrowserTest(context: BrowserContext | undefined, server: Server | undefined, tmp: string | undefined): Promise<void> {
  await context?.close().catch(() => undefined);
  server?.closeAllConnections();
  await new Promise<void>((ok) => (server ? server.close(() => ok()) : ok()));
  if (tmp) rmSync(tmp, { recursive: true, force: true });
}
