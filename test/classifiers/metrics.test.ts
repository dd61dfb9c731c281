import { describe, expect, it } from 'vitest';
import { accuracy, classificationReport, confusionMatrix, f1, precision, precisionRecallF1, recall, rocAuc } from '../../src/classifiers/index.js';

// hand-computed example
// yTrue: a a a b b c ; yPred: a a b b c c
// a: tp 2, pred 2, true 3 -> P 1, R 2/3, F1 0.8
// b: tp 1, pred 2, true 2 -> P 0.5, R 0.5, F1 0.5
// c: tp 1, pred 2, true 1 -> P 0.5, R 1, F1 2/3
const yTrue = ['a', 'a', 'a', 'b', 'b', 'c'];
const yPred = ['a', 'a', 'b', 'b', 'c', 'c'];

describe('metrics', () => {
  it('accuracy', () => {
    expect(accuracy(yTrue, yPred)).toBeCloseTo(4 / 6, 15);
    expect(() => accuracy(['a'], ['a', 'b'])).toThrowError(expect.objectContaining({ code: 'BAD_SHAPE' }));
  });

  it('confusion matrix', () => {
    expect(confusionMatrix(yTrue, yPred)).toEqual({
      labels: ['a', 'b', 'c'],
      matrix: [
        [2, 1, 0],
        [0, 1, 1],
        [0, 0, 1],
      ],
    });
    expect(confusionMatrix([2, 10, 10], [10, 10, 2]).labels).toEqual([2, 10]);
  });

  it('an empty, non-array or repeating labels option -> BAD_OPTION (a macro average over no label was NaN)', () => {
    for (const labels of [[], 'ab', 3, ['a', 'b', 'a']] as never[]) {
      for (const f of [
        () => f1(yTrue, yPred, { labels }),
        () => precisionRecallF1(yTrue, yPred, { labels }),
        () => confusionMatrix(yTrue, yPred, { labels }),
      ]) {
        expect(f).toThrowError(expect.objectContaining({ code: 'BAD_OPTION', details: { option: 'labels' } }));
      }
    }
    expect(f1(yTrue, yPred, { labels: null as never })).toBe(f1(yTrue, yPred));
  });

  it('precision / recall / F1 per class, macro and weighted', () => {
    const per = precisionRecallF1(yTrue, yPred, { average: null });
    expect(per.precision).toEqual([1, 0.5, 0.5]);
    expect((per.recall as number[])[0]).toBeCloseTo(2 / 3, 15);
    expect((per.f1 as number[]).map((v) => +v.toFixed(12))).toEqual([0.8, 0.5, +(2 / 3).toFixed(12)]);
    expect(per.support).toEqual([3, 2, 1]);
    expect(precision(yTrue, yPred)).toBeCloseTo(2 / 3, 15);
    expect(recall(yTrue, yPred)).toBeCloseTo((2 / 3 + 0.5 + 1) / 3, 15);
    expect(f1(yTrue, yPred)).toBeCloseTo((0.8 + 0.5 + 2 / 3) / 3, 15);
    expect(f1(yTrue, yPred, { average: 'weighted' })).toBeCloseTo((0.8 * 3 + 0.5 * 2 + (2 / 3) * 1) / 6, 15);
    expect(f1(yTrue, yPred, { average: 'micro' })).toBeCloseTo(4 / 6, 15);
  });

  it('zero division gives 0 (a class never predicted)', () => {
    expect(precision(['a', 'b'], ['a', 'a'], { average: null })).toEqual([0.5, 0]);
  });

  it('rocAuc: binary, multi-class one-vs-rest macro, ties counted half', () => {
    // binary: positives 'y' with scores .8 .4 ; negatives .1 .4 -> pairs: (.8>.1)(.8>.4)(.4>.1)(.4=.4 half) = 3.5/4
    const P = [
      [0.2, 0.8],
      [0.6, 0.4],
      [0.9, 0.1],
      [0.6, 0.4],
    ];
    expect(rocAuc(['y', 'y', 'n', 'n'], P, ['n', 'y'])).toBeCloseTo(0.875, 15);
    // perfect multi-class ranking
    const y = ['a', 'b', 'c'];
    const Q = [
      [0.8, 0.1, 0.1],
      [0.1, 0.8, 0.1],
      [0.1, 0.1, 0.8],
    ];
    expect(rocAuc(y, Q, ['a', 'b', 'c'])).toBe(1);
    // class a: scores a=.5 vs others .6,.1 -> 0.5 ; b and c perfect -> macro (0.5 + 1 + 1) / 3
    const R = [
      [0.5, 0.3, 0.2],
      [0.6, 0.4, 0],
      [0.1, 0, 0.9],
    ];
    expect(rocAuc(y, R, ['a', 'b', 'c'])).toBeCloseTo(2.5 / 3, 15);
    expect(() =>
      rocAuc(
        ['a', 'a'],
        [
          [1, 0],
          [1, 0],
        ],
        ['a', 'b'],
      ),
    ).toThrowError(expect.objectContaining({ code: 'BAD_LABELS' }));
  });

  it('classificationReport prints a table', () => {
    const r = classificationReport(yTrue, yPred);
    expect(r).toContain('precision');
    expect(r).toContain('macro avg');
    expect(r).toContain('weighted avg');
    expect(r.split('\n').find((l) => l.trim().startsWith('a '))).toMatch(/1\.00\s+0\.67\s+0\.80\s+3/);
    expect(r.split('\n').find((l) => l.trim().startsWith('accuracy'))).toMatch(/0\.67\s+6$/);
  });

  it('rocAuc refuses NaN probabilities, repeated classes and non-arrays with typed errors', () => {
    const code = (f: () => unknown) => {
      try {
        f();
      } catch (e) {
        return (e as { code?: string }).code;
      }
      return 'no error';
    };
    expect(
      rocAuc(
        ['a', 'b'],
        [
          [0.9, 0.1],
          [0.2, 0.8],
        ],
        ['a', 'b'],
      ),
    ).toBe(1);
    expect(
      code(() =>
        rocAuc(
          ['a', 'b'],
          [
            [NaN, 0],
            [1, NaN],
          ],
          ['a', 'b'],
        ),
      ),
    ).toBe('BAD_DATA');
    expect(code(() => rocAuc(['a', 'b'], [null as unknown as number[], [0, 1]], ['a', 'b']))).toBe('BAD_SHAPE');
    expect(
      code(() =>
        rocAuc(
          ['a', 'b', 'c'],
          [
            [1, 0, 0],
            [0, 1, 0],
            [0, 0, 1],
          ],
          ['a', 'b', 'b'],
        ),
      ),
    ).toBe('BAD_LABELS');
    expect(
      code(() =>
        rocAuc(
          'ab' as unknown as string[],
          [
            [1, 0],
            [0, 1],
          ],
          ['a', 'b'],
        ),
      ),
    ).toBe('BAD_LABELS');
  });

  it('precision/recall/F1 count per class: 40000 distinct labels need no 40000 x 40000 matrix (it took > 2.5 GB)', () => {
    const many = Array.from({ length: 40000 }, (_, i) => `c${i}`);
    expect(f1(many, many)).toBe(1);
    const shifted = many.map((_, i) => many[(i + 1) % many.length]);
    expect(precisionRecallF1(many, shifted, { average: 'micro' }).f1).toBe(0);
    const report = classificationReport(many.slice(0, 20000), many.slice(0, 20000));
    expect(report.split('\n').length).toBe(20000 + 6);
    // the confusion matrix itself is labels x labels: refused beyond MAX_MATRIX_VALUES before allocating
    for (const f of [() => confusionMatrix(['a'], ['a'], { labels: many }), () => confusionMatrix(many, many)])
      expect(f).toThrowError(expect.objectContaining({ code: 'BAD_OPTION', details: { option: 'labels' } }));
    expect(() => confusionMatrix([1], [1], { labels: Array.from({ length: 40000 }, (_, i) => i) })).toThrowError(
      expect.objectContaining({ code: 'BAD_OPTION' }),
    );
  });

  it('a labels subset scores only the samples whose true and predicted labels are both in it (values as before)', () => {
    const per = precisionRecallF1(['a', 'b', 'c', 'a'], ['a', 'c', 'b', 'b'], { average: null, labels: ['a', 'b'] });
    expect(per).toEqual({ labels: ['a', 'b'], precision: [1, 0], recall: [0.5, 0], f1: [2 / 3, 0], support: [2, 0] });
    expect(confusionMatrix(['a', 'b', 'c', 'a'], ['a', 'c', 'b', 'b'], { labels: ['b', 'a'] }).matrix).toEqual([
      [0, 0],
      [1, 1],
    ]);
  });

  it("labels follow the classifiers' rules (strings or finite numbers, one type): BAD_LABELS, the same for every metric", () => {
    const metrics = [
      (t: unknown[], p: unknown[]) => accuracy(t as never, p as never),
      (t: unknown[], p: unknown[]) => f1(t as never, p as never),
      (t: unknown[], p: unknown[]) => precisionRecallF1(t as never, p as never),
      (t: unknown[], p: unknown[]) => confusionMatrix(t as never, p as never),
      (t: unknown[], p: unknown[]) => classificationReport(t as never, p as never),
    ];
    const bad: [unknown[], unknown[]][] = [
      [
        [Number.NaN, 1],
        [Number.NaN, 1],
      ],
      [
        [1, '1'],
        [1, '1'],
      ],
      [
        [1, 2],
        ['1', '2'],
      ],
      [[Symbol('a')], [Symbol('a')]],
      [[undefined], [undefined]],
      [[{}], [{}]],
      [
        ['a', Infinity],
        ['a', 'a'],
      ],
      [
        ['a', null],
        ['a', 'a'],
      ],
    ];
    for (const [t, p] of bad) for (const m of metrics) expect(() => m(t, p)).toThrowError(expect.objectContaining({ code: 'BAD_LABELS' }));
    // a labels option of another type, NaN or a symbol is a bad option
    for (const labels of [['1'], [Number.NaN], [Symbol('x')], [1, '2']] as never[])
      expect(() => f1([1, 2], [1, 2], { labels })).toThrowError(expect.objectContaining({ code: 'BAD_OPTION', details: { option: 'labels' } }));
    expect(f1([1, 2], [1, 2], { labels: [2] })).toBe(1);
  });

  it('null options mean the defaults; a misspelt key is UNKNOWN_OPTION; an unknown average is BAD_OPTION', () => {
    expect(f1(yTrue, yPred, null)).toBe(f1(yTrue, yPred));
    expect(precision(yTrue, yPred, null)).toBe(precision(yTrue, yPred));
    expect(recall(yTrue, yPred, null)).toBe(recall(yTrue, yPred));
    expect(precisionRecallF1(yTrue, yPred, null)).toEqual(precisionRecallF1(yTrue, yPred));
    expect(confusionMatrix(yTrue, yPred, null)).toEqual(confusionMatrix(yTrue, yPred));
    expect(classificationReport(yTrue, yPred, null)).toBe(classificationReport(yTrue, yPred));
    const P = [
      [0.9, 0.1],
      [0.2, 0.8],
    ];
    expect(rocAuc(['a', 'b'], P, ['a', 'b'], null)).toBe(1);
    expect(() => f1(yTrue, yPred, { avrage: 'macro' } as never)).toThrowError(
      expect.objectContaining({ code: 'UNKNOWN_OPTION', details: { option: 'avrage', suggestion: 'average' } }),
    );
    expect(() => classificationReport(yTrue, yPred, { digit: 3 } as never)).toThrowError(expect.objectContaining({ code: 'UNKNOWN_OPTION' }));
    expect(() => confusionMatrix(yTrue, yPred, { label: ['a'] } as never)).toThrowError(expect.objectContaining({ code: 'UNKNOWN_OPTION' }));
    for (const average of ['macro ', 'samples', 0])
      expect(() => f1(yTrue, yPred, { average } as never)).toThrowError(expect.objectContaining({ code: 'BAD_OPTION', details: { option: 'average' } }));
  });

  it('rocAuc: an unsupported average is BAD_OPTION (micro was averaged as macro), a yTrue label not among classes is BAD_LABELS', () => {
    const y = ['a', 'b', 'c', 'a'];
    const P = [
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1],
      [0.5, 0.5, 0],
    ];
    expect(() => rocAuc(y, P, ['a', 'b', 'c'], { average: 'micro' as never })).toThrowError(
      expect.objectContaining({ code: 'BAD_OPTION', details: { option: 'average' } }),
    );
    expect(() => rocAuc(y, P, ['a', 'b', 'c'], { avg: 'macro' } as never)).toThrowError(expect.objectContaining({ code: 'UNKNOWN_OPTION' }));
    const Q = [
      [0.9, 0.1],
      [0.2, 0.8],
      [0.5, 0.5],
    ];
    expect(() => rocAuc(['a', 'b', 'zz'], Q, ['a', 'b'])).toThrowError(expect.objectContaining({ code: 'BAD_LABELS' }));
    expect(() => rocAuc([1, 2, '2'] as never, Q, [1, 2])).toThrowError(expect.objectContaining({ code: 'BAD_LABELS' }));
    expect(() => rocAuc([Number.NaN, 1], Q.slice(0, 2), [Number.NaN, 1])).toThrowError(expect.objectContaining({ code: 'BAD_LABELS' }));
    expect(rocAuc(['a', 'b', 'b'], Q, ['a', 'b'])).toBe(1);
  });
});
