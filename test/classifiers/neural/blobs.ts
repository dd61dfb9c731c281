import { createRng } from '../../../src/classifiers/random.js';

/** Three Gaussian blobs in 4-D (`n` samples, classes 'a', 'b', 'c' in turn), seeded: the neural tests' data. */
export function blobs(n: number, seed: number): { X: number[][]; y: string[] } {
  const rng = createRng(seed);
  const X: number[][] = [],
    y: string[] = [];
  for (let i = 0; i < n; i++) {
    const c = i % 3;
    X.push([0, 1, 2, 3].map((j) => (j === c ? 3 : 0) + rng.normal()));
    y.push(['a', 'b', 'c'][c]);
  }
  return { X, y };
}
