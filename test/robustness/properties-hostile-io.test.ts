/**
 * Property-based hostile input at the file, synthesis and genre entry points (issue 16):
 * `loadAudio` on random bytes and on truncated or corrupted WAV/MP3 headers, `istft` on hostile
 * complex spectrograms, `extractFeatures` and `classify` on hostile signals and rates. Same oracle
 * and seed as properties-hostile.test.ts (hostile-contract.ts): a finite result of the documented
 * shape, or a documented `MirkitError`, within 5 s. `loadAudio` may only answer `DECODE_FAILED`,
 * `BAD_DATA` or `EMPTY_INPUT` (or decoded finite audio).
 *
 * `classify` runs the bundled model over every window of the clip (tens of ms to a second a case),
 * so it runs `CLASSIFY_RUNS` cases: 10 by default, 200 with `MIRKIT_SLOW=1`.
 */
import fc from 'fast-check';
import { afterAll, describe, expect, it } from 'vitest';
import * as m from '../../src/index.js';
import { errorTally, pcm16Wav, signalArb } from './util.js';
import { contract, contractAsync, hostileSignalArb, HOSTILE_RUNS, optionsArb, SEED, SLOW } from './hostile-contract.js';
import { MirkitError } from '../../src/errors.js';

const CLASSIFY_RUNS = SLOW ? 200 : 10;
const LOAD_CODES = new Set(['DECODE_FAILED', 'BAD_DATA', 'EMPTY_INPUT']);

/** A small valid PCM WAV, an ID3-tagged MP3 frame header, and a float WAV header. */
const WAV = pcm16Wav(
  new Float32Array(400).map((_, i) => 0.5 * Math.sin(i / 7)),
  22050,
);
const MP3 = Uint8Array.from([0x49, 0x44, 0x33, 4, 0, 0, 0, 0, 0, 10, ...new Array(10).fill(0), 0xff, 0xfb, 0x90, 0x64, ...new Array(200).fill(0x55)]);

/** Random bytes; a valid file cut short; a valid file with a few header bytes overwritten. */
const bytesArb = fc.oneof(
  fc.uint8Array({ maxLength: 512 }),
  fc.tuple(fc.constantFrom(WAV, MP3), fc.nat()).map(([f, n]) => f.slice(0, n % (f.length + 1))),
  fc.tuple(fc.constantFrom(WAV, MP3), fc.array(fc.tuple(fc.nat({ max: 63 }), fc.nat({ max: 255 })), { minLength: 1, maxLength: 6 })).map(([f, edits]) => {
    const b = f.slice();
    for (const [i, v] of edits) b[i % b.length] = v;
    return b;
  }),
  fc.tuple(fc.constantFrom(WAV, MP3), fc.uint8Array({ minLength: 1, maxLength: 256 })).map(([f, tail]) => Uint8Array.from([...f.slice(0, 44), ...tail])),
);

/** Complex spectrograms from stft, now and then poisoned, inconsistent or not a spectrogram at all. */
const complexArb = fc.oneof(
  {
    weight: 8,
    arbitrary: fc
      .tuple(fc.constantFrom(32, 64, 256), fc.integer({ min: 1, max: 40 }), fc.nat(), fc.constantFrom(0, Number.NaN, Infinity, 1e30))
      .map(([nFft, cols, seed, poison]) => {
        const rows = nFft / 2 + 1;
        const re = new Float32Array(rows * cols).map((_, i) => Math.sin(seed + i));
        const im = new Float32Array(rows * cols).map((_, i) => Math.cos(seed * 3 + i));
        if (poison !== 0) re[seed % re.length] = poison;
        return { rows, cols, re, im } as unknown;
      }),
  },
  {
    weight: 1,
    arbitrary: fc.constantFrom<unknown>(
      null,
      { rows: 3, cols: 2, re: new Float32Array(6), im: new Float32Array(5) },
      { rows: 0, cols: 0, re: new Float32Array(0), im: new Float32Array(0) },
      'X',
      { rows: 2 },
    ),
  },
);

/** The hostile signals plus well-formed ones long enough (1 s, tiled) for the genre features to run. */
const longOrHostileSignalArb = fc.oneof(
  hostileSignalArb,
  signalArb(2048).map((s) => new Float32Array(23000).map((_, i) => s.y[i % s.y.length])),
);

const rateArb = fc.oneof(
  { weight: 4, arbitrary: fc.constantFrom(8000, 22050, 44100) },
  { weight: 1, arbitrary: fc.constantFrom<unknown>(0, -1, Number.NaN, Infinity, 1e-3, 1e308, 2, '22050', null) },
);

afterAll(() => {
  const lines = [...errorTally].map(([k, v]) => `  ${k}: ${[...v].map(([c, n]) => `${c}=${n}`).join(' ')}`);
  if (lines.length) console.log(`MirkitError codes seen (io properties):\n${lines.join('\n')}`);
});

describe(`hostile properties: loadAudio, istft, extractFeatures (${HOSTILE_RUNS} runs each)`, () => {
  it('loadAudio: random bytes and truncated or corrupted WAV/MP3 -> decoded finite audio or DECODE_FAILED / BAD_DATA / EMPTY_INPUT, under 5 s', async () => {
    await fc.assert(
      fc.asyncProperty(bytesArb, async (bytes) => {
        await contractAsync(
          'loadAudio',
          async () => {
            try {
              return await m.loadAudio(bytes, { sr: null });
            } catch (e) {
              if (e instanceof MirkitError && !LOAD_CODES.has(e.code)) throw new Error(`loadAudio answered ${e.code}: ${e.message}`);
              throw e;
            }
          },
          (r) => {
            const a = r as { y: Float32Array; sr: number };
            expect(a.y).toBeInstanceOf(Float32Array);
            expect(Number.isFinite(a.sr) && a.sr > 0).toBe(true);
            return [a.y, a.sr];
          },
        );
      }),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });

  it('istft on hostile complex spectrograms and options', () => {
    fc.assert(
      fc.property(complexArb, optionsArb('istft'), (X, o) => contract('istft', () => m.istft(X as never, o as never), o)),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });

  it('extractFeatures on hostile signals, rates and options: a finite vector with one value per name', () => {
    fc.assert(
      fc.property(longOrHostileSignalArb, optionsArb('extractFeatures'), (y, o) =>
        contract(
          'extractFeatures',
          () => {
            const r = m.extractFeatures(y as never, o as never);
            if (r.names.length !== r.values.length) throw new Error(`extractFeatures: ${r.names.length} names, ${r.values.length} values`);
            return r.values;
          },
          o,
        ),
      ),
      { numRuns: HOSTILE_RUNS, seed: SEED },
    );
  });
});

describe(`hostile properties: classify (${CLASSIFY_RUNS} runs: each case runs the bundled model)`, () => {
  it('classify({ y, sr }) with hostile y and sr -> probabilities summing to 1, or a documented MirkitError', async () => {
    await fc.assert(
      fc.asyncProperty(longOrHostileSignalArb, rateArb, async (y, sr) => {
        await contractAsync(
          'classify',
          () => m.classify({ y: y as never, sr: sr as never }),
          (r) => {
            const c = r as { genre: string; probabilities: Record<string, number>; windows: { probabilities?: Record<string, number> }[] };
            const p = Object.values(c.probabilities);
            const sum = p.reduce((a, b) => a + b, 0);
            if (Math.abs(sum - 1) > 1e-6) throw new Error(`classify: probabilities sum to ${sum}`);
            expect(c.probabilities).toHaveProperty(c.genre);
            expect(c.windows.length).toBeGreaterThan(0);
            return [p, ...c.windows.map((w) => Object.values(w.probabilities ?? {}))];
          },
        );
      }),
      { numRuns: CLASSIFY_RUNS, seed: SEED },
    );
  }, 600_000);
});
