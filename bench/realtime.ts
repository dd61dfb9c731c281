import { createAnalyzer, type AnalyzerFeature } from '../src/realtime/index.js';
import { melSpectrogram, mfcc } from '../src/features/mel.js';
import { chromaStft } from '../src/features/chroma.js';
import { spectralBandwidth, spectralCentroid, spectralRolloff } from '../src/features/spectral.js';
import { spectralFlatness } from '../src/features/flatness.js';
import { spectralContrast } from '../src/features/contrast.js';
import { rms } from '../src/features/rms.js';
import { zeroCrossingRate } from '../src/features/zcr.js';
import { onsetStrength } from '../src/features/onset.js';
import { spectralSlope } from '../src/features/slope.js';
import { spectralSpread } from '../src/features/spread.js';
import { spectralSkewness } from '../src/features/skewness.js';
import { spectralKurtosis } from '../src/features/kurtosis.js';
import { spectralCrest } from '../src/features/crest.js';
import { loudness } from '../src/features/loudness.js';
import { perceptualSpread } from '../src/features/perceptual-spread.js';
import { perceptualSharpness } from '../src/features/perceptual-sharpness.js';
import { loadMeyda } from './meyda.js';
import { measure, runIfMain, type BenchRow, benchClip } from './util.js';

const SR = 22050;
const CHUNK = 512;

/** The offline call of each analyzer feature (defaults, fft 'auto'). */
const OFFLINE: Partial<Record<AnalyzerFeature, (y: Float32Array) => unknown>> = {
  melSpectrogram: (y) => melSpectrogram(y, { sr: SR }),
  mfcc: (y) => mfcc(y, { sr: SR }),
  chromaStft: (y) => chromaStft(y, { sr: SR, tuning: 0 }),
  spectralCentroid: (y) => spectralCentroid(y, { sr: SR }),
  spectralBandwidth: (y) => spectralBandwidth(y, { sr: SR }),
  spectralRolloff: (y) => spectralRolloff(y, { sr: SR }),
  spectralFlatness: (y) => spectralFlatness(y, { sr: SR }),
  spectralContrast: (y) => spectralContrast(y, { sr: SR }),
  rms: (y) => rms(y),
  zeroCrossingRate: (y) => zeroCrossingRate(y),
  onsetStrength: (y) => onsetStrength(y, { sr: SR }),
  spectralSlope: (y) => spectralSlope(y, { sr: SR }),
  spectralSpread: (y) => spectralSpread(y, { sr: SR }),
  spectralSkewness: (y) => spectralSkewness(y, { sr: SR }),
  spectralKurtosis: (y) => spectralKurtosis(y, { sr: SR }),
  spectralCrest: (y) => spectralCrest(y, { sr: SR }),
  loudness: (y) => loudness(y, { sr: SR }),
  perceptualSpread: (y) => perceptualSpread(y, { sr: SR }),
  perceptualSharpness: (y) => perceptualSharpness(y, { sr: SR }),
};

/** Meyda's name of each feature it has. */
const MEYDA: Partial<Record<AnalyzerFeature, string>> = {
  mfcc: 'mfcc',
  chromaStft: 'chroma',
  spectralCentroid: 'spectralCentroid',
  spectralRolloff: 'spectralRolloff',
  spectralFlatness: 'spectralFlatness',
  rms: 'rms',
  zeroCrossingRate: 'zcr',
  spectralSlope: 'spectralSlope',
  spectralSpread: 'spectralSpread',
  spectralSkewness: 'spectralSkewness',
  spectralKurtosis: 'spectralKurtosis',
  spectralCrest: 'spectralCrest',
  loudness: 'loudness',
  perceptualSpread: 'perceptualSpread',
  perceptualSharpness: 'perceptualSharpness',
};

/** The sets compared: the 11 features (offline bar) and every feature Meyda also has (Meyda bar). */
const SETS: Array<[string, AnalyzerFeature[]]> = [
  [
    'librosa set (11 features)',
    [
      'melSpectrogram',
      'mfcc',
      'chromaStft',
      'spectralCentroid',
      'spectralBandwidth',
      'spectralRolloff',
      'spectralFlatness',
      'spectralContrast',
      'rms',
      'zeroCrossingRate',
      'onsetStrength',
    ],
  ],
  ['Meyda set (15 features)', Object.keys(MEYDA) as AnalyzerFeature[]],
  ['mfcc only', ['mfcc']],
  ['chromaStft only', ['chromaStft']],
  ['spectralCentroid only', ['spectralCentroid']],
  ['loudness only', ['loudness']],
];

/** Streams `y` in `CHUNK`-sample chunks through a fresh analyzer; returns the frame count. */
function streamAll(y: Float32Array, features: AnalyzerFeature[]): number {
  const a = createAnalyzer({ sr: SR, features });
  let n = 0;
  for (let i = 0; i < y.length; i += CHUNK) n += a.push(y.subarray(i, i + CHUNK)).length;
  return n + a.flush().length;
}

/** CPU ms of one call of `f`. */
function cpuOf(f: () => unknown): number {
  const c = process.cpuUsage();
  f();
  const d = process.cpuUsage(c);
  return (d.user + d.system) / 1000;
}

/** The lowest CPU time of `a` (3 calls per round) and of `b` (1 call per round) over `rounds` interleaved rounds. */
function lowestCpu(a: () => unknown, b: () => unknown, rounds: number): { a: number; b: number } {
  let ma = Infinity;
  let mb = Infinity;
  for (let r = 0; r < rounds; r++) {
    for (let i = 0; i < 3; i++) ma = Math.min(ma, cpuOf(a));
    mb = Math.min(mb, cpuOf(b));
  }
  return { a: ma, b: mb };
}

/** Runs the suite. */
export async function run(): Promise<BenchRow[]> {
  const { y, source } = benchClip();
  const frames = 1 + Math.floor(y.length / 512);
  const fps = (ms: number): number => Math.round((frames * 1000) / ms);
  const M = await loadMeyda();
  let meydaFrames: Float32Array[] = [];
  if (M) {
    M.bufferSize = 2048;
    M.sampleRate = SR;
    M.numberOfMFCCCoefficients = 20;
    const padded = new Float32Array(y.length + 2048);
    padded.set(y, 1024);
    meydaFrames = Array.from({ length: frames }, (_, t) => padded.slice(t * 512, t * 512 + 2048));
  }
  const rows: BenchRow[] = [];
  for (const [label, features] of SETS) {
    const live = await measure(() => streamAll(y, features), { iterations: 5, time: 300 });
    const offline = await measure(() => features.forEach((f) => OFFLINE[f]!(y)), { iterations: 5, time: 300 });
    const meydaNames = features.map((f) => MEYDA[f]).filter((m): m is string => m !== undefined);
    const meyda =
      M && meydaNames.length === features.length
        ? await measure(() => meydaFrames.forEach((fr) => M.extract(meydaNames, fr)), { iterations: 3, time: 300, cpuRuns: 3 })
        : undefined;
    // the Meyda ratio from interleaved runs, the lowest CPU time of each side: load on a shared machine
    // only ever adds time, so the minima are the steadiest estimate of each side's own cost
    const paired = meyda
      ? lowestCpu(
          () => streamAll(y, features),
          () => meydaFrames.forEach((fr) => M!.extract(meydaNames, fr)),
          5,
        )
      : undefined;
    const note =
      `30 s ${source}, ${CHUNK}-sample chunks; analyzer ${fps(live.cpuMs)} frames/s (cpu), ${(live.cpuMs / offline.cpuMs).toFixed(2)}x the offline calls' cpu` +
      (meyda ? `; Meyda ${fps(meyda.cpuMs)} frames/s: analyzer ${(meyda.cpuMs / live.cpuMs).toFixed(1)}x faster` : '') +
      (paired ? ` (interleaved, lowest cpu: ${paired.a.toFixed(1)} vs ${paired.b.toFixed(1)} ms, ${(paired.b / paired.a).toFixed(1)}x)` : '');
    rows.push({ stage: `analyzer: ${label}`, medianMs: live.medianMs, cpuMs: live.cpuMs, referenceMs: offline.medianMs, meydaMs: meyda?.medianMs, note });
    rows.push({
      stage: `offline calls: ${label}`,
      medianMs: offline.medianMs,
      cpuMs: offline.cpuMs,
      note: `${features.length} calls on the whole clip, ${fps(offline.cpuMs)} frames/s (cpu)`,
    });
  }
  return rows;
}

runIfMain(import.meta.url, run);
