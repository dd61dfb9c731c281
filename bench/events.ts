/**
 * Onsets, tempograms, deltas and silence on the 30 s GTZAN fixture clip (663300 samples, 1296
 * frames): delta / stackMemory (on a precomputed mfcc / chroma_stft, as librosa's timings are),
 * onsetDetect (with and without backtracking), onsetBacktrack, tempogram, fourierTempogram
 * (magnitude, as librosa's timing includes np.abs), plp, trim and split, beside librosa 0.11's
 * median times from `<clip>.more.timing.json`. Stages marked "(onsetEnvelope given)" time
 * everything after the onset envelope (no librosa time). Runs on the js FFT backend, then on
 * PFFFT-wasm where it loads. `npx tsx bench/events.ts` prints the table; `npm run bench events`
 * includes it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { mfcc } from '../src/features/mel.js';
import { chromaStft } from '../src/features/chroma.js';
import { onsetStrength } from '../src/features/onset.js';
import { delta } from '../src/features/delta.js';
import { stackMemory } from '../src/features/stack-memory.js';
import { onsetBacktrack, onsetDetect } from '../src/features/onset-detect.js';
import { fourierTempogramMagnitude, tempogram } from '../src/features/tempogram.js';
import { plp } from '../src/features/plp.js';
import { split, trim } from '../src/features/trim.js';
import { readWavFloat } from '../test/helpers/shared.js';
import { FIXTURES_DIR, HAVE_SHARED, measure, type BenchRow, onEachFftBackend, runIfMain } from './util.js';

const CLIP = 'gtzan-country-00000';

/** librosa's median time of a stage in `<clip>.more.timing.json`, if present. */
function librosaMoreMs(stage: string, clip = CLIP): number | undefined {
  const path = join(FIXTURES_DIR, `${clip}.more.timing.json`);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')).stages?.[stage]?.median_ms;
}

/** The fixture clip, or 30 s of seeded noise with clicks where ../shared is absent. */
function clip(): { y: Float32Array; source: string } {
  if (HAVE_SHARED) return { y: readWavFloat(join(FIXTURES_DIR, `${CLIP}.wav`)).y, source: CLIP };
  const y = new Float32Array(663300);
  let s = 1;
  for (let i = 0; i < y.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    y[i] = 0.1 * (s / 2 ** 32 - 0.5) + (i % 11025 < 200 ? 0.5 * Math.sin(i) : 0);
  }
  return { y, source: 'noise + clicks (no ../shared)' };
}

/** Runs the suite: one row per stage and FFT backend, medians in ms. */
export async function run(): Promise<BenchRow[]> {
  const { y, source } = clip();
  const rows: BenchRow[] = [];
  const M = mfcc(y, { sr: 22050 });
  const C = chromaStft(y, { sr: 22050 });
  await onEachFftBackend(rows, async (label) => {
    const env = onsetStrength(y, { sr: 22050 });
    const envMedian = onsetStrength(y, { sr: 22050, aggregate: 'median' });
    const onsets = onsetDetect(null, { onsetEnvelope: env });
    let lo = Infinity,
      hi = -Infinity;
    for (const v of env) {
      lo = Math.min(lo, v);
      hi = Math.max(hi, v);
    }
    const norm = Float32Array.from(env, (v) => (v - lo) / hi);
    const stages: Array<[string, string | undefined, () => unknown, string]> = [
      ['delta (order 1)', 'feature.delta.order1', () => delta(M), 'on a 20 x 1296 mfcc'],
      ['delta (order 2)', 'feature.delta.order2', () => delta(M, { order: 2 }), 'on a 20 x 1296 mfcc'],
      ['stackMemory', 'feature.stack_memory', () => stackMemory(C), 'on a 12 x 1296 chroma'],
      ['onsetDetect', 'onset.onset_detect', () => onsetDetect(y), 'onset strength + peak pick'],
      ['onsetDetect (backtrack)', 'onset.onset_detect.backtrack', () => onsetDetect(y, { backtrack: true }), 'onset strength + peak pick + backtrack'],
      ['onsetDetect (onsetEnvelope given)', undefined, () => onsetDetect(null, { onsetEnvelope: env }), 'peak pick only'],
      ['onsetBacktrack', 'onset.onset_backtrack', () => onsetBacktrack(onsets, norm), 'on precomputed onsets'],
      ['tempogram', 'feature.tempogram', () => tempogram(y), 'onset strength + 384-lag autocorrelations'],
      ['tempogram (onsetEnvelope given)', undefined, () => tempogram(null, { onsetEnvelope: env }), 'autocorrelations only'],
      ['fourierTempogram |.|', 'feature.fourier_tempogram', () => fourierTempogramMagnitude(y), 'onset strength + sliding DFT + abs'],
      ['fourierTempogram |.| (onsetEnvelope given)', undefined, () => fourierTempogramMagnitude(null, { onsetEnvelope: env }), 'sliding DFT + abs only'],
      ['plp', 'beat.plp', () => plp(y), 'onset strength (median) + Fourier tempogram + pulse'],
      ['plp (onsetEnvelope given)', undefined, () => plp(null, { onsetEnvelope: envMedian }), 'Fourier tempogram + pulse only'],
      ['trim', 'effects.trim', () => trim(y, { topDb: 60 }), 'rms + dB threshold'],
      ['split', 'effects.split', () => split(y, { topDb: 60 }), 'rms + dB threshold'],
    ];
    for (const [stage, key, fn, what] of stages) {
      const { medianMs, cpuMs } = await measure(fn, { iterations: 10, time: 200 });
      rows.push({ stage: `${label}: ${stage}`, medianMs, cpuMs, librosaMs: key ? librosaMoreMs(key) : undefined, note: `30 s ${source}; ${what}` });
    }
  });
  return rows;
}

runIfMain(import.meta.url, run);
