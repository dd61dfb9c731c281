/**
 * No call changes another's output (issue #15): every stage is bit-identical before and after a
 * `classify()` call, an in-process `mirkit extract` run, an `fft: 'js'` call and a deprecated
 * `useWasmFft()`/`useJsFft()` in the same process; concurrent `classify` calls with different `fft` give what each gives alone; a silent
 * frame between sounding ones reads exactly 0 Hz of centroid, bandwidth and roll-off on both FFTs.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { spectrogram, stft } from '../../src/dsp/stft.js';
import { melSpectrogram, mfcc } from '../../src/features/mel.js';
import { chromaCqt, chromaStft } from '../../src/features/chroma.js';
import { tonnetz } from '../../src/features/tonnetz.js';
import { onsetStrength } from '../../src/features/onset.js';
import { tempo } from '../../src/features/tempo.js';
import { beatTrack } from '../../src/features/beat.js';
import { hpssAudio } from '../../src/features/hpss.js';
import { spectralBandwidth, spectralCentroid, spectralRolloff } from '../../src/features/spectral.js';
import { estimateTuning } from '../../src/features/tuning.js';
import { resample } from '../../src/audio/resample.js';
import { extractFeatures } from '../../src/genre/features.js';
import { useJsFft, useWasmFft, type FftOption } from '../../src/dsp/fft.js';
import { determinismClip } from './util.js';
import { describeWeights, genreModules } from './weights.js';

const SR = 22050;
const clip = determinismClip().subarray(0, SR * 4);

/** Every stage's output as bytes (hex of the float64 values), for bitwise comparison. */
function stages(fft: FftOption): Record<string, string> {
  const hex = (a: ArrayLike<number>): string => Buffer.from(Float64Array.from(a).buffer).toString('hex');
  const X = stft(clip, { fft });
  const h = hpssAudio(clip, { sr: SR, fft });
  const b = beatTrack(clip, { sr: SR, fft });
  return {
    stft: hex(X.re) + hex(X.im),
    spectrogram: hex(spectrogram(clip, { power: 2, fft }).data),
    mel: hex(melSpectrogram(clip, { sr: SR, fft }).data),
    mfcc: hex(mfcc(clip, { sr: SR, fft }).data),
    centroid: hex(spectralCentroid(clip, { sr: SR, fft }).data),
    chromaStft: hex(chromaStft(clip, { sr: SR, fft }).data),
    tuning: hex([estimateTuning(clip, { sr: SR, fft })]),
    chromaCqt: hex(chromaCqt(clip, { sr: SR, fft }).data),
    tonnetz: hex(tonnetz(clip, { sr: SR, fft }).data),
    onset: hex(onsetStrength(clip, { sr: SR, fft })),
    tempo: hex([tempo(clip, { sr: SR, fft })]),
    beats: hex([b.tempo, ...b.beats]),
    hpss: hex(h.harmonic) + hex(h.percussive),
    resample: hex(resample(clip, SR, 11025, { fft })),
    gtzan57: hex(extractFeatures(clip, { sr: SR, set: 'gtzan57', fft }).values),
    seed: hex(extractFeatures(clip, { sr: SR, set: 'seed', fft }).values),
  };
}

describe('the FFT is a value: no call changes another', () => {
  it("every stage is bit-identical before and after an fft: 'js' call and the deprecated switches", async () => {
    const before = stages('auto');
    const js = stages('js');
    expect(stages('auto')).toEqual(before);
    useJsFft();
    expect(stages('auto')).toEqual(before);
    await useWasmFft();
    expect(stages('js')).toEqual(js);
    expect(stages('wasm')).toEqual(before); // 'auto' is wasm in Node 20
    // and the two implementations do differ (else this test could not fail)
    expect(js.stft).not.toBe(before.stft);
  }, 600_000);

  it('every stage is bit-identical before and after a `mirkit extract` run in this process (`workers: 0`), which loads audio too', async () => {
    const { runExtract } = await import('../../src/cli/extract.js');
    const { tempDir, writeWav16 } = await import('../cli/helpers.js');
    const before = stages('auto');
    const js = stages('js');
    const { dir, cleanup } = tempDir();
    try {
      writeWav16(join(dir, 'a.wav'), clip, SR);
      writeWav16(join(dir, 'b.wav'), clip.subarray(0, SR * 2), 44100); // resampled on load
      const summary = await runExtract({ inputs: [dir], set: 'gtzan57', out: join(dir, 'f.csv'), workers: 0 });
      expect(summary.succeeded).toBe(2);
    } finally {
      cleanup();
    }
    expect(stages('auto')).toEqual(before);
    expect(stages('js')).toEqual(js);
  }, 600_000);

  it('a silent frame between sounding ones reads 0 Hz (centroid, bandwidth, roll-off) on both FFTs', () => {
    // sound, exact zeros over [6500, 15500), sound: the first silent frame (15) is odd and the last
    // (28) even, so on the js path each shares its complex FFT with a sounding neighbour (frames
    // go two per transform, t even with t + 1)
    const y = new Float32Array(SR);
    for (let i = 0; i < 6500; i++) y[i] = Math.sin(i * 0.2) * 0.5 + 0.25 * Math.sin(i * 1.7);
    for (let i = 15500; i < SR; i++) y[i] = Math.sin(i * 0.3) * 0.5;
    for (const fft of ['js', 'wasm'] as const) {
      const c = spectralCentroid(y, { sr: SR, fft }).data;
      const bw = spectralBandwidth(y, { sr: SR, fft }).data;
      const r = spectralRolloff(y, { sr: SR, fft }).data;
      // frames whose 2048-sample window lies in the zeros
      const silent: number[] = [];
      for (let t = 0; t < c.length; t++) if (t * 512 - 1024 >= 6500 && t * 512 + 1024 <= 15500) silent.push(t);
      expect([silent[0], silent[silent.length - 1]]).toEqual([15, 28]);
      for (const t of silent) {
        expect([c[t], bw[t], r[t]], `${fft} frame ${t}`).toEqual([0, 0, 0]);
      }
      // and the sounding neighbours do not read 0
      expect(c[silent[0] - 1]).toBeGreaterThan(0);
      expect(c[silent[silent.length - 1] + 1]).toBeGreaterThan(0);
    }
  });
});

describeWeights('classify leaves no trace and runs concurrently', () => {
  it('every stage is bit-identical before and after classify()', async () => {
    const { classify } = await genreModules();
    const before = stages('auto');
    const js = stages('js');
    await classify({ y: clip, sr: SR });
    await classify({ y: clip, sr: SR }, { fft: 'js' });
    expect(stages('auto')).toEqual(before);
    expect(stages('js')).toEqual(js);
  }, 600_000);

  it("concurrent classify calls with different fft give what each gives alone, while another caller runs 'js'", async () => {
    const { classify } = await genreModules();
    const y = determinismClip();
    const aloneAuto = await classify({ y, sr: SR });
    const aloneJs = await classify({ y, sr: SR }, { fft: 'js' });
    const mfccJs = mfcc(y, { sr: SR, fft: 'js' }).data;
    const [a, b, c, m] = await Promise.all([
      classify({ y, sr: SR }),
      classify({ y, sr: SR }, { fft: 'js' }),
      classify({ y, sr: 44100 / 2 }, { fft: 'wasm' }),
      Promise.resolve().then(() => mfcc(y, { sr: SR, fft: 'js' }).data),
    ]);
    expect(a.probabilities).toEqual(aloneAuto.probabilities);
    expect(b.probabilities).toEqual(aloneJs.probabilities);
    expect(c.probabilities).toEqual(aloneAuto.probabilities);
    expect(Array.from(m)).toEqual(Array.from(mfccJs));
  }, 600_000);
});
