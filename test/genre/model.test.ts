import { describe, expect, it } from 'vitest';
// deliberately no '@tensorflow/*' import and no neural fit here: TensorFlow.js must start unloaded
import { isNeuralBackendLoaded } from '../../src/classifiers/neural/index.js';
import { isMirkitError } from '../../src/errors.js';
import { classify } from '../../src/genre/classify.js';
import { loadModel } from '../../src/genre/model.js';
import { savedMlpGenreModel } from '../helpers/models.js';

describe('loadModel with a neural model (issue 14)', () => {
  it('classify(input, { model: loadModel(json) }) works for an MLP before TensorFlow.js is loaded', async () => {
    expect(isNeuralBackendLoaded()).toBe(false);
    const model = loadModel(savedMlpGenreModel()); // no NOT_READY here any more
    expect(model.meta.name).toBe('hand-mlp');
    // Reading the classifier before TensorFlow.js is loaded still says what to do.
    let early: unknown;
    try {
      void model.classifier;
    } catch (e) {
      early = e;
    }
    expect(isMirkitError(early, 'NOT_READY')).toBe(true);
    const sr = 22050;
    const y = new Float32Array(sr * 2);
    for (let i = 0; i < y.length; i++) y[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / sr) + 0.1 * Math.sin(i / 7);
    const r = await classify({ y, sr }, { model });
    expect(r.model).toBe('hand-mlp');
    expect(r.genre).toBe('a');
    expect(r.probabilities.a).toBeCloseTo(0.75, 5);
    expect(r.probabilities.b).toBeCloseTo(0.25, 5);
    expect(isNeuralBackendLoaded()).toBe(true);
    // Once loaded, loadModel restores at once.
    expect(loadModel(savedMlpGenreModel()).classifier.classes).toEqual(['a', 'b']);
  }, 60_000);
});
