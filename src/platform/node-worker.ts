/**
 * Worker threads on Node for the library's own entry files: the published ES modules are started
 * as they are; TypeScript source (tests, `tsx` scripts) is started through tsx's register API,
 * found from the entry's own location. Used by the decode thread of `loadAudio` and by the
 * extraction workers of `mirkit extract`.
 *
 * The Node built-ins come in as a {@link NodeBuiltins} value (imported statically by the CLI, on
 * first use by `./node.ts`), so that nothing here imports one: a bundler that follows this module
 * from `./node.ts` finds no `node:` import to hoist into a browser bundle.
 * @internal
 * @packageDocumentation
 */
import type { readFileSync } from 'node:fs';
import type { createRequire } from 'node:module';
import type { dirname, join } from 'node:path';
import type { fileURLToPath, pathToFileURL } from 'node:url';
import type { Worker } from 'node:worker_threads';

/** The members of Node's built-in modules used here. @internal */
export interface NodeBuiltins {
  readFileSync: typeof readFileSync;
  createRequire: typeof createRequire;
  dirname: typeof dirname;
  join: typeof join;
  fileURLToPath: typeof fileURLToPath;
  pathToFileURL: typeof pathToFileURL;
  Worker: typeof Worker;
}

/** {@link NodeBuiltins}, imported on first use. @internal */
export async function importNodeBuiltins(): Promise<NodeBuiltins> {
  const [fs, mod, path, url, threads] = await Promise.all([
    import('node:fs'),
    import('node:module'),
    import('node:path'),
    import('node:url'),
    import('node:worker_threads'),
  ]);
  return {
    readFileSync: fs.readFileSync,
    createRequire: mod.createRequire,
    dirname: path.dirname,
    join: path.join,
    fileURLToPath: url.fileURLToPath,
    pathToFileURL: url.pathToFileURL,
    Worker: threads.Worker,
  };
}

/** The ESM entry of tsx's register API, found through tsx's own package exports from `from` (a file path). @internal */
export function tsxRegisterUrl(node: NodeBuiltins, from: string): string {
  const req = node.createRequire(from);
  let pkgPath: string;
  try {
    pkgPath = req.resolve('tsx/package.json');
  } catch {
    throw new Error('starting a mirkit worker thread from TypeScript source needs the tsx package; build with `npm run build` or install tsx');
  }
  const pkg = JSON.parse(node.readFileSync(pkgPath, 'utf8')) as { exports?: Record<string, { import?: { default?: string } | string }> };
  const entry = pkg.exports?.['./esm/api'];
  const rel = typeof entry === 'object' && entry.import ? (typeof entry.import === 'string' ? entry.import : entry.import.default) : undefined;
  if (!rel) throw new Error('this tsx version has no tsx/esm/api export; build with `npm run build` to use workers');
  return node.pathToFileURL(node.join(node.dirname(pkgPath), rel)).href;
}

/**
 * A worker thread running the module file `file` (a path) with `workerData`: directly for
 * JavaScript, through tsx for a `.ts` file (an evaluated script registers tsx, then imports it;
 * a failure there is posted as `{ type: 'fatal', message }`). @internal
 */
export function startWorkerThread(node: NodeBuiltins, file: string, workerData: unknown): Worker {
  if (!/\.[cm]?ts$/.test(file)) return new node.Worker(file, { workerData });
  const code =
    `const { parentPort } = require('node:worker_threads');` +
    `import(${JSON.stringify(tsxRegisterUrl(node, file))})` +
    `.then((m) => { m.register(); return import(${JSON.stringify(node.pathToFileURL(file).href)}); })` +
    `.catch((e) => parentPort.postMessage({ type: 'fatal', message: String((e && e.message) || e) }));`;
  return new node.Worker(code, { eval: true, workerData });
}

/**
 * The path of the decode worker's entry (`decode-worker.js` beside this module in the published
 * ES modules, `platform/decode-worker.js` beside a bundle at the package root such as
 * `dist/index.cjs` or `dist/cli.js`, `decode-worker.ts` in the source tree), from `here`, the
 * URL of the running module. @internal
 */
export function decodeWorkerFile(node: NodeBuiltins, here: string): string {
  const path = node.fileURLToPath(here);
  if (/\.[cm]?ts$/.test(path)) return node.join(node.dirname(path), 'decode-worker.ts');
  if (/[\\/]platform[\\/][^\\/]+$/.test(path)) return node.join(node.dirname(path), 'decode-worker.js');
  return node.join(node.dirname(path), 'platform', 'decode-worker.js');
}
