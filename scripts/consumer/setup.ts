/**
 * A fresh consumer project around the packed tarball: `npm pack` of this checkout (built first by the
 * caller: `npm run build`), `npm install <tarball> --omit=dev` into a new temporary folder, and the
 * two entries the budgets are about (`{ mfcc, tonnetz }` and `{ classify }`). Used by
 * scripts/bundle-size.ts (`npm run size`) and scripts/consumer-test.ts (`npm run test:consumer`).
 */
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The mirkit checkout this script lives in. */
export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/**
 * The budget entries: name -> module text. Each imports from 'mirkit' only and hands the functions to
 * the page as `globalThis.mirkit` (so that app builds, which drop unused exports, keep them).
 */
export const ENTRIES = {
  features: "import { mfcc, tonnetz } from 'mirkit';\nglobalThis.mirkit = { mfcc, tonnetz };\n",
  classify: "import { classify } from 'mirkit';\nglobalThis.mirkit = { classify };\n",
} as const;
export type EntryName = keyof typeof ENTRIES;

/** Minified initial-chunk budgets in bytes (issue 14). */
export const BUDGETS: Record<EntryName, number> = { features: 100 * 1024, classify: 1.5 * 1024 * 1024 };

/** A prepared consumer project. */
export interface Consumer {
  /** The project folder (package.json, node_modules/mirkit, entries under src/). */
  dir: string;
  /** The packed tarball. */
  tarball: string;
  /** Bytes on disk of the production install's node_modules. */
  installBytes: number;
  /** Path of each entry file. */
  entries: Record<EntryName, string>;
}

function run(cmd: string, args: string[], cwd: string): string {
  return execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'], maxBuffer: 64 << 20 });
}

/** Bytes on disk (allocated blocks, like `du`) under a folder. */
export function diskBytes(dir: string): number {
  let total = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isSymbolicLink()) continue;
    const s = statSync(p);
    total += e.isDirectory() ? 4096 + diskBytes(p) : s.blocks * 512;
  }
  return total;
}

/** Packs this checkout (dist must be built) and installs the tarball into a fresh project. */
export function prepareConsumer(): Consumer {
  if (!existsSync(join(ROOT, 'dist', 'index.js'))) throw new Error('dist/ is missing: run `npm run build` first');
  const dir = mkdtempSync(join(tmpdir(), 'mirkit-consumer-'));
  const packOut = run('npm', ['pack', '--silent', '--pack-destination', dir], ROOT).trim().split('\n').pop()!;
  const tarball = join(dir, packOut);
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'mirkit-consumer', version: '1.0.0', private: true, type: 'module' }, null, 2));
  run('npm', ['install', tarball, '--omit=dev', '--prefer-offline', '--no-audit', '--no-fund', '--loglevel=error'], dir);
  mkdirSync(join(dir, 'src'));
  const entries = {} as Record<EntryName, string>;
  for (const [name, text] of Object.entries(ENTRIES) as [EntryName, string][]) {
    entries[name] = join(dir, 'src', `${name}.js`);
    writeFileSync(entries[name], text);
  }
  return { dir, tarball, installBytes: diskBytes(join(dir, 'node_modules')), entries };
}

/** `12.3 KB` / `1.20 MB`. */
export function formatBytes(n: number): string {
  return n >= 1024 * 1024 ? `${(n / 1024 / 1024).toFixed(2)} MB` : `${(n / 1024).toFixed(1)} KB`;
}
