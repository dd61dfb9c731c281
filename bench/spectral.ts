import { forEachPowerBlock, forEachSpectrumFrame, resolveStftOptions, spectrogram } from '../src/dsp/stft.js';
import { melSpectrogram, mfcc } from '../src/features/mel.js';
import { onsetStrength } from '../src/features/onset.js';
import { spectralBandwidth, spectralCentroid, spectralRolloff } from '../src/features/spectral.js';
import { rms } from '../src/features/rms.js';
import { zeroCrossingRate } from '../src/features/zcr.js';
import { meydaTimes } from './meyda.js';
import { librosaMs, measureRounds, type BenchRow, onEachFftBackend, runIfMain, benchClip } from './util.js';

/** The stages: name, librosa timing key (if librosa's timing file has one), function. */
function stages(y: Float32Array, fft: 'auto' | 'js'): Array<[string, string | undefined, () => unknown]> {
  const p = resolveStftOptions({ nFft: 2048, hopLength: 512, fft });
  return [
    // the floor every STFT-based stage pays: centre padding, window and forward FFT of all frames
    ['FFT floor (pad+window+FFT, no output)', undefined, () => forEachSpectrumFrame(y, p, () => {})],
    // the engine of the spectrogram features: frame-major float32 power blocks, no consumer
    ['power engine (window+FFT+power, no consumer)', undefined, () => forEachPowerBlock(y, p, 2, () => {})],
    ['stft (power spectrogram)', undefined, () => spectrogram(y, { power: 2, fft })],
    ['melSpectrogram', 'melspectrogram', () => melSpectrogram(y, { sr: 22050, fft })],
    ['mfcc (20)', 'mfcc', () => mfcc(y, { sr: 22050, nMfcc: 20, fft })],
    ['onsetStrength', 'onset_strength', () => onsetStrength(y, { sr: 22050, fft })],
    ['spectralCentroid', undefined, () => spectralCentroid(y, { sr: 22050, fft })],
    ['spectralBandwidth', undefined, () => spectralBandwidth(y, { sr: 22050, fft })],
    ['spectralRolloff', undefined, () => spectralRolloff(y, { sr: 22050, fft })],
    ['rms', undefined, () => rms(y)],
    ['zeroCrossingRate', undefined, () => zeroCrossingRate(y)],
  ];
}

/** Runs the suite: one row per stage and FFT backend, medians in ms. */
export async function run(): Promise<BenchRow[]> {
  const { y, source } = benchClip();
  const rows: BenchRow[] = [];
  // Meyda (where installed): its MFCC and power spectrum on the same 1296 frames
  const meyda = await meydaTimes(y, 22050);
  const meydaFor: Record<string, number | undefined> = {
    'mfcc (20)': meyda?.mfcc.medianMs,
    'stft (power spectrogram)': meyda?.powerSpectrum.medianMs,
  };
  await onEachFftBackend(rows, async (label, fft) => {
    for (const [[stage, key], { medianMs, cpuMs }] of await measureRounds(stages(y, fft), { iterations: 5, time: 200 })) {
      rows.push({
        stage: `${label}: ${stage}`,
        medianMs,
        cpuMs,
        librosaMs: key ? librosaMs(key) : undefined,
        meydaMs: meydaFor[stage],
        note: `30 s ${source}`,
      });
    }
  });
  return rows;
}

runIfMain(import.meta.url, run);
