import { MirkitError } from '../../errors.js';
import { loadTensorflow, tfLoaded, tfSync } from './tf.js';

/** The TensorFlow.js backends mirkit's neural models run on. */
export type NeuralBackend = 'wasm' | 'cpu';

/**
 * Loads TensorFlow.js and initialises the best available backend (`'wasm'`, else `'cpu'`), once.
 *
 * mirkit loads TensorFlow.js lazily, so that importing the package (for `mfcc`, `melSpectrogram`, the
 * classical classifiers, the CLI) never pays for it. `fit` of {@link MLPClassifier}, {@link CNNClassifier}
 * and {@link LSTMClassifier}, {@link setNeuralBackend}, {@link getNeuralBackend} and `fromJSONAsync` call this
 * themselves; call it yourself before restoring a neural model with the synchronous `fromJSON`.
 *
 * @example
 * ```ts
 * await loadNeuralBackend();
 * const model = fromJSON(savedJson); // a saved MLPClassifier, synchronously
 * ```
 *
 * @returns the backend now active
 * @throws MirkitError `UNSUPPORTED` when the TensorFlow.js packages cannot be loaded
 */
export async function loadNeuralBackend(): Promise<NeuralBackend> {
  return getNeuralBackend();
}

/**
 * True once TensorFlow.js is loaded (after {@link loadNeuralBackend}, a `fit`, ...), i.e. when neural
 * models can be restored with the synchronous `fromJSON`.
 */
export function isNeuralBackendLoaded(): boolean {
  return tfLoaded();
}

/**
 * Selects the TensorFlow.js backend used by {@link MLPClassifier}, {@link CNNClassifier} and
 * {@link LSTMClassifier}, loading TensorFlow.js first when needed. The choice lives in TensorFlow.js's
 * own backend registry (it is `tf.setBackend`), so it applies to every tfjs user in the process.
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
  const { tf } = await loadTensorflow();
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
 * The TensorFlow.js backend the neural models run on, loading TensorFlow.js and initialising the best
 * available backend (`'wasm'`, else `'cpu'`) when none is active yet.
 */
export async function getNeuralBackend(): Promise<NeuralBackend> {
  await ensureBackend();
  return tfSync().tf.getBackend() as NeuralBackend;
}

/** Loads TensorFlow.js and awaits its backend initialisation (wasm when it can, cpu otherwise). @internal */
export async function ensureBackend(): Promise<void> {
  const { tf } = await loadTensorflow();
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
 * call `await getNeuralBackend()` or `await setNeuralBackend('wasm')` first to run on wasm.
 * @throws MirkitError `NOT_READY` when TensorFlow.js is not loaded yet (see {@link loadNeuralBackend})
 * @internal
 */
export function ensureBackendSync(what?: string): void {
  const { tf } = tfSync(what);
  if (activeBackendName() !== undefined) return;
  void tf.setBackend('cpu');
  if (activeBackendName() === undefined) throw new MirkitError('UNSUPPORTED', 'no TensorFlow.js backend could be initialised; await getNeuralBackend() first');
}

function activeBackendName(): string | undefined {
  const name = (tfSync().tf.engine() as unknown as { backendName?: string | null }).backendName;
  return name == null ? undefined : name;
}
