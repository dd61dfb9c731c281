/**
 * Harmony features on the 30 s GTZAN fixture clip (663300 samples, 1296 frames): tuning
 * estimation, chroma_stft, the 252-bin CQT of chroma_cqt, chroma_cqt, chroma_cens and tonnetz,
 * with librosa 0.11's median times from the fixture timing file beside (librosa's chroma_cqt,
 * chroma_cens and tonnetz each include their own tuning estimate and CQT, as here).
 * Runs on the default js FFT backend, then (where it loads) again on the PFFFT-wasm backend.
 * `npx tsx bench/harmony.ts` prints the table; `npm run bench harmony` includes it.
 */
import { loadavg } from 'node:os';
import { estimateTuning } from '../src/features/tuning.js';
import { cqtMagnitude } from '../src/features/cqt.js';
import { chromaCens, chromaCqt, chromaStft } from '../src/features/chroma.js';
import { tonnetz } from '../src/features/tonnetz.js';
import { librosaMs, measureRounds, type BenchRow, onEachFftBackend, runIfMain, benchClip } from './util.js';

const SR = 22050;

/** The stages: name, librosa timing key (if librosa's timing file has one), function. */
function stages(y: Float32Array, fft: 'auto' | 'js'): Array<[string, string | undefined, () => unknown]> {
  const quiet = { onWarning: () => {}, fft };
  const tuning36 = estimateTuning(y, { sr: SR, binsPerOctave: 36, fft });
  return [
    ['estimateTuning (bpo 36)', undefined, () => estimateTuning(y, { sr: SR, binsPerOctave: 36, fft })],
    ['chromaStft', 'chroma_stft', () => chromaStft(y, { sr: SR, fft })],
    ['cqt (252 bins, 36/oct, |C|)', undefined, () => cqtMagnitude(y, { sr: SR, nBins: 252, binsPerOctave: 36, tuning: tuning36, ...quiet })],
    ['chromaCqt', 'chroma_cqt', () => chromaCqt(y, { sr: SR, ...quiet })],
    ['chromaCens', 'chroma_cens', () => chromaCens(y, { sr: SR, ...quiet })],
    ['tonnetz', 'tonnetz', () => tonnetz(y, { sr: SR, ...quiet })],
  ];
}

/** Runs the suite: one row per stage and FFT backend, medians in ms. */
export async function run(): Promise<BenchRow[]> {
  const y = benchClip().y;
  const only = process.env.HARMONY_BACKEND; // 'auto' or 'js' to run one FFT option only
  const rows: BenchRow[] = [];
  await onEachFftBackend(
    rows,
    async (label, fft) => {
      for (const [[stage, key], { medianMs, cpuMs }] of await measureRounds(stages(y, fft), { iterations: 4, time: 200 })) {
        rows.push({ stage: `${label}: ${stage}`, medianMs, cpuMs, librosaMs: key ? librosaMs(key) : undefined, note: `load ${loadavg()[0].toFixed(1)}` });
      }
    },
    only,
  );
  return rows;
}

runIfMain(import.meta.url, run);
