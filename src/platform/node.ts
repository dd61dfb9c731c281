/**
 * Node.js side of the platform seam: the only module (besides the CLI and the FFT's wasm loader) that
 * names Node built-ins or loads packages through `require`. The published package maps it by the
 * `#platform` import alias (package.json `imports`): the `node` condition gets this file, every other
 * environment gets `browser.ts`, whose functions have the same signatures and answer `UNSUPPORTED`.
 * Nothing here runs on import.
 * @internal
 * @packageDocumentation
 */
import type * as NodeFs from 'node:fs/promises';
import type * as NodePath from 'node:path';
import { MirkitError } from '../errors.js';
import type { DecodeWorkerThread } from './decode-worker.js';

export type { DecodeWorkerThread };

/** True on the Node build. @internal */
export const IS_NODE_BUILD = true;

/** `node:fs/promises`, imported on first use. @internal */
export function nodeFs(): Promise<typeof NodeFs> {
  return import('node:fs/promises');
}

/**
 * The UTF-8 text of the file at `path`. A file that cannot be read is `FILE_NOT_FOUND`: "no such
 * file" when it does not exist, else the system's reason; a FIFO, device or socket is `UNSUPPORTED`. @internal
 */
export async function readTextFile(path: string): Promise<string> {
  const fs = await nodeFs();
  try {
    await checkNotSpecial(fs, path);
    return await fs.readFile(path, 'utf8');
  } catch (e) {
    if (e instanceof MirkitError) throw e;
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    throw new MirkitError('FILE_NOT_FOUND', missing ? `no such file: ${path}` : `cannot read ${path}: ${(e as Error).message}`, { path });
  }
}

/**
 * `UNSUPPORTED` when `path` names a FIFO, device or socket: opening a FIFO blocks until a writer
 * comes and a device such as /dev/zero reads without end. A regular file or a directory passes (the
 * read reports a directory); so does a missing path (the read reports it). @internal
 */
export async function checkNotSpecial(fs: typeof NodeFs, path: string): Promise<void> {
  const st = await fs.stat(path).catch(() => null);
  if (st && !st.isFile() && !st.isDirectory()) {
    throw new MirkitError('UNSUPPORTED', `cannot read '${path}': it is not a regular file (a FIFO, device or socket); pass a regular file`, { path });
  }
}

/** `node:path`, imported on first use. @internal */
export function nodePath(): Promise<typeof NodePath> {
  return import('node:path');
}

/** The file-system path of a `file:` URL (`node:url`'s `fileURLToPath`), imported on first use. @internal */
export async function fileUrlToPath(url: string): Promise<string> {
  return (await import('node:url')).fileURLToPath(url);
}

/**
 * libsvm-js's wasm build (a CommonJS module whose export is a Promise of the SVM class), loaded
 * through `require` so that no ESM interop layer wraps the Promise. @internal
 */
export async function requireLibsvm(): Promise<unknown> {
  const { createRequire } = await import('node:module');
  const req = createRequire(import.meta.url);
  return await (req('libsvm-js') as Promise<unknown>);
}

/**
 * Imports an optional peer package by name (TensorFlow.js). Node resolves it from the consumer's
 * `node_modules` at run time. @internal
 */
export function importOptional(name: 'core' | 'layers' | 'backend-cpu' | 'backend-wasm'): Promise<unknown> {
  switch (name) {
    case 'core':
      return import('@tensorflow/tfjs-core');
    case 'layers':
      return import('@tensorflow/tfjs-layers');
    case 'backend-cpu':
      return import('@tensorflow/tfjs-backend-cpu');
    case 'backend-wasm':
      return import('@tensorflow/tfjs-backend-wasm');
  }
}

/**
 * Starts `loadAudio`'s decode thread (`decode-worker`, see src/platform/node-worker.ts for where
 * it is found), or null where a second thread would not help: off the main thread (an extraction
 * worker already runs in parallel) or on a machine with one core. @internal
 */
export async function startDecodeWorker(): Promise<DecodeWorkerThread | null> {
  const [{ isMainThread }, { availableParallelism }, { importNodeBuiltins, startWorkerThread, decodeWorkerFile }] = await Promise.all([
    import('node:worker_threads'),
    import('node:os'),
    import('./node-worker.js'),
  ]);
  if (!isMainThread || availableParallelism() < 2) return null;
  const node = await importNodeBuiltins();
  return startWorkerThread(node, decodeWorkerFile(node, import.meta.url), null);
}
