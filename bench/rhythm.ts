import { spectrogram } from '../src/dsp/stft.js';
import { onsetStrength } from '../src/features/onset.js';
import { tempo } from '../src/features/tempo.js';
import { beatTrack } from '../src/features/beat.js';
import { hpss, hpssAudio } from '../src/features/hpss.js';
import { librosaMs, measureRounds, type BenchRow, onEachFftBackend, runIfMain, benchClip } from './util.js';

/** Runs the suite: one row per stage and FFT backend, medians in ms. */
export async function run(): Promise<BenchRow[]> {
  const { y, source } = benchClip((i, noise) => 0.1 * noise + (i % 11025 < 200 ? 0.5 * Math.sin(i) : 0), 'noise + clicks');
  const rows: BenchRow[] = [];
  const S = spectrogram(y);
  type Stage = [string, string | undefined, () => unknown, string];
  const shortStages = (fft: 'auto' | 'js'): Stage[] => {
    // the envelopes each stage would compute, for the rows that time everything after the onset
    const envMean = onsetStrength(y, { sr: 22050, fft });
    const envMedian = onsetStrength(y, { sr: 22050, aggregate: 'median', fft });
    return [
      ['onsetStrength', 'onset_strength', () => onsetStrength(y, { sr: 22050, fft }), 'mel + dB + flux'],
      ['tempo', 'tempo', () => tempo(y, { sr: 22050, fft }), 'onset + tempogram (8 s)'],
      ['tempo (onsetEnvelope given)', undefined, () => tempo(null, { onsetEnvelope: envMean, sr: 22050, fft }), 'tempogram mean + prior only'],
      ['beatTrack', 'beat_track', () => beatTrack(y, { sr: 22050, fft }), 'onset (median) + tempo + DP'],
      ['beatTrack (onsetEnvelope given)', undefined, () => beatTrack(null, { onsetEnvelope: envMedian, sr: 22050, fft }), 'tempo + DP only'],
    ];
  };
  const heavyStages = (fft: 'auto' | 'js'): Stage[] => [
    ['hpss (|stft| given)', undefined, () => hpss(S), 'decompose.hpss: 2 median filters 31 + masks'],
    ['hpssAudio', 'hpss', () => hpssAudio(y, { sr: 22050, fft }), 'librosa: effects.hpss (stft + hpss + 2 istft)'],
  ];
  // the short stages of both backends first, the HPSS rows after them: timed after HPSS calls (in
  // the same rounds, or the other backend's rounds before them), the short stages paid for HPSS's
  // garbage (hundreds of MB): 15-16 -> 23 ms for onsetStrength with fft: 'js', CPU time too
  for (const stagesOf of [shortStages, heavyStages]) {
    await onEachFftBackend(rows, async (label, fft) => {
      for (const [[stage, key, , what], { medianMs, cpuMs }] of await measureRounds(stagesOf(fft), { iterations: 2, time: 120 })) {
        rows.push({ stage: `${label}: ${stage}`, medianMs, cpuMs, librosaMs: key ? librosaMs(key) : undefined, note: `30 s ${source}; ${what}` });
      }
    });
  }
  return rows;
}

runIfMain(import.meta.url, run);
