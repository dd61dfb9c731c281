import { describe, expect, it } from 'vitest';
import { meanTempogram, tempo, tempogram, tempoFrequencies } from '../../src/features/tempo.js';
import { onsetStrength } from '../../src/features/onset.js';
import { CLIPS, describeShared, fixtureAudio, fixtureFeature, fixtureJson, withWasmFft } from '../helpers/shared.js';
import { thrownCode } from '../helpers/errors.js';

describeShared('tempo vs librosa.feature.tempo (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const ref: number = fixtureJson(clip).scalars.tempo;
      const fromEnv = tempo(null, { onsetEnvelope: Float32Array.from(fixtureFeature(clip, 'onset_strength').data), sr: 22050 });
      const ours = tempo(fixtureAudio(clip), { sr: 22050 });
      console.log(`tempo ${clip}: ours ${ours} (from librosa's envelope ${fromEnv}) librosa ${ref}`);
      expect(fromEnv).toBeCloseTo(ref, 6);
      expect(ours).toBeCloseTo(ref, 6);
    });
  }
});

describeShared('tempo and beatTrack on the PFFFT-wasm FFT backend (float32 FFTs)', () => {
  it("give librosa's tempo and beats on two clips", async () => {
    const { beatTrack } = await import('../../src/features/beat.js');
    await withWasmFft(async (fft) => {
      for (const clip of ['gtzan-country-00000', 'librosa-choice']) {
        const sc = fixtureJson(clip).scalars;
        expect(tempo(fixtureAudio(clip))).toBeCloseTo(sc.tempo, 6);
        const b = beatTrack(fixtureAudio(clip));
        expect(b.tempo).toBeCloseTo(sc.beat_track_tempo, 6);
        expect(Array.from(b.beats)).toEqual(sc.beat_frames);
      }
    });
  });
});

/** An onset-like pulse train with a given period in frames. */
function pulses(n: number, period: number): Float32Array {
  const e = new Float32Array(n);
  for (let i = 3; i < n; i += period) e[i] = 1;
  return e;
}

/** np.mean(librosa tempogram, axis=1) by brute force in float64: direct autocorrelation of each hann-windowed, ramp-padded frame. */
function bruteMeanTempogram(env: Float32Array | Float64Array, L: number): Float64Array {
  const n = env.length;
  const p = L >> 1;
  const cast = env instanceof Float64Array ? (v: number) => v : Math.fround;
  const x = (i: number): number => (i < p ? cast((env[0] * i) / p) : i < p + n ? env[i - p] : cast((env[n - 1] * (p - 1 - (i - p - n))) / p));
  const out = new Float64Array(L);
  const f = new Float64Array(L);
  for (let t = 0; t < n; t++) {
    for (let j = 0; j < L; j++) f[j] = x(t + j) * (L === 1 ? 1 : 0.5 - 0.5 * Math.cos((2 * Math.PI * j) / L)); // scipy: hann(1) = [1]
    let e = 0;
    for (let j = 0; j < L; j++) e += f[j] * f[j];
    if (e === 0) continue;
    for (let l = 0; l < L; l++) {
      let a = 0;
      for (let j = 0; j + l < L; j++) a += f[j] * f[j + l];
      out[l] += a / e / n;
    }
  }
  return out;
}

describe('meanTempogram (sliding DFT) vs brute-force autocorrelation', () => {
  it('matches to ~1e-12 on random envelopes with zero runs, tiny values and loud edges', () => {
    const r = (() => {
      let s = 7;
      return () => (s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32;
    })();
    for (let trial = 0; trial < 60; trial++) {
      const n = 1 + Math.floor(r() * 300);
      const e = trial % 2 ? new Float32Array(n) : new Float64Array(n);
      for (let i = 0; i < n; i++) e[i] = r() < 0.3 ? 0 : r() * (r() < 0.1 ? 1e-6 : 5);
      const z0 = Math.floor(r() * n);
      e.fill(0, z0, Math.min(n, z0 + Math.floor(r() * 200)));
      if (trial % 5 === 0) e[0] = 3;
      if (trial % 7 === 0) e[n - 1] = 2;
      for (const L of [1, 2, 3, 4, 5, 16, 17, 64, 101]) {
        const ref = bruteMeanTempogram(e, L);
        const ours = meanTempogram(e, L);
        let scale = 0;
        for (let l = 0; l < L; l++) scale = Math.max(scale, Math.abs(ref[l]));
        for (let l = 0; l < L; l++) expect(Math.abs(ours[l] - ref[l])).toBeLessThanOrEqual(1e-12 * Math.max(scale, 1e-300));
      }
    }
  });

  it('windows much longer than the envelope (high rates, small hops: the FFT lag transform) match too', () => {
    for (const [n, L] of [
      [1, 4097],
      [3, 5000],
      [8, 4500],
    ] as const) {
      const e = Float32Array.from({ length: n }, (_, i) => 1 + ((i * 7) % 5));
      const ref = bruteMeanTempogram(e, L);
      const ours = meanTempogram(e, L);
      let scale = 0;
      for (let l = 0; l < L; l++) scale = Math.max(scale, Math.abs(ref[l]));
      let err = 0;
      for (let l = 0; l < L; l++) err = Math.max(err, Math.abs(ours[l] - ref[l]));
      expect(err, `n ${n}, L ${L}`).toBeLessThanOrEqual(1e-12 * scale);
    }
  });

  it('all-zero envelope gives zeros; matches the column mean of tempogram() on a pulse train', () => {
    expect(Array.from(meanTempogram(new Float32Array(500), 64)).every((v) => v === 0)).toBe(true);
    const env = pulses(700, 23);
    const tg = tempogram(null, { onsetEnvelope: env, winLength: 384 });
    const m = meanTempogram(env, 384);
    for (let l = 0; l < 384; l++) {
      let s = 0;
      for (let t = 0; t < tg.cols; t++) s += tg.data[l * tg.cols + t];
      expect(m[l]).toBeCloseTo(s / tg.cols, 6);
    }
  });
});

describe('tempo / tempogram', () => {
  it('tempoFrequencies is librosa.tempo_frequencies', () => {
    const f = tempoFrequencies(5, { sr: 22050, hopLength: 512 });
    expect(f[0]).toBe(Infinity);
    expect(f[1]).toBeCloseTo((60 * 22050) / 512, 9);
    expect(f[4]).toBeCloseTo((60 * 22050) / (512 * 4), 9);
  });

  it('finds the period of a pulse train on the BPM grid', () => {
    const env = pulses(1300, 21); // 21 frames per beat = 123.05 BPM
    expect(tempo(null, { onsetEnvelope: env })).toBeCloseTo((60 * 22050) / (512 * 21), 9);
  });

  it('tempogram: shape, max-normalised columns, lag-0 row = 1', () => {
    const env = pulses(400, 20);
    const tg = tempogram(null, { onsetEnvelope: env, winLength: 100 });
    expect([tg.rows, tg.cols]).toEqual([100, 400]);
    for (const t of [0, 150, 399]) {
      let m = 0;
      for (let k = 0; k < 100; k++) m = Math.max(m, Math.abs(tg.data[k * 400 + t]));
      expect(m).toBeCloseTo(1, 6);
      expect(tg.data[t]).toBeCloseTo(1, 6);
    }
    // local autocorrelation peaks at lag 20 in the middle
    const t = 200;
    expect(tg.data[20 * 400 + t]).toBeGreaterThan(tg.data[10 * 400 + t]);
    const direct = tempogram(null, { onsetEnvelope: env, winLength: 100, norm: null, center: false });
    expect(direct.cols).toBe(301);
  });

  it('silence gives the prior mode on the grid (librosa: 117.45 BPM), never NaN', () => {
    const bpm = tempo(new Float32Array(22050 * 2));
    expect(bpm).toBeCloseTo((60 * 22050) / (512 * 22), 9);
  });

  it('custom prior, startBpm, maxTempo, median aggregation and precomputed envelope', () => {
    const env = onsetStrength(
      pulses(22050 * 4, 11025).map((v, i) => (i % 11025 < 100 ? Math.sin(i) * 0.5 : 0)),
      { sr: 22050 },
    );
    const a = tempo(null, { onsetEnvelope: env, startBpm: 60 });
    const b = tempo(null, { onsetEnvelope: env, prior: (bpm) => (bpm > 100 && bpm < 140 ? 0 : -Infinity) });
    expect(b).toBeGreaterThan(100);
    expect(b).toBeLessThan(140);
    expect(Number.isFinite(a)).toBe(true);
    expect(tempo(null, { onsetEnvelope: env, maxTempo: 100 })).toBeLessThan(100);
    expect(Number.isFinite(tempo(null, { onsetEnvelope: env, aggregate: 'median' }))).toBe(true);
  });

  it('rejects bad input with MirkitError', () => {
    expect(thrownCode(() => tempo(new Float32Array(0)))).toBe('EMPTY_INPUT');
    expect(thrownCode(() => tempo(null))).toBe('EMPTY_INPUT');
    expect(thrownCode(() => tempo(null, { onsetEnvelope: [1, NaN] }))).toBe('NON_FINITE');
    expect(thrownCode(() => tempo(null, { onsetEnvelope: [1, 2], startBpm: 0 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => tempo(null, { onsetEnvelope: [1, 2], sr: 0 }))).toBe('BAD_SAMPLE_RATE');
    expect(thrownCode(() => tempogram(null, { onsetEnvelope: [1, 2], winLength: 0 }))).toBe('BAD_OPTION');
  });
  it('refuses an acSize window of more than 2^20 onset frames (BAD_OPTION), whatever the aggregation', () => {
    const env = Float32Array.from({ length: 100 }, (_, i) => (i % 10 === 0 ? 1 : 0));
    // 600 s at hop 1: 13230000 frames
    expect(thrownCode(() => tempo(null, { onsetEnvelope: env, acSize: 600, hopLength: 1 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => tempo(null, { onsetEnvelope: env, acSize: 600, hopLength: 1, aggregate: 'median' }))).toBe('BAD_OPTION');
    // within it, the median's full tempogram (window frames x onset frames) is bounded by 2^28 values
    const long = new Float32Array(300000).fill(1);
    expect(thrownCode(() => tempo(null, { onsetEnvelope: long, acSize: 600, hopLength: 16, aggregate: 'median' }))).toBe('BAD_OPTION');
  });
});
