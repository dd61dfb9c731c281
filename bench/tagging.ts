/**
 * Pretrained tagging: `tag()` of a 30 s clip (gtzan-country-00000, 22.05 kHz wav; 10 patches) per
 * musicnn model, weights loaded once beforehand (`loadMusicnnModel`), on TensorFlow.js's wasm
 * backend. The reference is the float64 NumPy forward pass of the Keras models (about 1 s per model
 * on this machine class, issue 18; not timed per clip). The goal is at most 500 ms per model.
 * `npx tsx bench/tagging.ts` prints the table; `npm run bench -- tagging` includes it.
 * Where ../shared is absent a synthetic 30 s signal is tagged instead.
 */
import { join } from 'node:path';
import { loadMusicnnModel, musicnnPatches, tag, MUSICNN_MODELS } from '../src/tagging/index.js';
import { readWavFloat } from '../test/helpers/shared.js';
import { FIXTURES_DIR, HAVE_SHARED, measure, runIfMain, type BenchRow } from './util.js';
import { loadavg } from 'node:os';

/** 30 s of a seeded chord plus noise at 22050 Hz. */
function synthetic(): { y: Float32Array; sr: number } {
  const sr = 22050;
  const y = new Float32Array(30 * sr);
  let s = 11;
  for (let i = 0; i < y.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    y[i] = 0.2 * Math.sin((2 * Math.PI * 220 * i) / sr) + 0.1 * Math.sin((2 * Math.PI * 330 * i) / sr) + 0.05 * (s / 2 ** 32 - 0.5);
  }
  return { y, sr };
}

/** Runs the suite: the front end alone, then one row per model. */
export async function run(): Promise<BenchRow[]> {
  const input = HAVE_SHARED ? readWavFloat(join(FIXTURES_DIR, 'gtzan-country-00000.wav')) : synthetic();
  const clip = HAVE_SHARED ? 'gtzan-country-00000 (30 s)' : 'synthetic 30 s';
  const rows: BenchRow[] = [];
  const y16 = (await import('../src/audio/resample.js')).resample(input.y, input.sr, 16000);
  const fe = await measure(() => musicnnPatches(y16), { iterations: 5, time: 0, cpuRuns: 3 });
  rows.push({ stage: 'musicnn front end (log-mel patches, 16 kHz)', ...fe, note: clip });
  await tag(input, { model: await loadMusicnnModel('MSD_vgg') }); // loads TensorFlow.js and its wasm backend once
  for (const name of MUSICNN_MODELS) {
    const model = await loadMusicnnModel(name);
    // seconds per call: two timed calls (the faster one), wall and process CPU
    const runs: Array<{ wall: number; cpu: number }> = [];
    for (let i = 0; i < 2; i++) {
      const c = process.cpuUsage();
      const t = performance.now();
      await tag(input, { model });
      const d = process.cpuUsage(c);
      runs.push({ wall: performance.now() - t, cpu: (d.user + d.system) / 1000 });
    }
    const medianMs = Math.min(...runs.map((r) => r.wall));
    const cpuMs = Math.min(...runs.map((r) => r.cpu));
    rows.push({
      stage: `tag ${name}`,
      medianMs,
      cpuMs,
      referenceMs: 1000,
      note: `${clip}, resample + front end + network (tfjs wasm), best of 2; load ${loadavg()[0].toFixed(1)}; reference: NumPy float64 pass, ~1 s`,
    });
  }
  return rows;
}

runIfMain(import.meta.url, run);
