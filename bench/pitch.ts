import { loadavg } from 'node:os';
import { yin } from '../src/features/pitch-yin.js';
import { pyin } from '../src/features/pitch-pyin.js';
import { chromaVqt, vqtMagnitude } from '../src/features/vqt.js';
import { measureRounds, type BenchRow, onEachFftBackend, runIfMain, benchClip, librosaMoreMs } from './util.js';

const SR = 22050;
const FMIN = 65.40639132514966; // note_to_hz('C2')
const FMAX = 2093.004522404789; // note_to_hz('C7')

/** The stages: name, librosa timing key, function. */
function stages(y: Float32Array, fft: 'auto' | 'js'): Array<[string, string, () => unknown]> {
  const quiet = { onWarning: () => {}, fft };
  const y10 = y.subarray(0, 10 * SR);
  return [
    ['yin (C2..C7)', 'yin', () => yin(y, { fmin: FMIN, fmax: FMAX, sr: SR, fft })],
    ['pyin (C2..C7, first 10 s)', 'pyin', () => pyin(y10, { fmin: FMIN, fmax: FMAX, sr: SR, fft })],
    ['vqt (84 bins, |V|)', 'vqt', () => vqtMagnitude(y, { sr: SR, ...quiet })],
    ['chromaVqt', 'feature.chroma_vqt', () => chromaVqt(y, { sr: SR, ...quiet })],
  ];
}

/** Runs the suite: one row per stage and FFT backend, medians in ms. */
export async function run(): Promise<BenchRow[]> {
  const y = benchClip((i, noise) => 0.3 * Math.sin((2 * Math.PI * 220 * i) / SR) + 0.05 * noise, 'a 220 Hz tone + noise').y;
  const rows: BenchRow[] = [];
  await onEachFftBackend(
    rows,
    async (label, fft) => {
      for (const [[stage, key], { medianMs, cpuMs }] of await measureRounds(stages(y, fft), { iterations: 2, time: 120 })) {
        rows.push({ stage: `${label}: ${stage}`, medianMs, cpuMs, librosaMs: librosaMoreMs(key), note: `load ${loadavg()[0].toFixed(1)}` });
      }
    },
    process.env.PITCH_BACKEND,
  );
  return rows;
}

runIfMain(import.meta.url, run);
