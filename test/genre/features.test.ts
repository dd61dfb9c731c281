import { describe, expect, it } from 'vitest';
import { extractFeatures, GTZAN57_NAMES, SEED_NAMES } from '../../src/genre/features.js';
import { CLIPS, describeShared, fixtureAudio, fixtureJson } from '../helpers/shared.js';
import { closeEnough } from './helpers.js';
import { thrownCode } from '../helpers/errors.js';

describe('extractFeatures: names and errors', () => {
  it('has the 57 GTZAN table columns in the table order and 185 seed columns', () => {
    expect(GTZAN57_NAMES.length).toBe(57);
    expect(GTZAN57_NAMES.slice(0, 4)).toEqual(['chroma_stft_mean', 'chroma_stft_var', 'rms_mean', 'rms_var']);
    expect(GTZAN57_NAMES[16]).toBe('tempo');
    expect(GTZAN57_NAMES[56]).toBe('mfcc20_var');
    expect(SEED_NAMES.length).toBe(20 * 7 + 6 * 7 + 3);
    expect(SEED_NAMES).toContain('mfcc_mean_01');
    expect(SEED_NAMES).toContain('tonnetz_kurtosis_6');
    expect(new Set(SEED_NAMES).size).toBe(SEED_NAMES.length);
  });

  it('rejects short, empty, non-finite input and unknown sets with MirkitError codes', () => {
    expect(thrownCode(() => extractFeatures(new Float32Array(0)))).toBe('EMPTY_INPUT');
    expect(thrownCode(() => extractFeatures(new Float32Array(100)))).toBe('TOO_SHORT');
    expect(thrownCode(() => extractFeatures(Float32Array.from({ length: 4096 }, (_, i) => (i === 7 ? NaN : 0.1))))).toBe('NON_FINITE');
    expect(thrownCode(() => extractFeatures(new Float32Array(4096), { sr: 0 }))).toBe('BAD_SAMPLE_RATE');
    expect(thrownCode(() => extractFeatures(new Float32Array(4096), { set: 'nope' as 'seed' }))).toBe('BAD_OPTION');
  });

  it('gives finite values for silence', () => {
    for (const set of ['gtzan57', 'seed'] as const) {
      const { values } = extractFeatures(new Float32Array(22050), { set });
      expect(values.every(Number.isFinite)).toBe(true);
    }
  });
});

describeShared('extractFeatures against librosa on the fixture clips', () => {
  for (const clip of CLIPS) {
    it(`gtzan57 equals kaggle57_legacy (the table's settings) on ${clip}`, () => {
      const ref = fixtureJson(clip).kaggle57_legacy;
      const { names, values } = extractFeatures(fixtureAudio(clip), { sr: 22050, set: 'gtzan57' });
      const bad = names.filter((n, i) => !closeEnough(values[i], ref[n])).map((n) => `${n}: ${values[names.indexOf(n)]} vs ${ref[n]}`);
      expect(bad).toEqual([]);
    });

    it(`seed set matches librosa's statistics, tempo and HPSS power on ${clip}`, () => {
      const j = fixtureJson(clip);
      const { names, values } = extractFeatures(fixtureAudio(clip), { sr: 22050, set: 'seed' });
      const get = (n: string): number => values[names.indexOf(n)];
      expect(get('tempo')).toBeCloseTo(j.scalars.tempo, 6);
      expect(Math.abs(get('harmonic_power') / j.hpss.effects_hpss.harmonic_power - 1)).toBeLessThan(1e-4);
      expect(Math.abs(get('percussive_power') / j.hpss.effects_hpss.percussive_power - 1)).toBeLessThan(1e-4);
      for (const stat of ['mean', 'std', 'skew', 'kurtosis', 'median', 'min', 'max']) {
        for (let r = 0; r < 20; r++) {
          const ours = get(`mfcc_${stat}_${String(r + 1).padStart(2, '0')}`);
          const ref = j.stats.mfcc[stat][r];
          // MFCC tolerance of the spectral core: 1e-3 of the row's scale
          const scale = Math.max(1, Math.abs(j.stats.mfcc.max[r]), Math.abs(j.stats.mfcc.min[r]));
          const tol = stat === 'skew' || stat === 'kurtosis' ? 1e-2 * Math.max(1, Math.abs(ref)) : 1e-3 * scale;
          expect(Math.abs(ours - ref), `mfcc ${stat} row ${r + 1}`).toBeLessThanOrEqual(tol);
        }
        for (let r = 0; r < 6; r++) {
          const ours = get(`tonnetz_${stat}_${r + 1}`);
          const ref = j.stats.tonnetz[stat][r];
          const tol = stat === 'skew' || stat === 'kurtosis' ? 2e-2 * Math.max(1, Math.abs(ref)) : 2e-3;
          expect(Math.abs(ours - ref), `tonnetz ${stat} row ${r + 1}`).toBeLessThanOrEqual(tol);
        }
      }
    });
  }
});
