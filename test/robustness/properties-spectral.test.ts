/**
 * Property-based robustness of the spectral entry points (issue #9).
 *
 * Every call on a random signal (1 sample .. a few thousand, 8-96 kHz, silence, DC, full-scale
 * square, clipped sine, white noise, float32 denormals, impulses) with random (sometimes invalid)
 * options either returns finite values of the documented shape or throws `MirkitError`: never another
 * exception, never NaN/Infinity.
 *
 * Runs per entry point (each `fc.assert` below states its `numRuns`): 1000 (100 in `npm test`; full
 * size in `npm run test:slow`, `MIRKIT_SLOW=1`) for stft, istft,
 * spectrogram, melSpectrogram, powerToDb, mfcc, spectralCentroid, spectralBandwidth, spectralRolloff,
 * rms, zeroCrossingRate, resample, summarize. Signals stay short (<= 4096 samples) and nFft small
 * (<= 512, including non-powers of two) so the whole file runs in well under a minute.
 */
import fc from 'fast-check';
import { describe, it, afterAll } from 'vitest';
import { stft, istft, spectrogram } from '../../src/dsp/stft.js';
import { melSpectrogram, mfcc } from '../../src/features/mel.js';
import { powerToDb } from '../../src/features/db.js';
import { spectralCentroid, spectralBandwidth, spectralRolloff } from '../../src/features/spectral.js';
import { rms } from '../../src/features/rms.js';
import { zeroCrossingRate } from '../../src/features/zcr.js';
import { resample } from '../../src/audio/resample.js';
import { summarize } from '../../src/stats/summary.js';
import { assertFinite, assertMatrix, centredFrames, errorTally, finiteOrMirkit, signalArb, srArb, synth, KINDS } from './util.js';
import { runsFor } from '../helpers/tiers.js';

// full size in npm run test:slow (MIRKIT_SLOW=1), a tenth in npm test
const RUNS = runsFor(1000, 100);
const SEED = Number(process.env.MIRKIT_FC_SEED ?? 20261124);
const params = (numRuns = RUNS) => ({ numRuns, seed: SEED });

/** nFft: small powers of two, odd and prime sizes (Bluestein), and now and then an invalid value. */
const nFftArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(16, 32, 64, 128, 256, 512) },
  { weight: 3, arbitrary: fc.integer({ min: 1, max: 600 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -64, 2.5, Number.NaN, Infinity) },
);
/** hop relative to nFft, now and then an invalid value. */
const hopArb = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(0.25, 0.5, 1, 0.125) }, { weight: 1, arbitrary: fc.constantFrom(0, -1, Number.NaN) });
const hopOf = (nFft: number, h: number) => (h > 0 && Number.isFinite(nFft) && nFft > 0 ? Math.max(1, Math.floor(nFft * h)) : h);

afterAll(() => {
  const lines = [...errorTally].map(([k, v]) => `  ${k}: ${[...v].map(([c, n]) => `${c}=${n}`).join(' ')}`);
  if (lines.length) console.log(`MirkitError codes seen (spectral properties):\n${lines.join('\n')}`);
});

describe('robustness properties: STFT family', () => {
  it(`stft: finite (1 + nFft/2) x frames or MirkitError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), nFftArb, hopArb, fc.boolean(), (s, nFft, h, center) => {
        const hop = hopOf(nFft, h);
        finiteOrMirkit(
          'stft',
          () => stft(s.y, { nFft, hopLength: hop, center }),
          (X) => {
            const cols = center ? centredFrames(s.n, nFft, hop) : 1 + Math.floor((s.n - nFft) / hop);
            if (X.rows !== Math.floor(nFft / 2) + 1 || X.cols !== cols)
              throw new Error(`shape ${X.rows}x${X.cols}, expected ${Math.floor(nFft / 2) + 1}x${cols}`);
            assertFinite(X.re, 're');
            assertFinite(X.im, 'im');
          },
        );
      }),
      params(),
    );
  });

  it(`istft(stft(y), { length }): finite, of the requested length (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), fc.constantFrom(16, 32, 64, 128, 256, 30, 100), hopArb, (s, nFft, h) => {
        const hop = hopOf(nFft, h);
        let X: ReturnType<typeof stft>;
        try {
          X = stft(s.y, { nFft, hopLength: hop });
        } catch {
          return; // invalid hop: covered by the stft property
        }
        finiteOrMirkit(
          'istft',
          () => istft(X, { hopLength: hop, length: s.n }),
          (y) => {
            if (y.length !== s.n) throw new Error(`length ${y.length}, expected ${s.n}`);
            assertFinite(y, 'y');
          },
        );
        finiteOrMirkit(
          'istft',
          () => istft(X, { hopLength: hop }),
          (y) => assertFinite(y, 'y'),
        );
      }),
      params(),
    );
  });

  it(`spectrogram: finite, non-negative, same shape as stft (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), nFftArb, hopArb, fc.constantFrom(1, 2, 0.5, 3), (s, nFft, h, power) => {
        const hop = hopOf(nFft, h);
        finiteOrMirkit(
          'spectrogram',
          () => spectrogram(s.y, { nFft, hopLength: hop, power }),
          (S) => {
            assertMatrix(S, 'S', Math.floor(nFft / 2) + 1, centredFrames(s.n, nFft, hop));
            for (const v of S.data) if (v < 0) throw new Error('negative magnitude');
          },
        );
      }),
      params(),
    );
  });
});

describe('robustness properties: mel, dB, MFCC', () => {
  const melArb = fc.record({
    nFft: nFftArb,
    h: hopArb,
    nMels: fc.oneof({ weight: 9, arbitrary: fc.integer({ min: 1, max: 64 }) }, { weight: 1, arbitrary: fc.constantFrom(0, -3, 300) }),
    fmaxFrac: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(undefined, 0.5, 0.25, 1) }, { weight: 1, arbitrary: fc.constantFrom(1.5, -1) }),
  });

  it(`melSpectrogram: finite nMels x frames or MirkitError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), melArb, (s, o) => {
        const hop = hopOf(o.nFft, o.h);
        const fmax = o.fmaxFrac === undefined ? undefined : (o.fmaxFrac * s.sr) / 2;
        finiteOrMirkit(
          'melSpectrogram',
          () => melSpectrogram(s.y, { sr: s.sr, nFft: o.nFft, hopLength: hop, nMels: o.nMels, fmax }),
          (M) => {
            assertMatrix(M, 'mel', o.nMels, centredFrames(s.n, o.nFft, hop));
          },
        );
      }),
      params(),
    );
  });

  it(`powerToDb: finite, same shape, on spectrograms and on hostile non-negative matrices (${RUNS} runs)`, () => {
    const hostile = fc
      .record({
        rows: fc.integer({ min: 1, max: 8 }),
        cols: fc.integer({ min: 1, max: 8 }),
        seed: fc.integer(),
        kind: fc.constantFrom('zero', 'tiny', 'huge', 'mixed'),
      })
      .map(({ rows, cols, seed, kind }) => {
        const data = new Float32Array(rows * cols);
        let x = seed >>> 0;
        for (let i = 0; i < data.length; i++) {
          x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
          const u = x / 2 ** 32;
          data[i] = kind === 'zero' ? 0 : kind === 'tiny' ? u * 1e-40 : kind === 'huge' ? u * 3e38 : u < 0.3 ? 0 : u < 0.6 ? 1e-44 : u * 1e30;
        }
        return { rows, cols, data };
      });
    fc.assert(
      fc.property(
        fc.oneof(
          hostile,
          signalArb(2048).map((s) => spectrogram(s.y, { nFft: 64, hopLength: 16, power: 2 })),
        ),
        fc.constantFrom(1, 'max' as const, 1e-3),
        fc.constantFrom(80, null, 0, 120),
        (S, ref, topDb) => {
          finiteOrMirkit(
            'powerToDb',
            () => powerToDb(S, { ref, topDb }),
            (D) => assertMatrix(D, 'dB', S.rows, S.cols),
          );
        },
      ),
      params(),
    );
  });

  it(`mfcc: finite nMfcc x frames or MirkitError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), melArb, fc.integer({ min: 1, max: 20 }), (s, o, nMfcc) => {
        const hop = hopOf(o.nFft, o.h);
        finiteOrMirkit(
          'mfcc',
          () => mfcc(s.y, { sr: s.sr, nFft: o.nFft, hopLength: hop, nMels: o.nMels, nMfcc }),
          (M) => {
            assertMatrix(M, 'mfcc', nMfcc, centredFrames(s.n, o.nFft, hop));
          },
        );
      }),
      params(),
    );
  });
});

describe('robustness properties: frame features', () => {
  const specArb = fc.record({ nFft: nFftArb, h: hopArb });
  for (const [name, f] of [
    ['spectralCentroid', spectralCentroid],
    ['spectralBandwidth', spectralBandwidth],
    ['spectralRolloff', spectralRolloff],
  ] as const) {
    it(`${name}: finite 1 x frames or MirkitError (1000 runs)`, () => {
      fc.assert(
        fc.property(signalArb(4096), specArb, (s, o) => {
          const hop = hopOf(o.nFft, o.h);
          finiteOrMirkit(
            name,
            () => f(s.y, { sr: s.sr, nFft: o.nFft, hopLength: hop }),
            (M) => {
              assertMatrix(M, name, 1, centredFrames(s.n, o.nFft, hop));
              if (name !== 'spectralBandwidth') for (const v of M.data) if (v < 0 || v > s.sr / 2 + 1e-3) throw new Error(`${name} ${v} outside [0, sr/2]`);
            },
          );
        }),
        params(),
      );
    });
  }

  it(`rms: finite, non-negative 1 x frames or MirkitError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), nFftArb, hopArb, fc.boolean(), (s, frameLength, h, center) => {
        const hop = hopOf(frameLength, h);
        finiteOrMirkit(
          'rms',
          () => rms(s.y, { frameLength, hopLength: hop, center }),
          (M) => {
            assertMatrix(M, 'rms', 1, center ? centredFrames(s.n, frameLength, hop) : undefined);
            for (const v of M.data) if (v < 0) throw new Error('negative rms');
          },
        );
      }),
      params(),
    );
  });

  it(`zeroCrossingRate: finite, in [0, 1], 1 x frames or MirkitError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), nFftArb, hopArb, fc.boolean(), (s, frameLength, h, center) => {
        const hop = hopOf(frameLength, h);
        finiteOrMirkit(
          'zeroCrossingRate',
          () => zeroCrossingRate(s.y, { frameLength, hopLength: hop, center }),
          (M) => {
            assertMatrix(M, 'zcr', 1, center ? centredFrames(s.n, frameLength, hop) : undefined);
            for (const v of M.data) if (v < 0 || v > 1) throw new Error(`zcr ${v} outside [0, 1]`);
          },
        );
      }),
      params(),
    );
  });
});

describe('robustness properties: resample and summarize', () => {
  // resample designs a polyphase filter per rate pair (cached), 0.2-0.6 s for an unusual ratio: the
  // 1000 runs use the usual rates 8-96 kHz (all 81 pairs), and a further 40 runs arbitrary
  // integer/fractional rates.
  const commonSr = fc.constantFrom(8000, 11025, 16000, 22050, 32000, 44100, 48000, 88200, 96000);
  const resampleCase = (s: { y: Float32Array; n: number; sr: number }, to: number) =>
    finiteOrMirkit(
      'resample',
      () => resample(s.y, s.sr, to),
      (y) => {
        // librosa: ceil(n * (to / from)) with the ratio in float64 first (1323 @ 88200 -> 48000 gives 721)
        const expected = Math.ceil(s.n * (to / s.sr));
        if (y.length !== expected) throw new Error(`length ${y.length}, expected ${expected} (${s.n} @ ${s.sr} -> ${to})`);
        assertFinite(y, 'y');
      },
    );
  it('resample between arbitrary rates in 8-96 kHz (40 runs)', () => {
    fc.assert(
      fc.property(signalArb(4096), srArb, (s, to) => resampleCase(s, to)),
      params(40),
    );
  });
  it(`resample: finite, ceil(n * to / from) samples or MirkitError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        signalArb(4096).chain((s) => commonSr.map((sr) => ({ ...s, sr }))),
        commonSr,
        (s, to) => resampleCase(s, to),
      ),
      params(),
    );
  });

  it(`summarize: seven finite statistics per row or MirkitError (${RUNS} runs)`, () => {
    const matArb = fc
      .record({
        rows: fc.integer({ min: 1, max: 6 }),
        cols: fc.integer({ min: 1, max: 300 }),
        kind: fc.constantFrom(...KINDS),
        seed: fc.integer(),
        scale: fc.constantFrom(1, 1e-30, 1e30, -100),
      })
      .map(({ rows, cols, kind, seed, scale }) => {
        const y = synth(kind, rows * cols, 22050, seed);
        const data = new Float64Array(y.length);
        for (let i = 0; i < y.length; i++) data[i] = y[i] * scale;
        return { rows, cols, data };
      });
    fc.assert(
      fc.property(matArb, (m) => {
        finiteOrMirkit(
          'summarize',
          () => summarize(m),
          (r) => {
            for (const k of ['mean', 'std', 'skew', 'kurtosis', 'median', 'min', 'max'] as const) {
              if (r[k].length !== m.rows) throw new Error(`${k} has ${r[k].length} values for ${m.rows} rows`);
              assertFinite(r[k], k);
            }
          },
        );
      }),
      params(),
    );
  });
});
