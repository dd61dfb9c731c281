/**
 * Hostile input at the entry points the property suites do not draw: classifiers on huge features
 * and saved models that lie about their params, the statistics on float64 values near 1e308, the
 * dataset and embedding readers on values that are not text or not files, the fold and report
 * helpers, the pooling steps and AudioBuffer-likes with absurd sizes. Each: a typed MirkitError (or
 * the right, finite answer), at once, never NaN, never gigabytes, never a blocked read.
 */
import { execFileSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import * as m from '../../src/index.js';
import { assertFinite, expectMirkit, expectMirkitAsync } from './util.js';
import { withinHangBound, withinHangBoundAsync } from '../helpers/hang-guard.js';

const X = Array.from({ length: 30 }, (_, i) => Array.from({ length: 4 }, (_, j) => Math.sin(i * 1.3 + j * 0.7)));
const y = X.map((_, i) => ['a', 'b', 'c'][i % 3]);
const scaled = (k: number) => X.map((r) => r.map((v) => v * k));

/** The model JSON of `model` with `edit` applied to a copy. */
function edited(model: { toJSON(): unknown }, edit: (j: Record<string, Record<string, unknown>>) => void): unknown {
  const j = JSON.parse(JSON.stringify(model.toJSON()));
  edit(j);
  return j;
}

/** Rejects with a plain Error after `ms` (a read that blocks fails the test instead of hanging it). */
function within<T>(ms: number, p: Promise<T>): Promise<T> {
  return Promise.race([p, new Promise<T>((_, reject) => setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms))]);
}

describe('classifiers on huge features and lying saved models', () => {
  it("KNeighbors (weights 'distance') on features near 1e308 -> BAD_DATA, never NaN probabilities", () => {
    expectMirkit(() => new m.KNeighbors({ nNeighbors: 3, weights: 'distance' }).fit(scaled(1e300), y), 'BAD_DATA');
    const knn = new m.KNeighbors({ nNeighbors: 3, weights: 'distance' }).fit(X, y);
    expectMirkit(() => knn.predictProba([[1e308, -1e308, 1e308, -1e308]]), 'BAD_DATA');
    expectMirkit(() => knn.kneighbors([[1e200, 0, 0, 0]]), 'BAD_DATA');
    for (const row of knn.predictProba(scaled(1e50))) assertFinite(row, 'row');
  });

  it('KNeighbors.fromJSON with nNeighbors above its training samples -> BAD_MODEL at once, not an 18 s RangeError', () => {
    const knn = new m.KNeighbors({ nNeighbors: 3 }).fit(X, y);
    for (const k of [31, 1e9, 2 ** 53]) {
      withinHangBound(() => expectMirkit(() => m.fromJSON(edited(knn, (j) => (j.params.nNeighbors = k))), 'BAD_MODEL')); // the bug ran 15-18 s
    }
  });

  it('SVC.fromJSON with probA but no probB -> BAD_MODEL, not a TypeError at predictProba', async () => {
    const svc = await new m.SVC({ probability: true }).fit(X, y);
    expectMirkit(() => m.fromJSON(edited(svc, (j) => (j.state.probB = null))), 'BAD_MODEL');
  });

  it('GradientBoosting / ObliviousBoosting whose scores overflow (learningRate 1e308) -> BAD_MODEL, never NaN', () => {
    for (const model of [new m.GradientBoosting({ nEstimators: 3, learningRate: 1e308 }), new m.ObliviousBoosting({ nEstimators: 3, learningRate: 1e308 })]) {
      model.fit(X, y);
      expectMirkit(() => model.predictProba(X), 'BAD_MODEL');
    }
    const gb = new m.GradientBoosting({ nEstimators: 3 }).fit(X, y);
    expectMirkit(() => (m.fromJSON(edited(gb, (j) => (j.params.learningRate = 1e308))) as m.GradientBoosting).predictProba(X), 'BAD_MODEL');
  });

  it('StandardScaler: features near 1e308 give a finite, restorable scaler; a variance beyond float64 -> BAD_DATA', () => {
    const big = X.map((r) => [r[0] * 1e10, 1e308, -1e308]);
    const s = new m.StandardScaler().fit(big);
    const again = m.fromJSON<m.StandardScaler>(JSON.parse(JSON.stringify(s.toJSON())));
    for (const row of again.transform(big)) assertFinite(row, 'row');
    expectMirkit(() => new m.StandardScaler().fit(scaled(1e200)), 'BAD_DATA');
    const unit = new m.StandardScaler().fit(X);
    expectMirkit(() => unit.transform([[1.79e308, 0, 0, 0]]), 'BAD_DATA'); // (x - mean) / scale beyond float64
  });
});

describe('statistics on float64 values near the float64 maximum, and on values that are not numbers', () => {
  const huge = { rows: 1, cols: 3, data: Float64Array.from([1e308, 1e308, 1e308]) };
  it('summarize, rowMeans, mean of finite values near 1e308 are finite (1e308)', () => {
    const s = m.summarize(huge);
    for (const v of Object.values(s)) assertFinite(v, 'statistic');
    expect(s.mean[0]).toBeCloseTo(1e308, -300);
    expect(s.median[0]).toBe(1e308);
    expect(m.rowMeans(huge)[0]).toBeCloseTo(1e308, -300);
    expect(m.mean([1e308, 1e308])).toBe(1e308);
    const mixed = m.summarize({ rows: 1, cols: 4, data: Float64Array.from([1e300, -1e300, 5e299, 0]) });
    for (const v of Object.values(mixed)) assertFinite(v, 'statistic');
  });
  it('a variance beyond float64 -> BAD_DATA, never Infinity', () => {
    expectMirkit(() => m.variance([1e308, -1e308]), 'BAD_DATA');
    expectMirkit(() => m.rowVariances({ rows: 1, cols: 2, data: Float64Array.from([1e200, -1e200]) }), 'BAD_DATA');
    expect(m.variance(Float64Array.from([1e308, 1e308]))).toBe(0);
  });
  it('mean / variance of NaN, strings or null -> NON_FINITE / BAD_DATA, never NaN or a TypeError', () => {
    expectMirkit(() => m.mean([Number.NaN]), 'NON_FINITE');
    expectMirkit(() => m.variance(Float32Array.of(1, Number.POSITIVE_INFINITY)), 'NON_FINITE');
    expectMirkit(() => m.mean(['a', 'b'] as never), 'BAD_DATA');
    expectMirkit(() => m.variance(null as never), 'BAD_DATA');
  });
});

describe('model selection and reports with absurd options', () => {
  it('stratifiedKFold with nSplits 1e9 -> BAD_OPTION at once, not gigabytes', () => {
    withinHangBound(() => expectMirkit(() => m.stratifiedKFold(y, { nSplits: 1e9 }), 'BAD_OPTION')); // the bug allocated until the heap ran out
    expectMirkit(() => m.stratifiedKFold(null as never), 'BAD_LABELS');
  });
  it('classificationReport with digits outside [0, 100] -> BAD_OPTION, not a RangeError', () => {
    for (const digits of [-1, 1e9, 2.5, Number.NaN]) expectMirkit(() => m.classificationReport(['a'], ['a'], { digits }), 'BAD_OPTION');
    expect(m.classificationReport(['a', 'b'], ['a', 'b'], { digits: 3 })).toContain('1.000');
  });
  it('SequencePooling with a huge flatten sequenceLength, FrameLevelClassifier with a huge context -> BAD_OPTION at once', () => {
    const seqs = [0, 1, 2, 3].map((k) => ({ rows: 4 + k, cols: 3, data: Float32Array.from({ length: 12 + 3 * k }, (_, i) => Math.sin(i + k)) }));
    for (const L of [2 ** 40, 1e9]) expectMirkit(() => new m.SequencePooling({ stats: ['flatten'], sequenceLength: L }).fit(seqs), 'BAD_OPTION');
    const fl = new m.FrameLevelClassifier(new m.LogisticRegression(), { context: 2 ** 30 });
    return expectMirkitAsync(() => Promise.resolve().then(() => fl.fit(seqs, ['a', 'b', 'a', 'b'])), 'BAD_OPTION');
  });
});

describe('dataset and embedding readers', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mirkit-entry-'));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));
  const csv = 'track_id,genre_top,official_split,n_frames\n1,Rock,training,2\n2,Pop,test,2\n';

  it('CSV parsers given something other than text -> BAD_DATA, not a TypeError', () => {
    for (const t of [null, 5, new Uint8Array(4)]) {
      expectMirkit(() => m.parseCsv(t as never), 'BAD_DATA');
      expectMirkit(() => m.parseGtzanTable(t as never), 'BAD_DATA');
      expectMirkit(() => m.parseCsvLine(t as never), 'BAD_DATA');
      expectMirkit(() => m.parseEmbeddingSet(new Uint8Array(32), t as never, { dims: 4 }), 'BAD_DATA');
    }
  });

  it('parseEmbeddingSet: empty or missing bytes -> EMPTY_INPUT / BAD_DATA, never a 1 x 128 matrix holding no values', () => {
    expectMirkit(() => m.parseEmbeddingSet(new Uint8Array(0), 'a,genre_top\n1,Rock\n', { dropUnlabelled: false }), 'EMPTY_INPUT');
    expectMirkit(() => m.parseEmbeddingSet(null as never, csv), 'BAD_DATA');
    const set = m.parseEmbeddingSet(new Uint8Array(32), csv, { dims: 4 });
    expect(m.selectSplit(set, 'test').y).toEqual(['Pop']);
    for (const bad of [null, {}, { tracks: 3 }]) expectMirkit(() => m.selectSplit(bad as never, 'test'), 'BAD_DATA');
  });

  it('loadEmbeddingSet / loadGtzanTable / readCsvFile on a FIFO -> UNSUPPORTED at once; a bad source -> BAD_OPTION', async () => {
    const fifo = join(dir, 'tracks.csv');
    execFileSync('mkfifo', [fifo]);
    writeFileSync(join(dir, 'embeddings.f16'), new Uint8Array(32));
    await within(
      3000,
      expectMirkitAsync(() => m.loadEmbeddingSet(dir, { dims: 4 }), 'UNSUPPORTED'),
    );
    await within(
      3000,
      expectMirkitAsync(() => m.loadGtzanTable(fifo), 'UNSUPPORTED'),
    );
    await within(
      3000,
      expectMirkitAsync(() => m.readCsvFile(fifo), 'UNSUPPORTED'),
    );
    for (const source of [null, {}, { data: 3, tracks: fifo }]) await expectMirkitAsync(() => m.loadEmbeddingSet(source as never), 'BAD_OPTION');
  });

  it('loadAudio of an AudioBuffer-like declaring 1e9 channels -> BAD_DATA at once, not an out-of-memory crash', async () => {
    const ch = new Float32Array(10);
    const buf = { sampleRate: 22050, numberOfChannels: 1e9, length: 10, duration: 10 / 22050, getChannelData: () => ch };
    await withinHangBoundAsync(() => expectMirkitAsync(() => m.loadAudio(buf as never), 'BAD_DATA')); // the bug called getChannelData until the heap ran out
  });
});

describe('precomputed spectrograms near the float32 maximum', () => {
  const filled = (rows: number, v: number, alternate: boolean) => ({
    rows,
    cols: 20,
    data: Float32Array.from({ length: rows * 20 }, (_, i) => (alternate && i % 2 ? -v : v)),
  });

  it('mfcc, chromaStft and onsetStrength refuse S beyond +-2^100 (BAD_DATA) instead of Infinity or NaN', () => {
    for (const alternate of [false, true]) {
      expectMirkit(() => m.mfcc(null, { S: filled(128, 3e38, alternate) }), 'BAD_DATA');
      expectMirkit(() => m.chromaStft(null, { S: filled(1025, 3e38, alternate) }), 'BAD_DATA');
      expectMirkit(() => m.onsetStrength(null, { S: filled(128, 3e38, alternate) }), 'BAD_DATA');
    }
  });

  it('S of 1e30, the largest accepted scale, still gives finite values', () => {
    assertFinite(m.mfcc(null, { S: filled(128, 1e30, true) }).data, 'mfcc');
    assertFinite(m.chromaStft(null, { S: filled(1025, 1e30, false) }).data, 'chromaStft');
    assertFinite(m.onsetStrength(null, { S: filled(128, 1e30, true) }), 'onsetStrength');
  });
});
