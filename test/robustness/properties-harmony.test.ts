/**
 * Property-based robustness of the harmony, rhythm and separation entry points (issue #9).
 *
 * Same oracle as properties-spectral: a finite result of the documented shape, or a `MirkitError`.
 *
 * Runs per entry point (each `fc.assert` states its `numRuns`), full size in `npm run test:slow`
 * (`MIRKIT_SLOW=1`), reduced in `npm test`:
 * - 1000 (100): estimateTuning, chromaStft, onsetStrength, tempo, beatTrack, hpss (on spectrograms), hpssAudio.
 * - cqt: 1000 (25) runs; chromaCqt, chromaCens, tonnetz: 300 (15) runs each (8-96 kHz, 1..8192
 *   samples). A CQT builds one filter kernel per octave and resamples the signal octave by octave;
 *   the chroma family first estimates the tuning, so every call builds fresh kernels (~50-150 ms on
 *   a loaded CI core, measured: 250 chromaCqt runs took 40 s).
 * - extractFeatures (both sets, 2048..16384 samples plus too-short ones): 200 (6) runs; each call
 *   runs a CQT, an HPSS and a beat tracker (~0.3-1 s).
 */
import fc from 'fast-check';
import { describe, it, afterAll } from 'vitest';
import { spectrogram, stft } from '../../src/dsp/stft.js';
import { estimateTuning } from '../../src/features/tuning.js';
import { chromaStft, chromaCqt, chromaCens } from '../../src/features/chroma.js';
import { cqt } from '../../src/features/cqt.js';
import { tonnetz } from '../../src/features/tonnetz.js';
import { onsetStrength } from '../../src/features/onset.js';
import { tempo } from '../../src/features/tempo.js';
import { beatTrack } from '../../src/features/beat.js';
import { hpss, hpssAudio } from '../../src/features/hpss.js';
import { extractFeatures } from '../../src/genre/features.js';
import { assertFinite, assertMatrix, centredFrames, errorTally, finiteOrMirkit, signalArb } from './util.js';
import { runsFor } from '../helpers/tiers.js';

// full size in npm run test:slow (MIRKIT_SLOW=1), a tenth or so in npm test
const RUNS = runsFor(1000, 100);
const RUNS_CQT = runsFor(1000, 25);
const RUNS_CQT_CHROMA = runsFor(300, 15);
const RUNS_EXTRACT = runsFor(200, 6);
const SEED = Number(process.env.MIRKIT_FC_SEED ?? 20261124);
const params = (numRuns = RUNS) => ({ numRuns, seed: SEED });

const nFftArb = fc.oneof(
  { weight: 6, arbitrary: fc.constantFrom(32, 64, 128, 256, 512) },
  { weight: 2, arbitrary: fc.integer({ min: 2, max: 600 }) },
  { weight: 1, arbitrary: fc.constantFrom(0, -64, Number.NaN) },
);
const hopArb = fc.oneof({ weight: 8, arbitrary: fc.constantFrom(0.25, 0.5, 1) }, { weight: 1, arbitrary: fc.constantFrom(0, -1) });
const hopOf = (nFft: number, h: number) => (h > 0 && Number.isFinite(nFft) && nFft > 0 ? Math.max(1, Math.floor(nFft * h)) : h);
const silent = () => undefined;

afterAll(() => {
  const lines = [...errorTally].map(([k, v]) => `  ${k}: ${[...v].map(([c, n]) => `${c}=${n}`).join(' ')}`);
  if (lines.length) console.log(`MirkitError codes seen (harmony/rhythm properties):\n${lines.join('\n')}`);
});

describe('robustness properties: tuning and chroma', () => {
  it(`estimateTuning: a finite number in [-0.5, 0.5) or MirkitError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), nFftArb, (s, nFft) => {
        finiteOrMirkit(
          'estimateTuning',
          () => estimateTuning(s.y, { sr: s.sr, nFft }),
          (t) => {
            if (!Number.isFinite(t) || t < -0.5 || t >= 0.5) throw new Error(`tuning ${t}`);
          },
        );
      }),
      params(),
    );
  });

  it(`chromaStft: finite 12 x frames in [0, 1] (norm inf) or MirkitError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), nFftArb, hopArb, (s, nFft, h) => {
        const hop = hopOf(nFft, h);
        finiteOrMirkit(
          'chromaStft',
          () => chromaStft(s.y, { sr: s.sr, nFft, hopLength: hop }),
          (C) => {
            assertMatrix(C, 'chroma', 12, centredFrames(s.n, nFft, hop));
            for (const v of C.data) if (v < 0 || v > 1 + 1e-6) throw new Error(`chroma ${v} outside [0, 1]`);
          },
        );
      }),
      params(),
    );
  });
});

describe('robustness properties: CQT family', () => {
  const cqtOpts = fc.record({
    hop: fc.oneof({ weight: 8, arbitrary: fc.constantFrom(128, 256, 512) }, { weight: 1, arbitrary: fc.constantFrom(0, 100, 1) }),
    nBins: fc.oneof({ weight: 4, arbitrary: fc.constantFrom(84, 36, 48) }, { weight: 1, arbitrary: fc.constantFrom(1, 12, 120, 0) }),
  });

  it(`cqt: finite nBins x frames or MirkitError (${RUNS_CQT} runs)`, () => {
    fc.assert(
      fc.property(signalArb(8192), cqtOpts, (s, o) => {
        finiteOrMirkit(
          'cqt',
          () => cqt(s.y, { sr: s.sr, hopLength: o.hop, nBins: o.nBins, onWarning: silent }),
          (C) => {
            // librosa trims the octaves' frame counts to the shortest: about 1 + n / hop, not exactly
            if (C.rows !== o.nBins || C.cols < 1 || C.re.length !== C.rows * C.cols) throw new Error(`shape ${C.rows}x${C.cols}`);
            assertFinite(C.re, 're');
            assertFinite(C.im, 'im');
          },
        );
      }),
      params(RUNS_CQT),
    );
  });

  it(`chromaCqt: finite 12 x frames or MirkitError (${RUNS_CQT_CHROMA} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), cqtOpts, (s, o) => {
        finiteOrMirkit(
          'chromaCqt',
          () => chromaCqt(s.y, { sr: s.sr, hopLength: o.hop, onWarning: silent }),
          (C) => {
            assertMatrix(C, 'chromaCqt', 12);
            for (const v of C.data) if (v < 0 || v > 1 + 1e-6) throw new Error(`chroma ${v} outside [0, 1]`);
          },
        );
      }),
      params(RUNS_CQT_CHROMA),
    );
  });

  it(`chromaCens: finite 12 x frames or MirkitError (${RUNS_CQT_CHROMA} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), cqtOpts, (s, o) => {
        finiteOrMirkit(
          'chromaCens',
          () => chromaCens(s.y, { sr: s.sr, hopLength: o.hop, onWarning: silent }),
          (C) => {
            assertMatrix(C, 'chromaCens', 12);
          },
        );
      }),
      params(RUNS_CQT_CHROMA),
    );
  });

  it(`tonnetz: finite 6 x frames or MirkitError (${RUNS_CQT_CHROMA} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), cqtOpts, (s, o) => {
        finiteOrMirkit(
          'tonnetz',
          () => tonnetz(s.y, { sr: s.sr, hopLength: o.hop, onWarning: silent }),
          (T) => {
            assertMatrix(T, 'tonnetz', 6);
          },
        );
      }),
      params(RUNS_CQT_CHROMA),
    );
  });
});

describe('robustness properties: onset, tempo, beats', () => {
  const rhythmOpts = fc.record({ nFft: nFftArb, h: hopArb, nMels: fc.constantFrom(8, 16, 32, 64, 128) });

  it(`onsetStrength: finite, non-negative, one value per frame, or MirkitError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), rhythmOpts, (s, o) => {
        const hop = hopOf(o.nFft, o.h);
        finiteOrMirkit(
          'onsetStrength',
          () => onsetStrength(s.y, { sr: s.sr, nFft: o.nFft, hopLength: hop, nMels: o.nMels }),
          (env) => {
            if (env.length !== centredFrames(s.n, o.nFft, hop)) throw new Error(`length ${env.length}, expected ${centredFrames(s.n, o.nFft, hop)}`);
            assertFinite(env, 'onset');
            for (const v of env) if (v < 0) throw new Error('negative onset strength');
          },
        );
      }),
      params(),
    );
  });

  it(`tempo: a finite positive BPM or MirkitError, from signals and raw envelopes (${RUNS} runs)`, () => {
    const envArb = fc.float32Array({ minLength: 0, maxLength: 600, min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        fc.oneof(
          signalArb(8192).map((s) => ({ s, env: undefined })),
          envArb.map((env) => ({ s: undefined, env })),
        ),
        rhythmOpts,
        (c, o) => {
          const hop = hopOf(o.nFft, o.h);
          finiteOrMirkit(
            'tempo',
            () => (c.s ? tempo(c.s.y, { sr: c.s.sr, nFft: o.nFft, hopLength: hop, nMels: o.nMels }) : tempo(null, { onsetEnvelope: c.env })),
            (bpm) => {
              if (!Number.isFinite(bpm) || bpm < 0) throw new Error(`tempo ${bpm}`);
            },
          );
        },
      ),
      params(),
    );
  });

  it(`beatTrack: finite tempo, increasing in-range integer beats, or MirkitError (${RUNS} runs)`, () => {
    const envArb = fc.float32Array({ minLength: 0, maxLength: 600, min: 0, max: 1e6, noNaN: true, noDefaultInfinity: true });
    fc.assert(
      fc.property(
        fc.oneof(
          signalArb(8192).map((s) => ({ s, env: undefined })),
          envArb.map((env) => ({ s: undefined, env })),
        ),
        rhythmOpts,
        fc.boolean(),
        (c, o, trim) => {
          const hop = hopOf(o.nFft, o.h);
          finiteOrMirkit(
            'beatTrack',
            () =>
              c.s ? beatTrack(c.s.y, { sr: c.s.sr, nFft: o.nFft, hopLength: hop, nMels: o.nMels, trim }) : beatTrack(null, { onsetEnvelope: c.env, trim }),
            (r) => {
              if (!Number.isFinite(r.tempo) || r.tempo < 0) throw new Error(`tempo ${r.tempo}`);
              const nFrames = c.s ? centredFrames(c.s.n, o.nFft, hop) : c.env!.length;
              let prev = -1;
              for (const b of r.beats) {
                if (!Number.isInteger(b) || b < 0 || b >= nFrames || b <= prev) throw new Error(`beat ${b} (frames ${nFrames}, previous ${prev})`);
                prev = b;
              }
            },
          );
        },
      ),
      params(),
    );
  });
});

describe('robustness properties: HPSS', () => {
  it(`hpss: finite masks/components of the input shape, H + P <= S, or MirkitError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(
        signalArb(2048),
        fc.constantFrom(32, 64, 128),
        fc.oneof(fc.constantFrom(31, 3, 1, 2, [17, 5] as [number, number]), fc.constantFrom(0, -1)),
        fc.constantFrom(2, 1, Infinity, 0.5),
        fc.constantFrom(1, 2, [1, 3] as [number, number]),
        fc.boolean(),
        (s, nFft, kernelSize, power, margin, complex) => {
          const S = complex ? stft(s.y, { nFft }) : spectrogram(s.y, { nFft });
          finiteOrMirkit(
            'hpss',
            () => hpss(S as never, { kernelSize, power, margin }),
            (r) => {
              for (const part of [r.harmonic, r.percussive] as unknown[]) {
                const m = part as { rows: number; cols: number; data?: Float32Array; re?: Float32Array; im?: Float32Array };
                if (m.rows !== S.rows || m.cols !== S.cols) throw new Error(`shape ${m.rows}x${m.cols}`);
                if (m.data) assertFinite(m.data, 'hpss');
                if (m.re) assertFinite(m.re, 'hpss re');
                if (m.im) assertFinite(m.im, 'hpss im');
              }
            },
          );
        },
      ),
      params(),
    );
  });

  it(`hpssAudio: two finite signals of the input length, or MirkitError (${RUNS} runs)`, () => {
    fc.assert(
      fc.property(signalArb(4096), fc.constantFrom(32, 64, 128, 256, 100), fc.constantFrom(31, 5, [7, 3] as [number, number]), (s, nFft, kernelSize) => {
        finiteOrMirkit(
          'hpssAudio',
          () => hpssAudio(s.y, { sr: s.sr, nFft, hopLength: nFft / 4 > 0 ? Math.floor(nFft / 4) : 1, kernelSize }),
          (r) => {
            if (r.harmonic.length !== s.n || r.percussive.length !== s.n)
              throw new Error(`lengths ${r.harmonic.length}/${r.percussive.length}, expected ${s.n}`);
            assertFinite(r.harmonic, 'harmonic');
            assertFinite(r.percussive, 'percussive');
          },
        );
      }),
      params(),
    );
  });
});

describe('robustness properties: extractFeatures', () => {
  it(`extractFeatures (gtzan57 and seed): a finite vector of the named length, or MirkitError (${RUNS_EXTRACT} runs)`, () => {
    fc.assert(
      fc.property(signalArb(16384, 1), fc.constantFrom('gtzan57' as const, 'seed' as const), (s, set) => {
        finiteOrMirkit(
          'extractFeatures',
          () => extractFeatures(s.y, { sr: s.sr, set }),
          (fv) => {
            const expected = set === 'gtzan57' ? 57 : 20 * 7 + 6 * 7 + 3;
            if (fv.names.length !== expected || fv.values.length !== expected) throw new Error(`${fv.values.length} values, ${fv.names.length} names`);
            assertFinite(fv.values, `extractFeatures(${set})`);
          },
        );
      }),
      params(RUNS_EXTRACT),
    );
  });
});
