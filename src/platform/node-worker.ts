/**
 * Worker threads on Node for the library's own entry files: the published ES modules are started
 * as they are; TypeScript source (tests, `tsx` scripts) is started through tsx's register API,
 * found from the entry's own location. Used by the decode thread of `loadAudio` and by the
 * extraction workers of `mirkit extract`.
 * @internal
 * @packageDocumentation
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker } from 'node:worker_threads';

/** The ESM entry of tsx's register API, found through tsx's own package exports from `from` (a file path). @internal */
export function tsxRegisterUrl(from: string): string {
  const req = createRequire(from);
  let pkgPath: string;
  try {
    pkgPath = req.resolve('tsx/package.json');
  } catch {
    throw new Error('starting a mirkit worker thread from TypeScript source needs the tsx package; build with `npm run build` or install tsx');
  }
  const pkg = JSON.parse(readFileSync(pkgPath, 'utf8')) as { exports?: Record<string, { import?: { default?: string } | string }> };
  const entry = pkg.exports?.['./esm/api'];
  const rel = typeof entry === 'object' && entry.import ? (typeof entry.import === 'string' ? entry.import : entry.import.default) : undefined;
  if (!rel) throw new Error('this tsx version has no tsx/esm/api export; build with `npm run build` to use workers');
  return pathToFileURL(join(dirname(pkgPath), rel)).href;
}

/**
 * A worker thread running the module file `file` (a path) with `workerData`: directly for
 * JavaScript, through tsx for a `.ts` file (an evaluated script registers tsx, then imports it;
 * a failure there is posted as `{ type: 'fatal', message }`). @internal
 */
export function startWorkerThread(file: string, workerData: unknown): Worker {
  if (!/\.[cm]?ts$/.test(file)) return new Worker(file, { workerData });
  const code =
    `const { parentPort } = require('node:worker_threads');` +
    `import(${JSON.stringify(tsxRegisterUrl(file))})` +
    `.then((m) => { m.register(); return import(${JSON.stringify(pathToFileURL(file).href)}); })` +
    `.catch((e) => parentPort.postMessage({ type: 'fatal', message: String((e && e.message) || e) }));`;
  return new Worker(code, { eval: true, workerData });
}

/**
 * The path of the decode worker's entry (`decode-worker.js` beside this module in the published
 * ES modules, `platform/decode-worker.js` beside a bundle at the package root such as
 * `dist/index.cjs` or `dist/cli.js`, `decode-worker.ts` in the source tree), from `here`, the
 * URL of the running module. @internal
 */
export function decodeWorkerFile(here: string): string {
  const path = fileURLToPath(here);
  if (/\.[cm]?ts$/.test(path)) return join(dirname(path), 'decode-worker.ts');
  if (/[\\/]platform[\\/][^\\/]+$/.test(path)) return join(dirname(path), 'decode-worker.js');
  return join(dirname(path), 'platform', 'decode-worker.js');
}
