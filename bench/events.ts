import { mfcc } from '../src/features/mel.js';
import { chromaStft } from '../src/features/chroma.js';
import { onsetStrength } from '../src/features/onset.js';
import { delta } from '../src/features/delta.js';
import { stackMemory } from '../src/features/stack-memory.js';
import { onsetBacktrack, onsetDetect } from '../src/features/onset-detect.js';
import { tempogram } from '../src/features/tempogram.js';
import { fourierTempogramMagnitude } from '../src/features/fourier-tempogram.js';
import { plp } from '../src/features/plp.js';
import { split, trim } from '../src/features/trim.js';
import { measureRounds, type BenchRow, onEachFftBackend, runIfMain, benchClip, librosaMoreMs } from './util.js';

/** Runs the suite: one row per stage and FFT backend, medians in ms. */
export async function run(): Promise<BenchRow[]> {
  const { y, source } = benchClip((i, noise) => 0.1 * noise + (i % 11025 < 200 ? 0.5 * Math.sin(i) : 0), 'noise + clicks');
  const rows: BenchRow[] = [];
  const M = mfcc(y, { sr: 22050 });
  const C = chromaStft(y, { sr: 22050 });
  await onEachFftBackend(rows, async (label, fft) => {
    const env = onsetStrength(y, { sr: 22050, fft });
    const envMedian = onsetStrength(y, { sr: 22050, aggregate: 'median', fft });
    const onsets = onsetDetect(null, { onsetEnvelope: env, fft });
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
      ['onsetDetect', 'onset.onset_detect', () => onsetDetect(y, { fft }), 'onset strength + peak pick'],
      ['onsetDetect (backtrack)', 'onset.onset_detect.backtrack', () => onsetDetect(y, { backtrack: true, fft }), 'onset strength + peak pick + backtrack'],
      ['onsetDetect (onsetEnvelope given)', undefined, () => onsetDetect(null, { onsetEnvelope: env, fft }), 'peak pick only'],
      ['onsetBacktrack', 'onset.onset_backtrack', () => onsetBacktrack(onsets, norm), 'on precomputed onsets'],
      ['tempogram', 'feature.tempogram', () => tempogram(y, { fft }), 'onset strength + 384-lag autocorrelations'],
      ['tempogram (onsetEnvelope given)', undefined, () => tempogram(null, { onsetEnvelope: env, fft }), 'autocorrelations only'],
      ['fourierTempogram |.|', 'feature.fourier_tempogram', () => fourierTempogramMagnitude(y, { fft }), 'onset strength + sliding DFT + abs'],
      ['fourierTempogram |.| (onsetEnvelope given)', undefined, () => fourierTempogramMagnitude(null, { onsetEnvelope: env, fft }), 'sliding DFT + abs only'],
      ['plp', 'beat.plp', () => plp(y, { fft }), 'onset strength (median) + Fourier tempogram + pulse'],
      ['plp (onsetEnvelope given)', undefined, () => plp(null, { onsetEnvelope: envMedian, fft }), 'Fourier tempogram + pulse only'],
      ['trim', 'effects.trim', () => trim(y, { topDb: 60 }), 'rms + dB threshold'],
      ['split', 'effects.split', () => split(y, { topDb: 60 }), 'rms + dB threshold'],
    ];
    for (const [[stage, key, , what], { medianMs, cpuMs }] of await measureRounds(stages, { iterations: 4, time: 100 })) {
      rows.push({ stage: `${label}: ${stage}`, medianMs, cpuMs, librosaMs: key ? librosaMoreMs(key) : undefined, note: `30 s ${source}; ${what}` });
    }
  });
  return rows;
}

runIfMain(import.meta.url, run);
