/** Shared helpers of the spectral feature tests (not a test file itself). */
import { expect } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import type { Matrix } from '../../src/matrix.js';
import { fixtureFeature, normalisedMaxError } from '../helpers/shared.js';

/** librosa compatibility tolerance of the spectral features: normalised max error. */
export const TOL = 1e-3;

/** Compares a 2-D feature with the fixture's, prints and returns the normalised max error. */
export function compareFeature(clip: string, key: string, ours: Matrix): number {
  const ref = fixtureFeature(clip, key);
  expect([ours.rows, ours.cols]).toEqual([ref.rows, ref.cols]);
  const err = normalisedMaxError(ours.data, ref.data);
  console.log(`[librosa-compat] ${key} ${clip}: normalised max error ${err.toExponential(2)}`);
  expect(err).toBeLessThanOrEqual(TOL);
  return err;
}

/** The MirkitError code `f` throws (fails when it throws anything else or nothing). */
export function errorCode(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    expect(e).toBeInstanceOf(MirkitError);
    return (e as MirkitError).code;
  }
  throw new Error('expected a MirkitError, nothing was thrown');
}

/** A sine of `freq` Hz, `seconds` long. */
export function sine(freq: number, sr = 22050, seconds = 1, amp = 0.5): Float32Array {
  const y = new Float32Array(Math.round(sr * seconds));
  for (let i = 0; i < y.length; i++) y[i] = amp * Math.sin((2 * Math.PI * freq * i) / sr);
  return y;
}
