/**
 * Lazy loading of TensorFlow.js. Nothing reachable from `src/index.ts` imports `@tensorflow/*` as a
 * value: this module loads tfjs-core, tfjs-layers and the cpu and wasm backends with dynamic
 * `import()` the first time a neural model needs them (`fit`, `loadNeuralBackend`,
 * `setNeuralBackend`, `getNeuralBackend`, `fromJSONAsync`), so `import { mfcc } from 'mirkit'`
 * never pays for TensorFlow.js. Afterwards {@link tfSync} hands out the loaded modules synchronously
 * (for `predict` and the synchronous `fromJSON`).
 * @internal
 * @packageDocumentation
 */
import type * as TfCore from '@tensorflow/tfjs-core';
import type * as TfLayers from '@tensorflow/tfjs-layers';
import { MirkitError } from '../../errors.js';
import { importOptional } from '../../platform/node.js';
import { defineLayers, type CustomLayers } from './layers.js';

/** The loaded TensorFlow.js modules and mirkit's custom layers built on them. @internal */
export interface Tf {
  /** `@tensorflow/tfjs-core`. */
  tf: typeof TfCore;
  /** `@tensorflow/tfjs-layers`. */
  tfl: typeof TfLayers;
  /** mirkit's custom layers (seeded dropout, temporal convolution, LSTM), registered with tf. */
  layers: CustomLayers;
}

/** The packages the neural models need: optional peer dependencies of mirkit. */
const TF_INSTALL = '@tensorflow/tfjs-core @tensorflow/tfjs-layers @tensorflow/tfjs-backend-cpu @tensorflow/tfjs-backend-wasm';

/** Imports one TensorFlow.js package; a package that is not installed becomes `MISSING_DEPENDENCY`. */
async function importPeer(name: 'core' | 'layers' | 'backend-cpu' | 'backend-wasm'): Promise<unknown> {
  try {
    return await importOptional(name);
  } catch (e) {
    const msg = (e as Error)?.message ?? String(e);
    const code = (e as { code?: string })?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND' || /cannot find|failed to resolve|resolve module|not found/i.test(msg)) {
      throw new MirkitError(
        'MISSING_DEPENDENCY',
        `the neural classifiers (MLP, CNN, LSTM) need TensorFlow.js, an optional peer dependency of mirkit: npm install ${TF_INSTALL}`,
        { package: `@tensorflow/tfjs-${name}`, cause: msg },
      );
    }
    throw e;
  }
}

let loaded: Tf | undefined;
let loading: Promise<Tf> | undefined;

/**
 * Loads TensorFlow.js (core, layers, cpu and wasm backends) once, with dynamic `import()`, and defines
 * the custom layers. Concurrent callers share one load; a failed load may be retried. @internal
 */
export function loadTensorflow(): Promise<Tf> {
  if (loaded) return Promise.resolve(loaded);
  if (!loading) {
    loading = (async () => {
      const tf = (await importPeer('core')) as typeof TfCore;
      // the backends register themselves with tfjs-core on import (cpu first, wasm has the higher priority)
      await importPeer('backend-cpu');
      await importPeer('backend-wasm');
      const tfl = (await importPeer('layers')) as typeof TfLayers;
      const mods = { tf: interop(tf), tfl: interop(tfl) };
      loaded = { ...mods, layers: defineLayers(mods.tf, mods.tfl) };
      return loaded;
    })().catch((e: unknown) => {
      loading = undefined;
      if (e instanceof MirkitError) throw e;
      throw new MirkitError('UNSUPPORTED', `TensorFlow.js could not be loaded (the neural models need ${TF_INSTALL}): ${(e as Error)?.message ?? String(e)}`);
    });
  }
  return loading;
}

/** True once TensorFlow.js has been loaded (by `fit`, `loadNeuralBackend`, ...). @internal */
export function tfLoaded(): boolean {
  return loaded !== undefined;
}

/**
 * The loaded TensorFlow.js modules, synchronously.
 * @throws MirkitError `NOT_READY` when TensorFlow.js has not been loaded yet
 * @internal
 */
export function tfSync(what = 'this neural model operation'): Tf {
  if (!loaded) {
    throw new MirkitError(
      'NOT_READY',
      `TensorFlow.js is not loaded yet: ${what} needs it. Call \`await loadNeuralBackend()\` first (or use the async \`fromJSONAsync\` / \`await model.fit(...)\`, which load it).`,
    );
  }
  return loaded;
}

/** A CommonJS module imported from ES code may arrive as `{ default: exports }` only; unwrap that. */
function interop<T>(m: T): T {
  const d = (m as { default?: unknown }).default;
  const hasNamed = Object.keys(m as object).some((k) => k !== 'default' && k !== '__esModule');
  return !hasNamed && d && typeof d === 'object' ? (d as T) : m;
}
