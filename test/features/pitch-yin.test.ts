import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { yin } from '../../src/features/pitch-yin.js';
import { MirkitError } from '../../src/errors.js';
import { CLIPS, describeShared, FIXTURES_DIR, fixtureAudio, withWasmFft } from '../helpers/shared.js';
import { MAX_YIN_WORK } from '../../src/limits.js';

const SR = 22050;
const FMIN = 65.40639132514966; // note_to_hz('C2')
const FMAX = 2093.004522404789; // note_to_hz('C7')

describe('yin', () => {
  it('finds the pitch of a harmonic tone and has one value per centred frame', () => {
    const y = new Float32Array(SR);
    for (let i = 0; i < y.length; i++) y[i] = 0.5 * Math.sin((2 * Math.PI * 220 * i) / SR) + 0.25 * Math.sin((2 * Math.PI * 440 * i) / SR);
    const f0 = yin(y, { fmin: FMIN, fmax: FMAX, sr: SR });
    expect(f0.length).toBe(1 + Math.floor(y.length / 512));
    for (let t = 5; t < f0.length - 5; t++) expect(Math.abs(1200 * Math.log2(f0[t] / 220))).toBeLessThan(5);
  });
  it('takes the same path with hops that do not divide the frame (per-frame autocorrelation)', () => {
    const y = new Float32Array(SR);
    for (let i = 0; i < y.length; i++) y[i] = Math.sin((2 * Math.PI * 330 * i) / SR);
    const a = yin(y, { fmin: FMIN, fmax: FMAX, hopLength: 500 });
    expect(a.length).toBe(1 + Math.floor(y.length / 500));
    expect(Math.abs(1200 * Math.log2(a[20] / 330))).toBeLessThan(5);
  });
  it('gives the same f0 on every FFT backend when the hop is the whole frame (one block a frame)', () => {
    // a tone whose pitch changes every frame: fft.js's block path once added the next frame's block to each frame
    const y = new Float32Array(SR);
    for (let i = 0; i < y.length; i++) y[i] = Math.sin((2 * Math.PI * (110 + 400 * Math.floor(i / 1024)) * i) / SR) * (1 + 0.1 * Math.sin(i / 7));
    for (const frameLength of [1024, 2048]) {
      const opts = { fmin: FMIN, fmax: FMAX, sr: SR, frameLength, hopLength: frameLength };
      const js = yin(y, { ...opts, fft: 'js' });
      const wasm = yin(y, { ...opts, fft: 'wasm' });
      expect(js.length).toBe(wasm.length);
      for (let t = 0; t < js.length; t++) expect(Math.abs(1200 * Math.log2(js[t] / wasm[t]))).toBeLessThan(0.01);
    }
  });
  it('rejects librosa-invalid parameters with MirkitError', () => {
    const y = new Float32Array(4096).fill(0.1);
    expect(() => yin(y, { fmin: 100, fmax: 20000 })).toThrow(MirkitError); // above Nyquist
    expect(() => yin(y, { fmin: 500, fmax: 400 })).toThrow(MirkitError);
    expect(() => yin(y, { fmin: 5, fmax: 400 })).toThrow(MirkitError); // period longer than the frame
    expect(() => yin(new Float32Array(0), { fmin: FMIN, fmax: FMAX })).toThrow(MirkitError);
    expect(() => yin(y, {} as never)).toThrow(MirkitError);
  });
  it('refuses frames x frameLength beyond 2^32 (BAD_OPTION) before any frame, and still runs a long frame on a few frames', () => {
    // frameLength 2^20 with hopLength 1: a frame per sample, 2^20 steps each (hours before the bound)
    const y = new Float32Array(2 ** 20 + 8192).fill(0.1);
    let err: unknown;
    try {
      yin(y, { fmin: 40, fmax: 400, frameLength: 2 ** 20, hopLength: 1 });
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(MirkitError);
    expect((err as MirkitError).code).toBe('BAD_OPTION');
    expect((err as MirkitError).message).toMatch(/hopLength/);
    expect((err as MirkitError).details).toMatchObject({ option: 'hopLength', bound: MAX_YIN_WORK });
    // the same frame length on one frame: under the bound, computed
    const f0 = yin(y, { fmin: 40, fmax: 400, frameLength: 2 ** 20, hopLength: 2 ** 18, center: false });
    expect(f0.length).toBe(1);
  });
  it('gives finite values on silence (librosa: sr / minPeriod)', () => {
    const f0 = yin(new Float32Array(8192), { fmin: FMIN, fmax: FMAX });
    for (const v of f0) expect(v).toBeCloseTo(SR / Math.floor(SR / FMAX), 9);
  });
});

function compareWithLibrosa(clip: string, fft?: 'js' | 'wasm'): void {
  const more = JSON.parse(readFileSync(join(FIXTURES_DIR, `${clip}.more.json`), 'utf8'));
  const ref: number[] = more.features.yin.data[0];
  const f0 = yin(fixtureAudio(clip), { fmin: FMIN, fmax: FMAX, sr: SR, fft });
  expect(f0.length).toBe(ref.length);
  let within = 0;
  for (let t = 0; t < ref.length; t++) if (Math.abs(1200 * Math.log2(f0[t] / ref[t])) <= 1) within++;
  expect(within / ref.length).toBeGreaterThanOrEqual(0.99);
}

describeShared('yin equals librosa 0.11 on the fixture clips', () => {
  for (const clip of CLIPS) it(`${clip}: f0 within 1 cent on >= 99% of frames`, () => compareWithLibrosa(clip));
  it('gtzan-country-00000 and librosa-choice on the PFFFT-wasm backend (real-FFT block path)', async () => {
    await withWasmFft(() => {
      compareWithLibrosa('gtzan-country-00000');
      compareWithLibrosa('librosa-choice');
    });
  });
});
