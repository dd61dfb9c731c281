/**
 * Runs a loaded musicnn model over log-mel patches in batches and gathers one row per patch.
 * @internal
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { allFinite } from '../validate.js';
import { ensureBackend } from '../classifiers/neural/backend.js';
import { tfSync } from '../classifiers/neural/tf.js';
import { PATCH_FRAMES, MUSICNN_MELS, type MusicnnPatches } from './frontend.js';
import { LayerBuilder, type Tensor } from './layers.js';
import { musicnnForward } from './musicnn.js';
import { vggForward } from './vgg.js';
import type { MusicnnLayer } from './models.js';
import type { MusicnnModel } from './model.js';

/** What a pass returns per patch: the logits, or one embedding layer. */
export type MusicnnOutput = 'logits' | MusicnnLayer;

/** Width of each output per patch. */
export function outputWidth(output: MusicnnOutput): number {
  switch (output) {
    case 'logits':
      return 50;
    case 'penultimate':
      return 200;
    case 'pool5':
      return 256;
    default:
      return 753;
  }
}

/**
 * The requested outputs for every patch, each `patches.count x outputWidth(output)` row-major
 * float32, from one pass. Patches go through the network `batchSize` at a time (bounding memory on
 * long tracks).
 * @throws MirkitError `BAD_MODEL` where an output is NaN or infinite (finite weights too large for
 *   float32; the log-mel patches are finite and bounded)
 */
export async function runPatches(model: MusicnnModel, patches: MusicnnPatches, outputs: readonly MusicnnOutput[], batchSize = 8): Promise<Float32Array[]> {
  await ensureBackend();
  const { tf } = tfSync('musicnn');
  const out = outputs.map((o) => new Float32Array(patches.count * outputWidth(o)));
  const L = new LayerBuilder(tf, model.weights);
  const per = PATCH_FRAMES * MUSICNN_MELS;
  for (let p0 = 0; p0 < patches.count; p0 += batchSize) {
    const n = Math.min(batchSize, patches.count - p0);
    const results = tf.tidy(() => {
      const x = tf.tensor4d(patches.data.subarray(p0 * per, (p0 + n) * per), [n, PATCH_FRAMES, MUSICNN_MELS, 1]);
      if (model.architecture === 'vgg') {
        const o = vggForward(L, x);
        return outputs.map((w) => (w === 'pool5' ? o.pool5 : o.logits));
      }
      const o = musicnnForward(L, x);
      const pick = (w: MusicnnOutput): Tensor =>
        w === 'penultimate' ? o.penultimate : w === 'max_pool' ? o.maxPool : w === 'mean_pool' ? o.meanPool : o.logits;
      return outputs.map(pick);
    });
    for (let i = 0; i < results.length; i++) {
      const values = (await results[i].data()) as Float32Array;
      out[i].set(values, p0 * outputWidth(outputs[i]));
    }
    for (const r of results) r.dispose();
  }
  outputs.forEach((o, i) => {
    if (!allFinite(out[i])) throw new MirkitError('BAD_MODEL', `${model.name} gave non-finite values at its ${o} output: check its weights`);
  });
  return out;
}
