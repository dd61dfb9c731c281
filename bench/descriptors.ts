import { spectralFlatness } from '../src/features/flatness.js';
import { spectralContrast } from '../src/features/contrast.js';
import { polyFeatures } from '../src/features/poly.js';
import { spectralSlope } from '../src/features/slope.js';
import { spectralSpread } from '../src/features/spread.js';
import { spectralSkewness } from '../src/features/skewness.js';
import { spectralKurtosis } from '../src/features/kurtosis.js';
import { spectralCrest } from '../src/features/crest.js';
import { spectralFlux } from '../src/features/flux.js';
import { loudness } from '../src/features/loudness.js';
import { perceptualSpread } from '../src/features/perceptual-spread.js';
import { perceptualSharpness } from '../src/features/perceptual-sharpness.js';
import { meydaTimes } from './meyda.js';
import { measure, type BenchRow, onEachFftBackend, runIfMain, benchClip, librosaMoreMs } from './util.js';

/** Stage name, librosa timing key, Meyda feature name, function. */
function stages(y: Float32Array, fft: 'auto' | 'js'): Array<[string, string | undefined, string | undefined, () => unknown]> {
  return [
    ['spectralFlatness', 'feature.spectral_flatness', 'spectralFlatness', () => spectralFlatness(y, { fft })],
    ['spectralContrast', 'feature.spectral_contrast', undefined, () => spectralContrast(y, { fft })],
    ['polyFeatures order 1', 'feature.poly_features.order1', undefined, () => polyFeatures(y, { order: 1, fft })],
    ['polyFeatures order 2', 'feature.poly_features.order2', undefined, () => polyFeatures(y, { order: 2, fft })],
    ['spectralSlope', undefined, 'spectralSlope', () => spectralSlope(y, { fft })],
    ['spectralSpread', undefined, 'spectralSpread', () => spectralSpread(y, { fft })],
    ['spectralSkewness', undefined, 'spectralSkewness', () => spectralSkewness(y, { fft })],
    ['spectralKurtosis', undefined, 'spectralKurtosis', () => spectralKurtosis(y, { fft })],
    ['spectralCrest', undefined, 'spectralCrest', () => spectralCrest(y, { fft })],
    ['spectralFlux', undefined, undefined, () => spectralFlux(y, { fft })], // Meyda's throws
    ['loudness', undefined, 'loudness', () => loudness(y, { fft })],
    ['perceptualSpread', undefined, 'perceptualSpread', () => perceptualSpread(y, { fft })],
    ['perceptualSharpness', undefined, 'perceptualSharpness', () => perceptualSharpness(y, { fft })],
  ];
}

/** Runs the suite: one row per descriptor and FFT backend, medians in ms. */
export async function run(): Promise<BenchRow[]> {
  const { y, source } = benchClip();
  const frames = 1 + Math.floor(y.length / 512);
  const rows: BenchRow[] = [];
  const meydaNames = stages(y, 'auto')
    .map((s) => s[2])
    .filter((m): m is string => m !== undefined);
  const meyda = await meydaTimes(y, 22050, meydaNames);
  const fps = (ms: number): string => `${Math.round((frames * 1000) / ms)}`;
  await onEachFftBackend(rows, async (label, fft) => {
    for (const [stage, key, meydaName, fn] of stages(y, fft)) {
      const { medianMs, cpuMs } = await measure(fn, { iterations: 15, time: 400 });
      const m = meydaName ? meyda?.[meydaName] : undefined;
      // frames per second from CPU time (steadier than wall time on a shared machine)
      const note =
        `30 s ${source}; cpu: ${fps(cpuMs)} frames/s` + (m !== undefined ? ` vs Meyda ${fps(m.cpuMs)} frames/s (${(m.cpuMs / cpuMs).toFixed(1)}x)` : '');
      rows.push({ stage: `${label}: ${stage}`, medianMs, cpuMs, librosaMs: key ? librosaMoreMs(key) : undefined, meydaMs: m?.medianMs, note });
    }
  });
  return rows;
}

runIfMain(import.meta.url, run);
