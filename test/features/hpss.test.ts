import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { hpss, hpssAudio } from '../../src/features/hpss.js';
import { spectrogram, stft } from '../../src/dsp/stft.js';
import { MirkitError } from '../../src/errors.js';
import type { Matrix } from '../../src/matrix.js';
import { CLIPS, FIXTURES_DIR, describeShared, fixtureAudio, fixtureJson, normalisedMaxError, readF32, snrDb } from '../helpers/shared.js';
import { thrownCode } from '../helpers/errors.js';

function windowOf(M: Matrix, frames: [number, number]): number[] {
  const out: number[] = [];
  for (let b = 0; b < 64; b++) for (let f = frames[0]; f < frames[1]; f++) out.push(M.data[b * M.cols + f]);
  return out;
}
const energy = (d: ArrayLike<number>): number => {
  let s = 0;
  for (let i = 0; i < d.length; i++) s += d[i] * d[i];
  return s;
};
const rel = (a: number, b: number): number => Math.abs(a - b) / Math.abs(b);

describeShared('hpss vs librosa.decompose.hpss on |stft| (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const ref = fixtureJson(clip).hpss.magnitude_hpss;
      const S = spectrogram(fixtureAudio(clip));
      const { harmonic: H, percussive: P } = hpss(S);
      const eh = normalisedMaxError(windowOf(H, ref.window.frames), ref.H_window.flat());
      const ep = normalisedMaxError(windowOf(P, ref.window.frames), ref.P_window.flat());
      const rh = rel(energy(H.data), ref.H_energy);
      const rp = rel(energy(P.data), ref.P_energy);
      console.log(
        `hpss ${clip}: H window err ${eh.toExponential(2)}, P window err ${ep.toExponential(2)}, H energy rel ${rh.toExponential(2)}, P energy rel ${rp.toExponential(2)}`,
      );
      expect(eh).toBeLessThanOrEqual(1e-3);
      expect(ep).toBeLessThanOrEqual(1e-3);
      expect(rh).toBeLessThan(1e-4);
      expect(rp).toBeLessThan(1e-4);
    });
  }
});

describeShared('hpssAudio vs librosa.effects.hpss (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const y = fixtureAudio(clip);
      const ref = fixtureJson(clip).hpss.effects_hpss;
      const { harmonic, percussive } = hpssAudio(y, { sr: 22050 });
      expect(harmonic.length).toBe(y.length);
      expect(percussive.length).toBe(y.length);
      const stats = (x: Float32Array) => {
        let m = 0;
        for (const v of x) m += v;
        m /= x.length;
        let v2 = 0,
          p = 0;
        for (const v of x) {
          v2 += (v - m) ** 2;
          p += v * v;
        }
        return { mean: m, var: v2 / x.length, power: p / x.length };
      };
      const h = stats(harmonic),
        p = stats(percussive);
      let line = `hpssAudio ${clip}: power rel err H ${rel(h.power, ref.harmonic.power).toExponential(2)} P ${rel(p.power, ref.percussive.power).toExponential(2)}`;
      expect(rel(h.power, ref.harmonic.power)).toBeLessThan(1e-4);
      expect(rel(p.power, ref.percussive.power)).toBeLessThan(1e-4);
      expect(rel(h.var, ref.harmonic.var)).toBeLessThan(1e-4);
      expect(rel(p.var, ref.percussive.var)).toBeLessThan(1e-4);
      // means are near zero: compare against the signal's scale
      expect(Math.abs(h.mean - ref.harmonic.mean)).toBeLessThan(1e-4 * ref.harmonic.rms);
      expect(Math.abs(p.mean - ref.percussive.mean)).toBeLessThan(1e-4 * ref.percussive.rms);
      if (ref.harmonic_file) {
        const snrH = snrDb(harmonic, readF32(join(FIXTURES_DIR, ref.harmonic_file.file)));
        const snrP = snrDb(percussive, readF32(join(FIXTURES_DIR, ref.percussive_file.file)));
        line += `, SNR H ${snrH.toFixed(1)} dB, P ${snrP.toFixed(1)} dB`;
        expect(snrH).toBeGreaterThanOrEqual(60);
        expect(snrP).toBeGreaterThanOrEqual(60);
      }
      console.log(line);
    });
  }
});

describeShared('hpssAudio legacy (pre-0.10) settings vs kaggle57_legacy', () => {
  it('gtzan-country-00000: padMode reflect + legacyIstft reproduce harmony_/perceptr_ mean and var', () => {
    const clip = 'gtzan-country-00000';
    const k = fixtureJson(clip).kaggle57_legacy;
    const { harmonic, percussive } = hpssAudio(fixtureAudio(clip), { padMode: 'reflect', legacyIstft: true });
    const mv = (x: Float32Array) => {
      let m = 0;
      for (const v of x) m += v;
      m /= x.length;
      let s = 0;
      for (const v of x) s += (v - m) ** 2;
      return [m, s / x.length];
    };
    const [hm, hv] = mv(harmonic),
      [pm, pv] = mv(percussive);
    console.log(
      `hpssAudio legacy ${clip}: harmony mean ${hm} (${k.harmony_mean}) var ${hv} (${k.harmony_var}); perceptr mean ${pm} (${k.perceptr_mean}) var ${pv} (${k.perceptr_var})`,
    );
    expect(rel(hm, k.harmony_mean)).toBeLessThan(1e-4);
    expect(rel(hv, k.harmony_var)).toBeLessThan(1e-5);
    expect(rel(pm, k.perceptr_mean)).toBeLessThan(1e-4);
    expect(rel(pv, k.perceptr_var)).toBeLessThan(1e-5);
  });
});

describe('hpss', () => {
  // a steady tone (harmonic) plus clicks (percussive)
  const sr = 22050;
  const y = new Float32Array(sr * 2);
  for (let i = 0; i < y.length; i++) y[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / sr);
  for (let c = 2000; c < y.length; c += 5000) for (let j = 0; j < 30; j++) y[c + j] += 0.8 * Math.exp(-j / 5) * (j % 2 ? 1 : -1);

  it('masks sum to one (power 2, margin 1) and H + P = S', () => {
    const S = spectrogram(y);
    const m = hpss(S, { mask: true });
    for (let i = 0; i < S.data.length; i += 97) expect(m.harmonic.data[i] + m.percussive.data[i]).toBeCloseTo(1, 6);
    const { harmonic, percussive } = hpss(S);
    for (let i = 0; i < S.data.length; i += 97) expect(harmonic.data[i] + percussive.data[i]).toBeCloseTo(S.data[i], 4);
  });

  it('separates a tone from clicks', () => {
    const { harmonic, percussive } = hpssAudio(y);
    const tone = new Float32Array(y.length);
    for (let i = 0; i < y.length; i++) tone[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / sr);
    expect(snrDb(harmonic.subarray(4096, -4096), tone.subarray(4096, -4096))).toBeGreaterThan(10);
    expect(energy(percussive)).toBeLessThan(energy(harmonic));
  });

  it('complex input gives complex parts that add up to the STFT; margins > 1 leave a residual', () => {
    const X = stft(y);
    const r = hpss(X);
    expect('re' in r.harmonic).toBe(true);
    const H = r.harmonic as { re: Float32Array; im: Float32Array };
    const P = r.percussive as { re: Float32Array; im: Float32Array };
    for (let i = 0; i < X.re.length; i += 101) {
      expect(H.re[i] + P.re[i]).toBeCloseTo(X.re[i], 4);
      expect(H.im[i] + P.im[i]).toBeCloseTo(X.im[i], 4);
    }
    const S = spectrogram(y);
    const m = hpss(S, { margin: [2, 3], kernelSize: [17, 31], mask: true });
    let lessThanOne = 0;
    for (let i = 0; i < S.data.length; i++) if (m.harmonic.data[i] + m.percussive.data[i] < 0.999) lessThanOne++;
    expect(lessThanOne).toBeGreaterThan(0);
    const hard = hpss(S, { power: Infinity, mask: true });
    expect(hard.harmonic.data.every((v) => v === 0 || v === 1)).toBe(true);
  });

  it('hpssAudio on a precomputed stft gives the same waveforms; a mismatched stft is rejected', () => {
    const n = 22050;
    const y = new Float32Array(n);
    for (let i = 0; i < n; i++) y[i] = 0.5 * Math.sin((2 * Math.PI * 440 * i) / 22050) + (i % 5000 < 30 ? 0.8 : 0);
    const direct = hpssAudio(y);
    const given = hpssAudio(y, { stft: stft(y) });
    expect(Array.from(given.harmonic)).toEqual(Array.from(direct.harmonic));
    expect(Array.from(given.percussive)).toEqual(Array.from(direct.percussive));
    const legacy = hpssAudio(y, { padMode: 'reflect', legacyIstft: true });
    const legacyGiven = hpssAudio(y, { padMode: 'reflect', legacyIstft: true, stft: stft(y, { padMode: 'reflect' }) });
    expect(Array.from(legacyGiven.percussive)).toEqual(Array.from(legacy.percussive));
    let err: unknown;
    try {
      hpssAudio(y, { stft: stft(y.subarray(0, n / 2)) });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MirkitError);
    expect((err as MirkitError).code).toBe('BAD_SHAPE');
  });

  it('legacyIstft zeroes the tail past the last full frame; reflect padding is accepted', () => {
    const x = y.subarray(0, 10000);
    const legacy = hpssAudio(x, { legacyIstft: true, padMode: 'reflect' });
    const modern = hpssAudio(x, { padMode: 'reflect' });
    expect(legacy.harmonic.length).toBe(x.length);
    const nFrames = 1 + Math.floor(x.length / 512);
    const valid = 512 * (nFrames - 1);
    for (let i = valid; i < x.length; i++) expect(legacy.harmonic[i]).toBe(0);
    expect(snrDb(legacy.harmonic.subarray(0, valid), modern.harmonic.subarray(0, valid))).toBeGreaterThan(100);
  });

  it('silence stays silent, never NaN', () => {
    const { harmonic, percussive } = hpssAudio(new Float32Array(5000));
    expect(harmonic.every((v) => v === 0) && percussive.every((v) => v === 0)).toBe(true);
  });

  it('rejects bad input with MirkitError', () => {
    const S = spectrogram(y.subarray(0, 4096));
    expect(thrownCode(() => hpssAudio(new Float32Array(0)))).toBe('EMPTY_INPUT');
    expect(thrownCode(() => hpssAudio(Float32Array.from([1, NaN])))).toBe('NON_FINITE');
    expect(thrownCode(() => hpss(S, { margin: 0.5 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => hpss(S, { kernelSize: 0 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => hpss(S, { power: -1 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => hpss({ rows: 2, cols: 2, data: new Float32Array(3) }))).toBe('BAD_SHAPE');
    expect(thrownCode(() => hpss({ rows: 1, cols: 2, data: Float32Array.from([1, -1]) }))).toBe('BAD_DATA');
  });
});
