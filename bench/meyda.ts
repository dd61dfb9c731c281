/**
 * Meyda (https://meyda.js.org, dev dependency) on the same frames as mirkit's STFT stages: the
 * 30 s clip zero-padded by 1024 each side (librosa's centring), 1296 frames of 2048 samples,
 * hop 512, Meyda's default hanning window and 26 mel bands, 20 MFCC. `Meyda.extract` per frame
 * is the whole of Meyda's offline API, so these times are what a Meyda user pays per clip.
 * Meyda has no CQT/chroma-CQT, tonnetz, onset strength, tempo, beat tracking or HPSS.
 */
import { cpuMedianMs, medianOf } from './util.js';

interface MeydaLike {
  bufferSize: number;
  sampleRate: number;
  numberOfMFCCCoefficients: number;
  melBands: number;
  extract(feature: string | string[], signal: Float32Array): unknown;
}

const N_FFT = 2048;
const HOP = 512;

/** Meyda's module, or `undefined` where it is not installed. */
export async function loadMeyda(): Promise<MeydaLike | undefined> {
  try {
    const mod = (await import('meyda')) as unknown as { default?: MeydaLike } & MeydaLike;
    const M = (mod.default ?? mod) as MeydaLike;
    return typeof M.extract === 'function' ? M : undefined;
  } catch {
    return undefined;
  }
}

/** The centred frames of `y` (zero padding, as librosa 0.11), copied once so that timing covers Meyda only. */
function frames(y: Float32Array): Float32Array[] {
  const padded = new Float32Array(y.length + N_FFT);
  padded.set(y, N_FFT / 2);
  const n = 1 + Math.floor(y.length / HOP);
  return Array.from({ length: n }, (_, t) => padded.slice(t * HOP, t * HOP + N_FFT));
}

/** Median wall and CPU ms of Meyda computing `feature` on every frame of `y` (sample rate `sr`). */
export async function meydaTimes(
  y: Float32Array,
  sr: number,
  features: string[] = ['mfcc', 'powerSpectrum'],
): Promise<Record<string, { medianMs: number; cpuMs: number }> | undefined> {
  const M = await loadMeyda();
  if (!M) return undefined;
  M.bufferSize = N_FFT;
  M.sampleRate = sr;
  M.numberOfMFCCCoefficients = 20;
  const fr = frames(y);
  const out: Record<string, { medianMs: number; cpuMs: number }> = {};
  for (const feature of features) {
    const fn = (): void => {
      for (const f of fr) M.extract(feature, f);
    };
    const medianMs = await medianOf(fn, { iterations: 5, time: 300 });
    out[feature] = { medianMs, cpuMs: cpuMedianMs(fn, 3) };
  }
  return out;
}
