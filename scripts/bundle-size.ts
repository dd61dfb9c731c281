/**
 * `npm run size`: packs mirkit, installs the tarball into a fresh project (production install, no
 * TensorFlow.js) and prints, for esbuild, webpack 5 and Vite with no configuration beyond the entry,
 * the minified initial chunk (entry + static imports) of `{ mfcc, tonnetz }` and of `{ classify }`,
 * against the budgets (100 KB and 1.5 MB), plus the install size. Exits 1 when a budget is exceeded.
 * Needs `npm run build` first (the npm script does it).
 */
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { BUNDLERS, bundle, type BundleResult } from './consumer/bundlers.js';
import { BUDGETS, formatBytes, prepareConsumer, type Consumer, type EntryName } from './consumer/setup.js';

/** Install budget (issue 14): the production install of a consumer. */
export const INSTALL_BUDGET = 25 * 1024 * 1024;

/** Every bundler x entry, measured in `consumer`. */
export async function measureBundles(consumer: Consumer): Promise<{ entry: EntryName; result: BundleResult }[]> {
  const rows: { entry: EntryName; result: BundleResult }[] = [];
  for (const entry of Object.keys(consumer.entries) as EntryName[]) {
    for (const b of BUNDLERS) {
      const result = await bundle(b, consumer.entries[entry], join(consumer.dir, 'out', `${b}-${entry}`), consumer.dir);
      rows.push({ entry, result });
    }
  }
  return rows;
}

/** Prints the table; returns the list of exceeded budgets. */
export function report(consumer: Consumer, rows: { entry: EntryName; result: BundleResult }[]): string[] {
  const over: string[] = [];
  console.log('entry                 bundler   initial chunk   budget     lazy chunks');
  for (const { entry, result } of rows) {
    const label = entry === 'features' ? '{ mfcc, tonnetz }' : '{ classify }';
    const ok = result.initialBytes <= BUDGETS[entry];
    if (!ok) over.push(`${label} with ${result.bundler}: ${formatBytes(result.initialBytes)} > ${formatBytes(BUDGETS[entry])}`);
    console.log(
      `${label.padEnd(21)} ${result.bundler.padEnd(9)} ${formatBytes(result.initialBytes).padStart(11)}   ${formatBytes(BUDGETS[entry]).padStart(8)} ${ok ? 'ok ' : 'OVER'} ${String(result.lazyChunks).padStart(4)}`,
    );
  }
  const okInstall = consumer.installBytes <= INSTALL_BUDGET;
  if (!okInstall) over.push(`production install ${formatBytes(consumer.installBytes)} > 25 MB`);
  console.log(
    `production install (npm install <tarball> --omit=dev): ${formatBytes(consumer.installBytes)} of node_modules (budget 25 MB) ${okInstall ? 'ok' : 'OVER'}`,
  );
  return over;
}

async function main(): Promise<void> {
  const consumer = prepareConsumer();
  try {
    const over = report(consumer, await measureBundles(consumer));
    if (over.length) {
      console.error(`over budget:\n  ${over.join('\n  ')}`);
      process.exitCode = 1;
    }
  } finally {
    if (!process.env.MIRKIT_KEEP_CONSUMER) rmSync(consumer.dir, { recursive: true, force: true });
    else console.log(`consumer project kept at ${consumer.dir}`);
  }
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
