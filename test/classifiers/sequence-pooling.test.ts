import { describe, expect, it } from 'vitest';
import { fromJSON, matrixFrom, MirkitError, Pipeline, SequencePooling, StandardScaler, LogisticRegression, summarize, transpose } from '../../src/index.js';
import { createRng } from '../../src/classifiers/random.js';

/** A random sequence of `frames` x `features` values. */
function randomSeq(rng: { next(): number }, frames: number, features: number) {
  const data = new Float32Array(frames * features);
  for (let i = 0; i < data.length; i++) data[i] = (rng.next() - 0.5) * 4 + (i % features);
  return matrixFrom(frames, features, data);
}

describe('SequencePooling', () => {
  const rng = createRng(3);
  const seqs = [randomSeq(rng, 7, 5), randomSeq(rng, 4, 5), randomSeq(rng, 9, 5)];

  it('gives summarize()’s seven statistics per feature, in the order asked', () => {
    const stats = ['mean', 'std', 'skew', 'kurtosis', 'median', 'min', 'max'] as const;
    const p = new SequencePooling({ stats: [...stats] }).fit(seqs);
    const rows = p.transform(seqs);
    expect(p.nOutputs).toBe(35);
    seqs.forEach((s, i) => {
      const ref = summarize(transpose(s)); // rows = features, cols = frames
      stats.forEach((st, k) => {
        for (let f = 0; f < 5; f++) expect(rows[i][k * 5 + f]).toBeCloseTo(ref[st][f], 6);
      });
    });
  });

  it("'flatten' lays the frames end to end, zero-padded to the longest training sequence", () => {
    const p = new SequencePooling({ stats: ['flatten'] }).fit(seqs);
    const rows = p.transform([seqs[1]]);
    expect(rows[0]).toHaveLength(9 * 5);
    expect(rows[0].slice(0, 20)).toEqual(Array.from(seqs[1].data));
    expect(rows[0].slice(20).every((v) => v === 0)).toBe(true);
    const cropped = new SequencePooling({ stats: ['flatten'], sequenceLength: 2 }).fit(seqs).transform([seqs[0]]);
    expect(cropped[0]).toEqual(Array.from(seqs[0].data.subarray(0, 10)));
  });

  it("'cov' and 'sqrtCov' give the frame covariance of each feature pair (ddof 0, upper triangle), power-normalised for 'sqrtCov'", () => {
    const p = new SequencePooling({ stats: ['mean', 'cov', 'sqrtCov'] }).fit(seqs);
    const rows = p.transform(seqs);
    const F = 5,
      pairs = (F * (F + 1)) / 2;
    expect(p.nOutputs).toBe(F + 2 * pairs);
    seqs.forEach((s, n) => {
      const T = s.rows;
      const col = (f: number) => Array.from({ length: T }, (_, t) => s.data[t * F + f]);
      const mean = (v: number[]) => v.reduce((a, b) => a + b, 0) / v.length;
      let k = 0;
      for (let i = 0; i < F; i++) {
        for (let j = i; j < F; j++, k++) {
          const a = col(i),
            b = col(j),
            ma = mean(a),
            mb = mean(b);
          const cov = a.reduce((acc, v, t) => acc + (v - ma) * (b[t] - mb), 0) / T; // np.cov(a, b, bias=True)[0, 1]
          expect(rows[n][F + k]).toBeCloseTo(cov, 9);
          expect(rows[n][F + pairs + k]).toBeCloseTo(Math.sign(cov) * Math.sqrt(Math.abs(cov)), 9);
        }
      }
      // the diagonal is the variance: std squared
      const std = new SequencePooling({ stats: ['std'] }).fit(seqs).transform([s])[0];
      expect(rows[n][F]).toBeCloseTo(std[0] ** 2, 9);
    });
    // a constant sequence has zero covariance, not NaN, under both
    const flat = matrixFrom(4, F, new Float32Array(4 * F).fill(2));
    expect(p.transform([flat])[0].slice(F)).toEqual(new Array(2 * pairs).fill(0));
    expect(SequencePooling.fromJSON(p.toJSON()).transform(seqs)).toEqual(rows);
  });

  it("reads librosa's orientation (features x frames) with timeAxis: 'cols'", () => {
    const a = new SequencePooling().fit(seqs).transform(seqs);
    const b = new SequencePooling({ timeAxis: 'cols' }).fit(seqs.map(transpose)).transform(seqs.map(transpose));
    expect(b).toEqual(a);
  });

  it('refuses bad options, other feature counts and use before fit with typed errors', () => {
    expect(() => new SequencePooling({ stats: ['average' as never] })).toThrow(MirkitError);
    expect(() => new SequencePooling({ stats: [] })).toThrow(/non-empty/);
    expect(() => new SequencePooling().transform(seqs)).toThrow(expect.objectContaining({ code: 'NOT_FITTED' }));
    const p = new SequencePooling().fit(seqs);
    expect(() => p.transform([randomSeq(rng, 3, 4)])).toThrow(expect.objectContaining({ code: 'BAD_SHAPE' }));
    expect(() => p.transform([matrixFrom(1, 5, Float32Array.of(1, 2, NaN, 4, 5))])).toThrow(expect.objectContaining({ code: 'NON_FINITE' }));
  });

  it('names the frame and feature of a non-finite value, and a finite one beyond float32 (sequences are held as float32)', () => {
    const p = new SequencePooling().fit(seqs);
    const big = matrixFrom(2, 5, Float64Array.of(1, 2, 3, 4, 5, 6, 7, 8, -1e39, 10));
    expect(() => p.transform([seqs[0], big])).toThrow(
      expect.objectContaining({ code: 'NON_FINITE', message: expect.stringMatching(/sequence 1 frame 1 feature 3 is -1e\+39, beyond float32's range/) }),
    );
    expect(() =>
      p.transform([
        [
          [1, 2, 3, 4, 5],
          [1, 2, Infinity, 4, 5],
        ],
      ]),
    ).toThrow(
      expect.objectContaining({ code: 'NON_FINITE', message: expect.stringMatching(/sequence 0 frame 1 feature 2 is Infinity: features must be finite/) }),
    );
    // librosa's orientation (features x frames): the same frame and feature named
    const cols = new SequencePooling({ timeAxis: 'cols' }).fit(seqs.map(transpose));
    expect(() => cols.transform([transpose(big)])).toThrow(
      expect.objectContaining({ message: expect.stringMatching(/sequence 0 frame 1 feature 3 is -1e\+39/) }),
    );
    expect(() =>
      cols.transform([
        [
          [1, 1],
          [2, 2],
          [3, NaN],
          [4, 4],
          [5, 5],
        ],
      ]),
    ).toThrow(expect.objectContaining({ message: expect.stringMatching(/frame 1 feature 2 is NaN/) }));
  });

  it('puts sequences through a Pipeline that saves and restores as one model', async () => {
    const X = Array.from({ length: 40 }, (_, i) => randomSeq(rng, 5 + (i % 3), 5));
    const y = X.map((_, i) => (i % 2 ? 'a' : 'b'));
    X.forEach((m, i) => {
      if (i % 2) for (let k = 0; k < m.data.length; k += 5) m.data[k] += 3;
    });
    const model = new Pipeline([new SequencePooling({ stats: ['mean', 'max'] }), new StandardScaler(), new LogisticRegression({ C: 1 })]);
    await model.fit(X, y);
    expect(model.predict(X)).toEqual(y);
    const again = fromJSON<Pipeline>(JSON.parse(JSON.stringify(model.toJSON())));
    expect(again.predictProba(X)).toEqual(model.predictProba(X));
  });
});
