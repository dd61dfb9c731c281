/**
 * A trained network's weights as mirkit saves them in a model JSON: TensorFlow.js's weight specs
 * beside the weight bytes in base64, captured without a file system.
 * @internal
 * @packageDocumentation
 */
import type * as tfl from '@tensorflow/tfjs-layers';
import type * as tf from '@tensorflow/tfjs-core';
import { MirkitError } from '../../errors.js';
import { tfSync } from './tf.js';
import { bytesToBase64 } from './util.js';

/** One saved weight tensor's description (TensorFlow.js's `WeightsManifestEntry`, as mirkit stores it). */
export interface WeightSpec {
  /** Weight name, e.g. `dense_Dense1/kernel`. */
  name: string;
  /** Tensor shape. */
  shape: number[];
  /** Data type (`'float32'` for every mirkit model). */
  dtype: string;
}

/** Saved weights: tfjs weight specs and base64 weight bytes. */
export interface SavedWeights {
  /** tfjs `WeightsManifestEntry` list (name, shape, dtype), in model weight order. */
  weightSpecs: WeightSpec[];
  /** Base64 of the concatenated little-endian weight values. */
  weightData: string;
  /** The Keras-style topology tfjs wrote (informational; restore rebuilds from `params`). */
  modelTopology?: unknown;
}

/** Captures a model's weights with `tf.io.withSaveHandler` (no file system). @internal */
export async function saveWeights(model: tfl.LayersModel): Promise<SavedWeights> {
  const { tf } = tfSync();
  let captured: tf.io.ModelArtifacts | undefined;
  await model.save(
    tf.io.withSaveHandler(async (a) => {
      captured = a;
      return { modelArtifactsInfo: { dateSaved: new Date(), modelTopologyType: 'JSON' } };
    }),
  );
  if (!captured?.weightSpecs || !captured.weightData) throw new MirkitError('BAD_MODEL', 'tfjs did not return the model weights');
  const wd = captured.weightData;
  const buf = Array.isArray(wd) ? tf.io.concatenateArrayBuffers(wd) : wd;
  // tfjs hands out its live specs (each shape is the variable's own array): keep plain copies
  return { weightSpecs: plainCopy(captured.weightSpecs), weightData: bytesToBase64(new Uint8Array(buf)), modelTopology: plainCopy(captured.modelTopology) };
}

/** A plain JSON copy of `value` (undefined stays undefined), sharing nothing with it. @internal */
export function plainCopy<T>(value: T): T {
  return value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T);
}
