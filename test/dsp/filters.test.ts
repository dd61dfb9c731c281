import { describe, expect, it } from 'vitest';
import { dctMatrix } from '../../src/dsp/dct.js';
import { fftFrequencies, hzToMel, melFilterbank, melFrequencies, melToHz, sparseFilterbank } from '../../src/dsp/filters.js';
import { MirkitError } from '../../src/errors.js';
import { thrownCode } from '../helpers/errors.js';

describe('mel scale', () => {
  it('Slaney: linear below 1 kHz, log above; HTK formula', () => {
    expect(hzToMel(0)).toBe(0);
    expect(hzToMel(200 / 3)).toBeCloseTo(1, 12);
    expect(hzToMel(1000)).toBeCloseTo(15, 12);
    expect(hzToMel(6400)).toBeCloseTo(42, 10); // 15 + 27 mels per factor 6.4
    expect(hzToMel(1000, true)).toBeCloseTo(2595 * Math.log10(1 + 1000 / 700), 10);
    for (const f of [0, 50, 440, 999.9, 1000, 4000, 11025]) {
      expect(melToHz(hzToMel(f))).toBeCloseTo(f, 8);
      expect(melToHz(hzToMel(f, true), true)).toBeCloseTo(f, 8);
    }
  });

  it('melFrequencies spans fmin..fmax evenly in mels', () => {
    const f = melFrequencies(130, 0, 11025);
    expect(f.length).toBe(130);
    expect(f[0]).toBe(0);
    expect(f[129]).toBeCloseTo(11025, 8);
    const d1 = hzToMel(f[1]) - hzToMel(f[0]);
    const d2 = hzToMel(f[100]) - hzToMel(f[99]);
    expect(d1).toBeCloseTo(d2, 10);
  });

  it('fftFrequencies are k * sr / nFft', () => {
    const f = fftFrequencies(22050, 2048);
    expect(f.length).toBe(1025);
    expect(f[1]).toBeCloseTo(10.7666015625, 12);
    expect(f[1024]).toBeCloseTo(11025, 9);
  });
});

describe('melFilterbank', () => {
  it('has nMels x (1 + nFft/2) non-negative triangles, Slaney area-normalised', () => {
    const fb = melFilterbank({ sr: 22050, nFft: 2048 });
    expect(fb.rows).toBe(128);
    expect(fb.cols).toBe(1025);
    expect(fb.data).toBeInstanceOf(Float32Array);
    const edges = melFrequencies(130, 0, 11025);
    let negatives = 0;
    for (const v of fb.data) if (v < 0) negatives++;
    expect(negatives).toBe(0);
    for (let m = 0; m < 128; m++) {
      let peak = 0;
      for (let k = 0; k < 1025; k++) peak = Math.max(peak, fb.data[m * 1025 + k]);
      // triangle peak (<= 1 before normalisation) times 2 / (f[m+2] - f[m])
      expect(peak).toBeLessThanOrEqual((2 / (edges[m + 2] - edges[m])) * (1 + 1e-6));
      expect(peak).toBeGreaterThan(0);
    }
  });

  it('norm null gives unit-peak-bounded triangles; Lp norm gives unit norm rows', () => {
    const fb = melFilterbank({ sr: 16000, nFft: 512, nMels: 40, norm: null });
    let maxv = 0;
    for (const v of fb.data) maxv = Math.max(maxv, v);
    expect(maxv).toBeLessThanOrEqual(1);
    const fb2 = melFilterbank({ sr: 16000, nFft: 512, nMels: 40, norm: 2, htk: true });
    for (let m = 0; m < 40; m++) {
      let s = 0;
      for (let k = 0; k < fb2.cols; k++) s += fb2.data[m * fb2.cols + k] ** 2;
      expect(Math.sqrt(s)).toBeCloseTo(1, 5);
    }
  });

  it('sparse form keeps the non-zero span of every filter', () => {
    const fb = melFilterbank({ sr: 22050, nFft: 2048, nMels: 64, fmin: 30, fmax: 8000 });
    const sp = sparseFilterbank(fb);
    let mismatches = 0;
    for (let m = 0; m < 64; m++) {
      for (let k = 0; k < fb.cols; k++) {
        const inSpan = k >= sp.start[m] && k < sp.start[m] + sp.length[m];
        const v = inSpan ? sp.weights[sp.offset[m] + k - sp.start[m]] : 0;
        if (v !== fb.data[m * fb.cols + k]) mismatches++;
      }
      expect(sp.length[m]).toBeGreaterThan(0);
    }
    expect(mismatches).toBe(0);
  });

  it('computes only the triangles’ supports, with the values of the formula on every bin', () => {
    // librosa's construction on every bin (float64 triangles, rounded to float32, scaled, normed)
    const dense = (sr: number, nFft: number, nMels: number, fmin: number, fmax: number, htk: boolean, norm: 'slaney' | number | null): Float32Array => {
      const bins = Math.floor(nFft / 2) + 1;
      const fftf = fftFrequencies(sr, nFft);
      const melf = melFrequencies(nMels + 2, fmin, fmax, htk);
      const out = new Float32Array(nMels * bins);
      for (let i = 0; i < nMels; i++) {
        const row = new Float64Array(bins);
        for (let k = 0; k < bins; k++) {
          const lower = -(melf[i] - fftf[k]) / (melf[i + 1] - melf[i]);
          const upper = (melf[i + 2] - fftf[k]) / (melf[i + 2] - melf[i + 1]);
          row[k] = Math.fround(Math.max(0, Math.min(lower, upper))) * (norm === 'slaney' ? 2 / (melf[i + 2] - melf[i]) : 1);
        }
        if (typeof norm === 'number') {
          let n = 0;
          for (let k = 0; k < bins; k++) n = norm === Infinity ? Math.max(n, Math.abs(row[k])) : n + Math.abs(row[k]) ** norm;
          if (norm !== Infinity) n **= 1 / norm;
          if (n > 0) for (let k = 0; k < bins; k++) row[k] /= n;
        }
        out.set(row, i * bins);
      }
      return out;
    };
    const cases: Array<[number, number, number, number, number | undefined, boolean, 'slaney' | number | null]> = [
      [22050, 2048, 128, 0, undefined, false, 'slaney'],
      [16000, 512, 40, 0, undefined, true, 2],
      [22050, 2047, 64, 30, 8000, false, 1],
      [44100, 4096, 96, 20, 20000, true, Infinity],
      [8000, 256, 100, 0, 4000, false, null], // narrow bands: many hold one bin or none
      [22050, 2048, 128, 5000, 5100, false, 0.5], // every band inside two bins' gap or on one bin
    ];
    for (const [sr, nFft, nMels, fmin, fmax, htk, norm] of cases) {
      const fb = melFilterbank({ sr, nFft, nMels, fmin, fmax, htk, norm });
      const want = dense(sr, nFft, nMels, fmin, fmax ?? sr / 2, htk, norm);
      expect(fb.data.length).toBe(want.length);
      let differ = 0;
      for (let j = 0; j < want.length; j++) if (!Object.is(fb.data[j], want[j])) differ++;
      expect(differ, `sr ${sr} nFft ${nFft} nMels ${nMels} norm ${String(norm)}`).toBe(0);
    }
  });

  it('rejects bad options with MirkitError codes', () => {
    expect(thrownCode(() => melFilterbank({ sr: 0 }))).toBe('BAD_SAMPLE_RATE');
    expect(thrownCode(() => melFilterbank({ sr: -1 }))).toBe('BAD_SAMPLE_RATE');
    expect(thrownCode(() => melFilterbank({ nFft: 64, nMels: 40 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => melFilterbank({ sr: 22050, fmax: 12000 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => melFilterbank({ fmin: 5000, fmax: 4000 }))).toBe('BAD_OPTION');
    expect(thrownCode(() => melFilterbank({ norm: -1 }))).toBe('BAD_OPTION');
  });
});

describe('dctMatrix', () => {
  const x = [1.0, -2.0, 3.5, 0.25, 4.0, -1.5];
  // scipy.fft.dct(x, type=t, norm=n) (scipy 1.17)
  const ref: Record<string, number[]> = {
    '1ortho': [2.413364291116, -1.316791253209, -1.751480058587, 0.627752395054, -0.51404319151, 4.927295173417],
    '1null': [11.0, -5.199593469062, -5.331559480312, 0.949593469062, -1.418440519688, 21.0],
    '2ortho': [2.143303524935, -0.569650855796, -2.125, 2.143303524935, -0.216506350946, 4.635514847618],
    '2null': [10.5, -1.973328449627, -7.361215932168, 7.424621202459, -0.75, 16.05789447063],
    '3ortho': [2.075511961767, -2.207339004143, -1.424488038233, 1.05038569592, -1.594966568447, 4.55038569592],
    '3null': [6.775570776621, -8.06066017178, -5.348784876362, 3.224429223379, -5.93933982822, 15.348784876362],
  };
  for (const type of [1, 2, 3] as const) {
    for (const norm of ['ortho', null] as const) {
      it(`type ${type}, norm ${norm} equals scipy.fft.dct`, () => {
        const D = dctMatrix(6, { type, norm });
        const r = ref[`${type}${norm}`];
        for (let k = 0; k < 6; k++) {
          let s = 0;
          for (let j = 0; j < 6; j++) s += D.data[k * 6 + j] * x[j];
          expect(s).toBeCloseTo(r[k], 9);
        }
      });
    }
  }

  it('orthonormal DCT-II: D Dᵀ = I (n = 128), and the first rows are MFCC rows', () => {
    const n = 128;
    const D = dctMatrix(n).data;
    let worst = 0;
    for (let a = 0; a < n; a++) {
      for (let b = 0; b < n; b++) {
        let s = 0;
        for (let j = 0; j < n; j++) s += D[a * n + j] * D[b * n + j];
        worst = Math.max(worst, Math.abs(s - (a === b ? 1 : 0)));
      }
    }
    expect(worst).toBeLessThan(1e-12);
    const D20 = dctMatrix(n, { nOut: 20 });
    expect(D20.rows).toBe(20);
    expect(Array.from(D20.data)).toEqual(Array.from(D.subarray(0, 20 * n)));
  });

  it('rejects bad sizes', () => {
    expect(() => dctMatrix(0)).toThrow(MirkitError);
    expect(() => dctMatrix(4, { nOut: 5 })).toThrow(MirkitError);
  });
});
