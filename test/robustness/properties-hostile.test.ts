/**
 * Property-based hostile input at every public entry point (issue 16).
 *
 * Each case draws a signal (silence, DC, square, noise, denormals, ... of 1..2048 samples, and
 * now and then a hostile one: NaN/Inf/1e30 inside, empty, not an array) and an options object
 * (the function's own keys with valid or hostile values: null, NaN, +-Infinity, negatives, 2^31,
 * 1e308, strings, arrays, objects, callbacks that return NaN; librosa's snake_case names, typos,
 * `__proto__`; or the whole object null, a number, a string, an array). The contract, per case:
 * a finite result of the documented shape, or a `MirkitError` with a documented code, within 5 s.
 *
 * Run sizes: `HOSTILE_RUNS` per entry point (40 in the default `npm test`, 1000 with
 * `MIRKIT_SLOW=1`, which `npm run test:slow` sets), seeded by `MIRKIT_FC_SEED`.
 */
import fc from 'fast-check';
import { afterAll, describe, it } from 'vitest';
import * as m from '../../src/index.js';
import type { EntryPoint } from '../../src/options.js';
import { errorTally } from './util.js';
import { contract, hostileSignalArb, HOSTILE_RUNS, optionsArb, SEED } from './hostile-contract.js';

type SignalFn = (y: never, o: never) => unknown;
const SIGNAL_ENTRY_POINTS: [EntryPoint, SignalFn][] = [
  ['stft', m.stft],
  ['spectrogram', m.spectrogram],
  ['melSpectrogram', m.melSpectrogram],
  ['mfcc', m.mfcc],
  ['spectralCentroid', m.spectralCentroid],
  ['spectralBandwidth', m.spectralBandwidth],
  ['spectralRolloff', m.spectralRolloff],
  ['rms', m.rms],
  ['zeroCrossingRate', m.zeroCrossingRate],
  ['onsetStrength', m.onsetStrength],
  ['tempo', m.tempo],
  ['tempogram', m.tempogram],
  ['beatTrack', m.beatTrack as SignalFn],
  ['piptrack', m.piptrack],
  ['estimateTuning', m.estimateTuning],
  ['chromaStft', m.chromaStft],
  ['chromaCqt', m.chromaCqt],
  ['chromaCens', m.chromaCens],
  ['tonnetz', m.tonnetz],
  ['cqt', m.cqt],
  ['hpssAudio', m.hpssAudio],
];

afterAll(() => {
  const lines = [...errorTally].map(([k, v]) => `  ${k}: ${[...v].map(([c, n]) => `${c}=${n}`).join(' ')}`);
  if (lines.length) console.log(`MirkitError codes seen (hostile properties, ${HOSTILE_RUNS} runs each):\n${lines.join('\n')}`);
});

describe(`hostile properties: every signal entry point (${HOSTILE_RUNS} runs each)`, () => {
  for (const [fn, f] of SIGNAL_ENTRY_POINTS) {
    it(`${fn}: finite documented shape or a documented MirkitError, under 5 s`, () => {
      fc.assert(
        fc.property(hostileSignalArb, optionsArb(fn), (y, o) => {
          const n = ArrayBuffer.isView(y) || Array.isArray(y) ? (y as ArrayLike<number>).length : undefined;
          contract(fn, () => f(y as never, o as never), o, n);
        }),
        { numRuns: HOSTILE_RUNS, seed: SEED },
      );
    });
  }
});

describe(`hostile properties: entry points on spectrograms, filters, rates (${HOSTILE_RUNS} runs each)`, () => {
  const S = m.spectrogram(
    new Float32Array(2048).map((_, i) => Math.sin(i / 3)),
    { nFft: 64, hopLength: 32 },
  );
  it('powerToDb, amplitudeToDb, hpss on a spectrogram', () => {
    fc.assert(
      fc.property(optionsArb('powerToDb'), optionsArb('hpss'), (o, h) => {
        contract('powerToDb', () => m.powerToDb(S, o as never), o);
        contract('amplitudeToDb', () => m.amplitudeToDb(S, o as never), o);
        contract('hpss', () => m.hpss(S, h as never), h);
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });
  it('melFilterbank, chromaFilterbank', () => {
    fc.assert(
      fc.property(optionsArb('melFilterbank'), optionsArb('chromaFilterbank'), (a, b) => {
        contract('melFilterbank', () => m.melFilterbank(a as never), a);
        contract('chromaFilterbank', () => m.chromaFilterbank(b as never), b);
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });
  it('resample with hostile rates and options', () => {
    const rate = fc.oneof(fc.constantFrom(8000, 16000, 22050, 44100), fc.constantFrom(0, -1, Number.NaN, Infinity, 1e-3, 1e308, 2, 1));
    fc.assert(
      fc.property(hostileSignalArb, rate, rate, optionsArb('resample'), (y, a, b, o) => {
        contract('resample', () => m.resample(y as never, a, b, o as never), o);
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });
});
