import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { betaCdf, pyin } from '../../src/features/pitch-pyin.js';
import { MirkitError } from '../../src/errors.js';
import { CLIPS, describeShared, FIXTURES_DIR, fixtureAudio } from '../helpers/shared.js';
import { thrownCode } from '../helpers/errors.js';
import { withinHangBound } from '../helpers/hang-guard.js';
import { MAX_PYIN_VITERBI_WORK } from '../../src/limits.js';

const SR = 22050;
const FMIN = 65.40639132514966; // note_to_hz('C2')
const FMAX = 2093.004522404789; // note_to_hz('C7')

describe('betaCdf', () => {
  it('matches scipy.stats.beta.cdf', () => {
    // scipy.stats.beta.cdf(x, 2, 18) and beta.cdf(0.3, 2.5, 4.5)
    expect(betaCdf(0.05, 2, 18)).toBeCloseTo(0.24529279492938452, 12);
    expect(betaCdf(0.1, 2, 18)).toBeCloseTo(0.5797350211684027, 12);
    expect(betaCdf(0.3, 2.5, 4.5)).toBeCloseTo(0.40653901668245934, 10);
    expect(betaCdf(0, 2, 18)).toBe(0);
    expect(betaCdf(1, 2, 18)).toBe(1);
  });
});

describe('pyin', () => {
  it('tracks a tone as voiced at its pitch and silence as unvoiced (NaN f0)', () => {
    const y = new Float32Array(2 * SR);
    for (let i = SR; i < y.length; i++) y[i] = 0.5 * Math.sin((2 * Math.PI * 261.63 * i) / SR);
    const { f0, voicedFlag, voicedProb } = pyin(y, { fmin: FMIN, fmax: FMAX, sr: SR });
    const n = 1 + Math.floor(y.length / 512);
    expect(f0.length).toBe(n);
    expect(voicedFlag.length).toBe(n);
    expect(voicedProb.length).toBe(n);
    expect(voicedFlag[60]).toBe(1);
    expect(Math.abs(1200 * Math.log2(f0[60] / 261.63))).toBeLessThan(10);
    expect(voicedFlag[10]).toBe(0);
    expect(f0[10]).toBeNaN();
    const filled = pyin(y, { fmin: FMIN, fmax: FMAX, sr: SR, fillNa: null });
    expect(Number.isFinite(filled.f0[10])).toBe(true);
  });
  it('rejects bad options with MirkitError', () => {
    const y = new Float32Array(4096).fill(0.1);
    expect(() => pyin(y, { fmin: 500, fmax: 400 })).toThrow(MirkitError);
    expect(() => pyin(y, { fmin: FMIN, fmax: FMAX, switchProb: 2 })).toThrow(MirkitError);
    expect(() => pyin(y, { fmin: FMIN, fmax: FMAX, resolution: 0 })).toThrow(MirkitError);
  });
  it('refuses a resolution whose pitch bins x frames exceed 2^28 (BAD_OPTION), before allocating', () => {
    const y = new Float32Array(22050).fill(0.1);
    expect(withinHangBound(() => thrownCode(() => pyin(y, { fmin: 60, fmax: 1000, resolution: 1e-9 })))).toBe('BAD_OPTION');
  });
  it('refuses pitch bins x transition width beyond 2^30 per frame (BAD_OPTION) and still runs resolution 0.005', () => {
    const y = Float32Array.from({ length: 22050 }, (_, i) => 0.5 * Math.sin(i * 0.1));
    // resolution 3e-4: 200046 bins x 33341 transitions per frame (30 s per second of audio before the bound)
    expect(() => pyin(y, { fmin: FMIN, fmax: FMAX, resolution: 3e-4 })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION', details: { option: 'resolution', bound: MAX_PYIN_VITERBI_WORK } }),
    );
    const fine = pyin(y, { fmin: FMIN, fmax: FMAX, resolution: 0.005 });
    expect(fine.f0.length).toBe(pyin(y, { fmin: FMIN, fmax: FMAX }).f0.length);
    expect(Array.from(fine.voicedProb).every((v) => v >= 0 && v <= 1)).toBe(true);
  });
});

describeShared('pyin equals librosa 0.11 on the fixture clips (first 10 s)', () => {
  for (const clip of CLIPS) {
    it(`${clip}: voicing equal on >= 99% of frames, f0 within 1 cent on >= 99% of voiced frames`, () => {
      const P = JSON.parse(readFileSync(join(FIXTURES_DIR, `${clip}.more.json`), 'utf8')).features.pyin;
      const refF0: (number | null)[] = P.f0.data[0];
      const refFlag: boolean[] = P.voiced_flag.data[0];
      const refProb: number[] = P.voiced_prob.data[0];
      const r = pyin(fixtureAudio(clip).subarray(0, P.input_samples), { fmin: FMIN, fmax: FMAX, sr: SR });
      expect(r.f0.length).toBe(refFlag.length);
      let flagsEqual = 0,
        voiced = 0,
        within = 0,
        probErr = 0;
      for (let t = 0; t < refFlag.length; t++) {
        if ((r.voicedFlag[t] === 1) === refFlag[t]) flagsEqual++;
        probErr = Math.max(probErr, Math.abs(r.voicedProb[t] - refProb[t]));
        const ref = refF0[t];
        if (ref !== null) {
          voiced++;
          if (Math.abs(1200 * Math.log2(r.f0[t] / ref)) <= 1) within++;
        }
      }
      expect(flagsEqual / refFlag.length).toBeGreaterThanOrEqual(0.99);
      if (voiced > 0) expect(within / voiced).toBeGreaterThanOrEqual(0.99);
      expect(probErr).toBeLessThan(1e-4);
    });
  }
});

describe('pyin: a tiny boltzmannParameter (fuzz finding)', () => {
  it('gives finite voiced probabilities for 1e-100, 1e-300 and the smallest double', () => {
    const y = Float32Array.from({ length: 8192 }, (_, i) => Math.sin(i * 0.05) + 0.1 * Math.sin(i * 1.3));
    for (const b of [1e-100, 1e-300, 5e-324]) {
      const r = pyin(y, { fmin: 65, fmax: 2000, boltzmannParameter: b });
      expect(r.voicedProb.every(Number.isFinite)).toBe(true);
      // lambda -> 0 is the uniform pmf: close to a small lambda's result
      const near = pyin(y, { fmin: 65, fmax: 2000, boltzmannParameter: 1e-9 });
      for (let t = 0; t < r.voicedProb.length; t++) expect(r.voicedProb[t]).toBeCloseTo(near.voicedProb[t], 6);
    }
  });
});
