/**
 * The streaming analyzer against the offline functions on the whole signal, over random
 * chunkings of the real fixture clips (normalised max error <= 1e-4), and its refusals.
 */
import { describe, expect, it } from 'vitest';
import {
  createAnalyzer,
  chromaStft,
  estimateTuning,
  melSpectrogram,
  mfcc,
  onsetStrength,
  polyFeatures,
  powerToDb,
  rms,
  spectralBandwidth,
  spectralCentroid,
  spectralContrast,
  spectrogram,
  spectralCrest,
  spectralFlatness,
  spectralFlux,
  spectralKurtosis,
  spectralRolloff,
  spectralSkewness,
  spectralSlope,
  spectralSpread,
  loudness,
  perceptualSharpness,
  perceptualSpread,
  zeroCrossingRate,
  yin,
  MirkitError,
  type AnalyzerFeature,
  type Frame,
  type Matrix,
} from '../../src/index.js';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CLIPS, describeShared, FIXTURES_DIR, fixtureAudio, normalisedMaxError } from '../helpers/shared.js';
import { withinHangBound } from '../helpers/hang-guard.js';

const SR = 22050;

/** A seeded generator of chunk sizes (xorshift). */
function chunker(seed: number, max: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s >>>= 0;
    s ^= s >>> 17;
    s ^= s << 5;
    s >>>= 0;
    // mostly small chunks, sometimes large ones
    const r = s / 4294967296;
    return 1 + Math.floor(r < 0.8 ? r * 1024 : (r - 0.8) * 5 * max);
  };
}

/** Streams `y` through an analyzer in chunks drawn by `next`, flush included. */
function stream(y: Float32Array, features: AnalyzerFeature[], next: () => number, extra: Parameters<typeof createAnalyzer>[0]['options'] = {}): Frame[] {
  const a = createAnalyzer({ sr: SR, features, options: extra });
  const frames: Frame[] = [];
  for (let i = 0; i < y.length; ) {
    const n = Math.min(y.length - i, next());
    frames.push(...a.push(y.subarray(i, i + n)));
    i += n;
  }
  frames.push(...a.flush());
  return frames;
}

/** The streamed values of one feature as a bin-major matrix. */
function streamed(frames: Frame[], name: string): Matrix {
  const rows = frames[0].values[name].length;
  const T = frames.length;
  const data = new Float64Array(rows * T);
  frames.forEach((f, t) => {
    const v = f.values[name];
    for (let r = 0; r < rows; r++) data[r * T + t] = v[r];
  });
  return { rows, cols: T, data };
}

function expectEqual(frames: Frame[], name: string, ref: Matrix): void {
  const got = streamed(frames, name);
  expect([name, got.rows, got.cols]).toEqual([name, ref.rows, ref.cols]);
  const err = normalisedMaxError(got.data, ref.data);
  expect(err, `${name}: normalised max error ${err}`).toBeLessThanOrEqual(1e-4);
}

const MUST_HOLD: AnalyzerFeature[] = [
  'melSpectrogram',
  'mfcc',
  'chromaStft',
  'spectralCentroid',
  'spectralBandwidth',
  'spectralRolloff',
  'spectralFlatness',
  'spectralContrast',
  'rms',
  'zeroCrossingRate',
  'onsetStrength',
];

describeShared('createAnalyzer equals the offline functions on the fixture clips', () => {
  for (const [c, clip] of CLIPS.entries()) {
    it(`${clip}: ${MUST_HOLD.length} features over a random chunking`, () => {
      const y = fixtureAudio(clip);
      const frames = stream(y, MUST_HOLD, chunker(1234 + c, 3 * SR));
      frames.forEach((f, t) => {
        expect(f.index).toBe(t);
        expect(f.time).toBeCloseTo((t * 512) / SR, 12);
      });
      const mel = melSpectrogram(y, { sr: SR });
      // the streamed dB values are unclipped (no stream knows the global maximum in advance)
      const melDb = powerToDb(mel, { topDb: null });
      const onset = onsetStrength(null, { sr: SR, S: melDb });
      expectEqual(frames, 'melSpectrogram', mel);
      expectEqual(frames, 'mfcc', mfcc(null, { S: melDb }));
      expectEqual(frames, 'chromaStft', chromaStft(y, { sr: SR, tuning: 0 }));
      expectEqual(frames, 'spectralCentroid', spectralCentroid(y, { sr: SR }));
      expectEqual(frames, 'spectralBandwidth', spectralBandwidth(y, { sr: SR }));
      expectEqual(frames, 'spectralRolloff', spectralRolloff(y, { sr: SR }));
      expectEqual(frames, 'spectralFlatness', spectralFlatness(y, { sr: SR }));
      expectEqual(frames, 'spectralContrast', spectralContrast(y, { sr: SR, topDb: null }));
      expectEqual(frames, 'rms', rms(y));
      expectEqual(frames, 'zeroCrossingRate', zeroCrossingRate(y));
      expectEqual(frames, 'onsetStrength', { rows: 1, cols: onset.length, data: onset });
    });
  }

  it('chromaStft with the tuning passed equals chromaStft(y) with its whole-signal estimate', () => {
    const y = fixtureAudio('librosa-choice');
    // chroma_stft estimates its tuning on the power spectrogram
    const tuning = estimateTuning({ S: spectrogram(y, { hopLength: 512, power: 2 }) }, { sr: SR, binsPerOctave: 12 });
    expect(tuning).not.toBe(0);
    const frames = stream(y, ['chromaStft'], chunker(7, SR), { chromaStft: { tuning } });
    expectEqual(frames, 'chromaStft', chromaStft(y, { sr: SR }));
  });

  it('the descriptors without a librosa counterpart equal their offline functions', () => {
    const y = fixtureAudio('fma-000002');
    const names: AnalyzerFeature[] = [
      'polyFeatures',
      'spectralSlope',
      'spectralSpread',
      'spectralSkewness',
      'spectralKurtosis',
      'spectralCrest',
      'spectralFlux',
      'loudness',
      'perceptualSpread',
      'perceptualSharpness',
    ];
    const frames = stream(y, names, chunker(99, 2 * SR));
    const l = loudness(y, { sr: SR });
    const both: Matrix = { rows: l.specific.rows + 1, cols: l.total.cols, data: Float64Array.from([...l.specific.data, ...l.total.data]) };
    expectEqual(frames, 'polyFeatures', polyFeatures(y, { sr: SR }));
    expectEqual(frames, 'spectralSlope', spectralSlope(y, { sr: SR }));
    expectEqual(frames, 'spectralSpread', spectralSpread(y, { sr: SR }));
    expectEqual(frames, 'spectralSkewness', spectralSkewness(y, { sr: SR }));
    expectEqual(frames, 'spectralKurtosis', spectralKurtosis(y, { sr: SR }));
    expectEqual(frames, 'spectralCrest', spectralCrest(y, { sr: SR }));
    expectEqual(frames, 'spectralFlux', spectralFlux(y, { sr: SR }));
    expectEqual(frames, 'loudness', both);
    expectEqual(frames, 'perceptualSpread', perceptualSpread(y, { sr: SR }));
    expectEqual(frames, 'perceptualSharpness', perceptualSharpness(y, { sr: SR }));
  });

  it('logMel.topDb clips at the running maximum: mfcc and onsetStrength equal librosa defaults from the loudest frame on', () => {
    const y = fixtureAudio('librosa-brahms');
    const frames = stream(y, ['mfcc', 'onsetStrength'], chunker(5, SR), { logMel: { topDb: 80 } });
    const mel = melSpectrogram(y, { sr: SR });
    // the frame holding the loudest mel value: from it on the running maximum is the global one
    let best = -Infinity,
      tStar = 0;
    for (let i = 0; i < mel.data.length; i++)
      if (mel.data[i] > best) {
        best = mel.data[i];
        tStar = i % mel.cols;
      }
    const tail = (m: Matrix, from: number): Matrix => {
      const cols = m.cols - from;
      const data = new Float64Array(m.rows * cols);
      for (let r = 0; r < m.rows; r++) for (let t = 0; t < cols; t++) data[r * cols + t] = m.data[r * m.cols + from + t];
      return { rows: m.rows, cols, data };
    };
    const M = mfcc(y, { sr: SR });
    const O = onsetStrength(y, { sr: SR });
    expect(tStar).toBeGreaterThan(0);
    expectEqual(frames.slice(tStar), 'mfcc', tail(M, tStar));
    expectEqual(frames.slice(tStar + 3), 'onsetStrength', tail({ rows: 1, cols: O.length, data: O }, tStar + 3));
    // before it the stream clips less than librosa: the default (unclipped) differs from mfcc(y) on this clip
    const plain = stream(y, ['mfcc'], chunker(5, SR));
    expect(normalisedMaxError(streamed(plain, 'mfcc').data, M.data)).toBeGreaterThan(0.1);
  });

  it('one-sample chunks and one whole-signal chunk give the same frames', () => {
    const y = fixtureAudio('madmom-sample').subarray(0, 2 * SR + 77);
    const names: AnalyzerFeature[] = ['mfcc', 'rms', 'zeroCrossingRate', 'onsetStrength', 'spectralFlux'];
    const one = stream(y, names, () => 1);
    const whole = stream(y, names, () => y.length);
    expect(one.length).toBe(whole.length);
    expect(one.length).toBe(1 + Math.floor(y.length / 512));
    for (const n of names) expect(streamed(one, n).data).toEqual(streamed(whole, n).data);
    expectEqual(one, 'rms', rms(y));
    expectEqual(one, 'zeroCrossingRate', zeroCrossingRate(y));
  });
});

/** C2 and C7, librosa's suggested yin range (`note_to_hz`). */
const YIN = { fmin: 65.40639132514966, fmax: 2093.004522404789 };

/** Cents between two f0 arrays, frame by frame. */
function cents(got: ArrayLike<number>, ref: ArrayLike<number>): number[] {
  return Array.from(ref, (r, t) => Math.abs(1200 * Math.log2(got[t] / r)));
}

describeShared('createAnalyzer yin equals yin(y) on the fixture clips', () => {
  for (const [c, clip] of CLIPS.entries()) {
    it(`${clip}: yin over a random chunking, against yin(y) and librosa's f0`, () => {
      const y = fixtureAudio(clip);
      const frames = stream(y, ['yin'], chunker(77 + c, 2 * SR), { yin: YIN });
      const got = frames.map((f) => f.values.yin[0]);
      const offline = cents(got, yin(y, { ...YIN, sr: SR }));
      const more = JSON.parse(readFileSync(join(FIXTURES_DIR, `${clip}.more.json`), 'utf8'));
      const librosa = cents(got, more.features.yin.data[0]);
      expect(got.length).toBe(offline.length);
      const worst = (d: number[]): number => d.reduce((m, v) => Math.max(m, v), 0);
      const within = (d: number[]): number => d.filter((v) => v <= 1).length / d.length;
      console.log(
        `${clip}: streamed yin vs yin(y) worst ${worst(offline).toFixed(4)} cent, vs librosa worst ${worst(librosa).toFixed(4)} cent, ${(100 * within(librosa)).toFixed(2)}% within 1 cent`,
      );
      // the same transforms as yin(y): equal up to the float32 of the frame values
      expect(worst(offline)).toBeLessThan(0.001);
      expect(within(librosa)).toBeGreaterThanOrEqual(0.99);
    }, 60000);
  }
});

describe('createAnalyzer', () => {
  it('yin uses nFft / hopLength as its frame length / hop, equal to yin(y) over chunks of 1 sample and one chunk', () => {
    const sr = 16000;
    const y = Float32Array.from(
      { length: 9000 },
      (_, i) => Math.sin((2 * Math.PI * 220 * (1 + i / 18000) * i) / sr) + 0.3 * Math.sin((2 * Math.PI * 660 * i) / sr),
    );
    const opts = { fmin: 80, fmax: 1000, troughThreshold: 0.2 };
    const ref = yin(y, { ...opts, sr, frameLength: 1024, hopLength: 200 });
    for (const size of [1, y.length]) {
      const a = createAnalyzer({ sr, nFft: 1024, hopLength: 200, features: ['yin', 'rms'], options: { yin: opts } });
      const frames: Frame[] = [];
      for (let i = 0; i < y.length; i += size) frames.push(...a.push(y.subarray(i, i + size)));
      frames.push(...a.flush());
      expect(frames.length).toBe(ref.length);
      expect(
        Math.max(
          ...cents(
            frames.map((f) => f.values.yin[0]),
            ref,
          ),
        ),
      ).toBeLessThan(0.01);
    }
    // fmin and fmax are required, as yin's; its option checks apply
    expect(() => createAnalyzer({ sr, features: ['yin'] })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => createAnalyzer({ sr, features: ['yin'], options: { yin: { fmin: 5, fmax: 1000 } } })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => createAnalyzer({ sr, features: ['yin'], options: { yin: { fmin: 100, fmax: 9000 } } })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    // its frame length and hop are the analyzer's nFft and hopLength, not options
    expect(() => createAnalyzer({ sr, features: ['yin'], options: { yin: { ...opts, frameLength: 512 } as never } })).toThrow(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
    expect(() => createAnalyzer({ sr, features: ['yin'], options: { yin: { ...opts, fmn: 512 } as never } })).toThrow(
      expect.objectContaining({ code: 'UNKNOWN_OPTION' }),
    );
  });

  it('refuses features that need the whole signal with UNSUPPORTED, unknown names with BAD_OPTION', () => {
    const wholeSignal = ['tempo', 'beatTrack', 'chromaCqt', 'tonnetz', 'pyin', 'onsetDetect', 'onsetBacktrack', 'fourierTempogram', 'plp', 'tempogram'];
    for (const f of [...wholeSignal, 'vqt', 'vqtMagnitude', 'chromaVqt', 'fourierTempogramMagnitude', 'trim', 'split']) {
      expect(() => createAnalyzer({ sr: SR, features: [f as AnalyzerFeature] })).toThrow(expect.objectContaining({ code: 'UNSUPPORTED' }));
    }
    // with the reason
    expect(() => createAnalyzer({ sr: SR, features: ['pyin' as AnalyzerFeature] })).toThrow(/pyin cannot be streamed: .*Viterbi.*stream 'yin'/);
    expect(() => createAnalyzer({ sr: SR, features: ['trim' as AnalyzerFeature] })).toThrow(/whole signal's loudest frame/);
    expect(() => createAnalyzer({ sr: SR, features: ['nope' as AnalyzerFeature] })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    expect(() => createAnalyzer({ sr: SR, features: [] })).toThrow(MirkitError);
    expect(() => createAnalyzer({ sr: 0, features: ['rms'] })).toThrow(expect.objectContaining({ code: 'BAD_SAMPLE_RATE' }));
    expect(() => createAnalyzer({ sr: SR, features: ['mfcc'], options: { mfcc: { nMfcc: 500 } } })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
  });

  it('refuses misspelt keys with UNKNOWN_OPTION at the top level and in each group of options (they were ignored)', () => {
    const refused = (o: object) => {
      try {
        createAnalyzer({ sr: SR, features: ['mfcc'], ...o } as never);
      } catch (e) {
        return [(e as MirkitError).code, (e as MirkitError).details?.suggestion];
      }
      return 'accepted';
    };
    expect(refused({ hop_length: 256 })).toEqual(['UNKNOWN_OPTION', 'hopLength']);
    expect(refused({ options: { mfc: {} } })).toEqual(['UNKNOWN_OPTION', 'mfcc']);
    expect(refused({ options: { melSpectrogram: { nMel: 64 } } })).toEqual(['UNKNOWN_OPTION', 'nMels']);
    expect(refused({ options: 5 })).toEqual(['BAD_OPTION', undefined]);
    expect(refused({ options: { mfcc: 'x' } })).toEqual(['BAD_OPTION', undefined]);
    // every documented group and key is accepted; groups of features not requested too
    expect(
      refused({
        options: {
          melSpectrogram: { nMels: 64, fmin: 0, fmax: 8000, htk: false, norm: 'slaney' },
          logMel: { topDb: 80 },
          mfcc: { nMfcc: 13, lifter: 0 },
          chromaStft: { tuning: 0 },
          zeroCrossingRate: { pad: false },
        },
      }),
    ).toBe('accepted');
  });

  it('refuses nFft and hopLength beyond the offline bounds (2^20, 2^24) with BAD_OPTION, at once', () => {
    withinHangBound(() => {
      for (const o of [{ nFft: 2 ** 30 }, { nFft: 2 ** 20 + 2 }, { hopLength: 2 ** 30 }, { nFft: 1 }]) {
        expect(() => createAnalyzer({ sr: SR, features: ['rms'], ...o })).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
      }
    });
  });

  it('push refuses array-likes with a bogus length or non-number samples (BAD_OPTION / NON_FINITE) before buffering them', () => {
    const a = createAnalyzer({ sr: SR, features: ['rms'] });
    withinHangBound(() => {
      for (const bad of [{ length: 1e10 }, { length: 2 ** 31 }]) {
        expect(() => a.push(bad as unknown as ArrayLike<number>)).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
      }
    });
    for (const bad of [{ length: -1 }, { length: 2.5, 0: 0.1, 1: 0.1, 2: 0.1 }, new BigInt64Array(4)]) {
      expect(() => a.push(bad as unknown as ArrayLike<number>)).toThrow(expect.objectContaining({ code: 'BAD_OPTION' }));
    }
    expect(() => a.push([0.1, 1n as unknown as number])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    // nothing was buffered: the stream is the valid samples alone
    const y = new Float32Array(3000).map((_, i) => Math.sin(i / 10));
    const frames = [...a.push(y), ...a.flush()];
    const ref = rms(y);
    expect(frames.map((f) => f.values.rms[0])).toEqual(Array.from(ref.data));
  });

  it('throws NON_FINITE for NaN samples, returns no frames for an empty signal, and restarts after flush', () => {
    const a = createAnalyzer({ sr: SR, features: ['rms', 'spectralCentroid'] });
    expect(() => a.push(new Float32Array([0, NaN]))).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
    // beyond the offline bound (+-2^24): refused as mfcc(y) refuses it, not frames of NaN / Infinity
    for (const v of [3e38, -1e30, 2 ** 24]) {
      const big = new Float32Array(4096).fill(0.5);
      big[100] = v;
      expect(() => a.push(big)).toThrow(expect.objectContaining({ code: 'BAD_DATA', details: expect.objectContaining({ index: 100 }) }));
    }
    expect(() => a.push([0, 0.5, 2 ** 24 - 1])).not.toThrow();
    a.reset();
    expect(a.flush()).toEqual([]);
    const y = new Float32Array(3000).map((_, i) => Math.sin(i / 10));
    const first = [...a.push(y), ...a.flush()];
    const again = [...a.push(y), ...a.flush()];
    expect(first.length).toBe(1 + Math.floor(3000 / 512));
    expect(again.map((f) => f.index)).toEqual(first.map((f) => f.index));
    expect(again.map((f) => f.values.rms[0])).toEqual(first.map((f) => f.values.rms[0]));
    for (const f of first) expect(Number.isFinite(f.values.spectralCentroid[0])).toBe(true);
  });

  it('equals the offline functions for odd frame sizes and hops (hop > nFft included), chunk sizes varying', () => {
    const sr = 16000;
    const n = 12345;
    const y = new Float32Array(n).map((_, i) => Math.sin(i * 0.1) * Math.sin(i * 0.0007) + 0.01 * Math.cos(i * 1.3));
    for (const [nFft, hop] of [
      [1000, 300],
      [512, 1024],
      [64, 64],
      [100, 7],
    ]) {
      const a = createAnalyzer({
        sr,
        nFft,
        hopLength: hop,
        features: ['spectralCentroid', 'rms', 'zeroCrossingRate', 'melSpectrogram'],
        options: { melSpectrogram: { nMels: 16 } },
      });
      const frames: Frame[] = [];
      for (let i = 0, k = 1; i < n; i += k, k = ((k * 7 + 3) % 997) + 1) frames.push(...a.push(y.subarray(i, i + k)));
      frames.push(...a.flush());
      expectEqual(frames, 'spectralCentroid', spectralCentroid(y, { sr, nFft, hopLength: hop }));
      expectEqual(frames, 'rms', rms(y, { frameLength: nFft, hopLength: hop }));
      expectEqual(frames, 'zeroCrossingRate', zeroCrossingRate(y, { frameLength: nFft, hopLength: hop }));
      expectEqual(frames, 'melSpectrogram', melSpectrogram(y, { sr, nFft, hopLength: hop, nMels: 16 }));
    }
  });

  it('reports rows per feature', () => {
    const a = createAnalyzer({ sr: SR, features: ['mfcc', 'chromaStft', 'spectralContrast', 'loudness', 'rms'], options: { mfcc: { nMfcc: 13 } } });
    expect(a.rows).toEqual({ mfcc: 13, chromaStft: 12, spectralContrast: 7, loudness: 25, rms: 1 });
  });
});
