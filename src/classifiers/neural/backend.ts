import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import '@tensorflow/tfjs-backend-wasm';
import { MirkitError } from '../../errors.js';

/** The TensorFlow.js backends mirkit's neural models run on. */
export type NeuralBackend = 'wasm' | 'cpu';

/**
 * Selects the TensorFlow.js backend used by {@link MLPClassifier}, {@link CNNClassifier} and
 * {@link LSTMClassifier}. The choice lives in TensorFlow.js's own backend registry (it is
 * `tf.setBackend`), so it applies to every tfjs user in the process.
 *
 * `'wasm'` is the default whenever its WebAssembly binary can be initialised (in Node it ships inside
 * `@tensorflow/tfjs-backend-wasm/dist` and is found without network); `'cpu'` is the pure-JavaScript
 * fallback.
 *
 * @param name - `'wasm'` or `'cpu'`
 * @returns the backend now active
 * @throws MirkitError `BAD_OPTION` for an unknown name, `UNSUPPORTED` when the backend cannot initialise
 */
export async function setNeuralBackend(name: NeuralBackend): Promise<NeuralBackend> {
  if (name !== 'wasm' && name !== 'cpu') {
    throw new MirkitError('BAD_OPTION', `backend must be 'wasm' or 'cpu', got ${String(name)}`, { option: 'backend' });
  }
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch {
    ok = false;
  }
  if (!ok) throw new MirkitError('UNSUPPORTED', `the TensorFlow.js '${name}' backend could not initialise here; use 'cpu'`);
  await tf.ready();
  return tf.getBackend() as NeuralBackend;
}

/**
 * The TensorFlow.js backend the neural models run on, initialising the best available one
 * (`'wasm'`, else `'cpu'`) when none is active yet.
 */
export async function getNeuralBackend(): Promise<NeuralBackend> {
  await ensureBackend();
  return tf.getBackend() as NeuralBackend;
}

/** Awaits TensorFlow.js's backend initialisation (wasm when it can, cpu otherwise). @internal */
export async function ensureBackend(): Promise<void> {
  if (activeBackendName() !== undefined) return;
  try {
    await tf.ready();
  } catch {
    // fall through to cpu
  }
  if (activeBackendName() === undefined) await tf.setBackend('cpu');
}

/**
 * Makes sure a backend is active for a synchronous call (restoring a model, predicting). When no
 * backend has been initialised yet (no `await` happened), the synchronous cpu backend is chosen;
 * call `await getNeuralBackend()` or `await setNeuralBackend('wasm')` first to run on wasm. @internal
 */
export function ensureBackendSync(): void {
  if (activeBackendName() !== undefined) return;
  void tf.setBackend('cpu');
  if (activeBackendName() === undefined) throw new MirkitError('UNSUPPORTED', 'no TensorFlow.js backend could be initialised; await getNeuralBackend() first');
}

function activeBackendName(): string | undefined {
  const name = (tf.engine() as unknown as { backendName?: string | null }).backendName;
  return name == null ? undefined : name;
}
