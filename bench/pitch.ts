/**
 * Pitch tracking and the variable-Q transform on the 30 s GTZAN fixture clip: yin (whole clip),
 * pyin (first 10 s, as librosa's timing), vqt (|V|, 84 bins) and chroma_vqt, with librosa 0.11's
 * median times from the fixture's `.more.timing.json` beside. Runs on the js FFT backend, then
 * (where it loads) on the PFFFT-wasm backend.
 * `npx tsx bench/pitch.ts` prints the table; `npm run bench pitch` includes it.
 */
import { existsSync, readFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { yin } from '../src/features/pitch-yin.js';
import { pyin } from '../src/features/pitch-pyin.js';
import { chromaVqt, vqtMagnitude } from '../src/features/vqt.js';
import { readWavFloat } from '../test/helpers/shared.js';
import { FIXTURES_DIR, HAVE_SHARED, measure, type BenchRow, onEachFftBackend, runIfMain } from './util.js';

const CLIP = 'gtzan-country-00000';
const SR = 22050;
const FMIN = 65.40639132514966; // note_to_hz('C2')
const FMAX = 2093.004522404789; // note_to_hz('C7')

/** librosa's median time of a stage in `<clip>.more.timing.json`, if present. */
function librosaMoreMs(stage: string, clip = CLIP): number | undefined {
  const path = join(FIXTURES_DIR, `${clip}.more.timing.json`);
  if (!existsSync(path)) return undefined;
  return JSON.parse(readFileSync(path, 'utf8')).stages?.[stage]?.median_ms;
}

/** The fixture clip, or 30 s of a seeded noisy harmonic tone where ../shared is absent. */
function clip(): Float32Array {
  if (HAVE_SHARED) return readWavFloat(join(FIXTURES_DIR, `${CLIP}.wav`)).y;
  const y = new Float32Array(663300);
  let s = 1;
  for (let i = 0; i < y.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    y[i] = 0.3 * Math.sin((2 * Math.PI * 220 * i) / SR) + 0.05 * (s / 2 ** 32 - 0.5);
  }
  return y;
}

/** The stages: name, librosa timing key, function. */
function stages(y: Float32Array): Array<[string, string, () => unknown]> {
  const quiet = { onWarning: () => {} };
  const y10 = y.subarray(0, 10 * SR);
  return [
    ['yin (C2..C7)', 'yin', () => yin(y, { fmin: FMIN, fmax: FMAX, sr: SR })],
    ['pyin (C2..C7, first 10 s)', 'pyin', () => pyin(y10, { fmin: FMIN, fmax: FMAX, sr: SR })],
    ['vqt (84 bins, |V|)', 'vqt', () => vqtMagnitude(y, { sr: SR, ...quiet })],
    ['chromaVqt', 'feature.chroma_vqt', () => chromaVqt(y, { sr: SR, ...quiet })],
  ];
}

/** Runs the suite: one row per stage and FFT backend, medians in ms. */
export async function run(): Promise<BenchRow[]> {
  const y = clip();
  const rows: BenchRow[] = [];
  await onEachFftBackend(
    rows,
    async (label) => {
      for (const [stage, key, fn] of stages(y)) {
        const { medianMs, cpuMs } = await measure(fn, { iterations: 5, time: 300 });
        rows.push({ stage: `${label}: ${stage}`, medianMs, cpuMs, librosaMs: librosaMoreMs(key), note: `load ${loadavg()[0].toFixed(1)}` });
      }
    },
    process.env.PITCH_BACKEND,
  );
  return rows;
}

runIfMain(import.meta.url, run);
