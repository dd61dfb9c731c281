/**
 * Rhythm and separation on the 30 s GTZAN fixture clip (663300 samples, 1296 frames):
 * onsetStrength, tempo, beatTrack (also from a precomputed onset envelope, to show the part after
 * the onset), hpss (on |stft|) and hpssAudio, beside librosa 0.11's median
 * times from the fixture timing file (`onset_strength`, `tempo`, `beat_track`, and `hpss`, which
 * is librosa's effects.hpss: compare it with hpssAudio; decompose.hpss alone has no librosa time).
 * Every stage starts from the signal, as librosa's timings do (hpss starts from |stft|, timed
 * apart). Runs on the default js FFT backend, then (where it loads) on the PFFFT-wasm backend.
 * `npx tsx bench/rhythm.ts` prints the table; `npm run bench rhythm` includes it.
 */
import { join } from 'node:path';
import { spectrogram } from '../src/dsp/stft.js';
import { onsetStrength } from '../src/features/onset.js';
import { tempo } from '../src/features/tempo.js';
import { beatTrack } from '../src/features/beat.js';
import { hpss, hpssAudio } from '../src/features/hpss.js';
import { readWavFloat } from '../test/helpers/shared.js';
import { FIXTURES_DIR, HAVE_SHARED, librosaMs, measure, type BenchRow, onEachFftBackend, runIfMain } from './util.js';

const CLIP = 'gtzan-country-00000';

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
  const S = spectrogram(y);
  await onEachFftBackend(rows, async (label, fft) => {
    // the envelopes each stage would compute, for the rows that time everything after the onset
    const envMean = onsetStrength(y, { sr: 22050, fft });
    const envMedian = onsetStrength(y, { sr: 22050, aggregate: 'median', fft });
    const stages: Array<[string, string | undefined, () => unknown, number, string]> = [
      ['onsetStrength', 'onset_strength', () => onsetStrength(y, { sr: 22050, fft }), 15, 'mel + dB + flux'],
      ['tempo', 'tempo', () => tempo(y, { sr: 22050, fft }), 15, 'onset + tempogram (8 s)'],
      ['tempo (onsetEnvelope given)', undefined, () => tempo(null, { onsetEnvelope: envMean, sr: 22050, fft }), 30, 'tempogram mean + prior only'],
      ['beatTrack', 'beat_track', () => beatTrack(y, { sr: 22050, fft }), 15, 'onset (median) + tempo + DP'],
      ['beatTrack (onsetEnvelope given)', undefined, () => beatTrack(null, { onsetEnvelope: envMedian, sr: 22050, fft }), 30, 'tempo + DP only'],
      ['hpss (|stft| given)', undefined, () => hpss(S), 5, 'decompose.hpss: 2 median filters 31 + masks'],
      ['hpssAudio', 'hpss', () => hpssAudio(y, { sr: 22050, fft }), 5, 'librosa: effects.hpss (stft + hpss + 2 istft)'],
    ];
    for (const [stage, key, fn, iterations, what] of stages) {
      const { medianMs, cpuMs } = await measure(fn, { iterations, time: 300 });
      rows.push({ stage: `${label}: ${stage}`, medianMs, cpuMs, librosaMs: key ? librosaMs(key, CLIP) : undefined, note: `30 s ${source}; ${what}` });
    }
  });
  return rows;
}

runIfMain(import.meta.url, run);
