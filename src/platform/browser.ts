/**
 * Browser (and every non-Node) side of the platform seam, selected by the `#platform` import alias in
 * package.json (`imports`): same exports as `node.ts`, with no Node built-in anywhere in its graph, so
 * bundlers need no configuration. File paths and the libsvm-js solver answer `UNSUPPORTED`;
 * TensorFlow.js is imported by a name the bundler does not follow (it is an optional peer), so it
 * loads where the page can resolve it (an import map, a CDN build) and otherwise reports
 * `MISSING_DEPENDENCY`.
 * @internal
 * @packageDocumentation
 */
import type * as NodeFs from 'node:fs/promises';
import type * as NodePath from 'node:path';
import { MirkitError } from '../errors.js';
import type { DecodeWorkerThread } from './decode-worker.js';

export type { DecodeWorkerThread };

/** False on the browser build. @internal */
export const IS_NODE_BUILD = false;

function nodeOnly(what: string): never {
  throw new MirkitError('UNSUPPORTED', `${what} needs Node.js; in a browser pass the file bytes (Uint8Array/ArrayBuffer) or an AudioBuffer`);
}

/** Unsupported outside Node. @internal */
export function nodeFs(): Promise<typeof NodeFs> {
  return Promise.reject(
    new MirkitError('UNSUPPORTED', 'reading or writing a file path needs Node.js; in a browser pass the file bytes (Uint8Array/ArrayBuffer) or an AudioBuffer'),
  );
}

/** Unsupported outside Node. @internal */
export function readTextFile(_path: string): Promise<string> {
  return Promise.resolve().then(() => nodeOnly('reading a file path'));
}

/** Unsupported outside Node (no path reaches it: {@link nodeFs} refuses first). @internal */
export function checkNotSpecial(_fs: typeof NodeFs, _path: string): Promise<void> {
  return Promise.resolve().then(() => nodeOnly('reading a file path'));
}

/** Unsupported outside Node. @internal */
export function nodePath(): Promise<typeof NodePath> {
  return Promise.resolve().then(() => nodeOnly('a file path'));
}

/** Unsupported outside Node. @internal */
export function fileUrlToPath(_url: string): Promise<string> {
  return Promise.resolve().then(() => nodeOnly('a file path'));
}

/** Unsupported outside Node: the default `solver: 'smo'` (the same algorithm in TypeScript) runs everywhere. @internal */
export function requireLibsvm(): Promise<unknown> {
  return Promise.reject(
    new MirkitError('UNSUPPORTED', "SVC solver 'libsvm-wasm' needs Node.js; use the default solver 'smo' (libsvm's algorithm in TypeScript) in browsers"),
  );
}

const TF_PACKAGES = {
  core: '@tensorflow/tfjs-core',
  layers: '@tensorflow/tfjs-layers',
  'backend-cpu': '@tensorflow/tfjs-backend-cpu',
  'backend-wasm': '@tensorflow/tfjs-backend-wasm',
} as const;

/** Imports an optional peer by a name bundlers leave alone (resolved by the page at run time). @internal */
export function importOptional(name: keyof typeof TF_PACKAGES): Promise<unknown> {
  const spec: string = TF_PACKAGES[name];
  return import(/* webpackIgnore: true */ /* @vite-ignore */ spec);
}

/** No decode thread outside Node: the calling thread decodes. @internal */
export function startDecodeWorker(): Promise<DecodeWorkerThread | null> {
  return Promise.resolve(null);
}
