import { mkdirSync, readdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import type { ClassifierLib } from '../../src/cli/lib.js';
import { fmaTrackIdOf, formatParams, formatTrainTable, MODEL_NAMES, MODEL_ZOO, modelFactory, runTrain, trainingDataFromCsv } from '../../src/cli/train.js';
import type { Classifier, FeatureTable, Label, ModelJSON } from '../../src/classifiers/types.js';
import { formatCsv } from '../../src/genre/csv.js';
import { loadFmaTracks, type FmaTrack } from '../../src/genre/datasets.js';
import { DATA_DIR, HAVE_SHARED, describeShared, sharedJson } from '../helpers/shared.js';
import { capture, tempDir, writeText } from './helpers.js';

const rowsOf = (X: FeatureTable): number[][] =>
  Array.isArray(X) ? X : Array.from({ length: X.rows }, (_, i) => Array.from(X.data.subarray(i * X.cols, (i + 1) * X.cols)));

/** A tiny classifier for the command's plumbing: nearest class mean. */
class NearestCentroid implements Classifier {
  static fits = 0;
  classes: Label[] = [];
  private means: number[][] = [];
  constructor(readonly params: Record<string, unknown> = {}) {}
  fit(X: FeatureTable, y: Label[]): this {
    NearestCentroid.fits++;
    const R = rowsOf(X);
    this.classes = [...new Set(y)].sort();
    this.means = this.classes.map((c) => {
      const rows = R.filter((_, i) => y[i] === c);
      return rows[0].map((_, j) => rows.reduce((s, r) => s + r[j], 0) / rows.length);
    });
    return this;
  }
  predictProba(X: FeatureTable): number[][] {
    return rowsOf(X).map((r) => {
      const w = this.means.map((m) => Math.exp(-m.reduce((s, v, j) => s + (v - r[j]) ** 2, 0)));
      const z = w.reduce((a, b) => a + b, 0) || 1;
      return w.map((v) => v / z);
    });
  }
  predict(X: FeatureTable): Label[] {
    return rowsOf(X).map((r) => {
      let best = 0;
      let bestD = Infinity;
      this.means.forEach((m, k) => {
        const d = m.reduce((s, v, j) => s + (v - r[j]) ** 2, 0);
        if (d < bestD) [best, bestD] = [k, d];
      });
      return this.classes[best];
    });
  }
  toJSON(): ModelJSON {
    return { format: 'mirkit-model', version: 1, type: 'NearestCentroid', params: this.params, state: { classes: this.classes, means: this.means } };
  }
}

class Identity {
  fit() {
    return this;
  }
  transform(X: FeatureTable) {
    return rowsOf(X);
  }
  toJSON(): ModelJSON {
    return { format: 'mirkit-model', version: 1, type: 'Identity', params: {} };
  }
}

class Chain implements Classifier {
  constructor(readonly steps: unknown[]) {}
  get last() {
    return this.steps[this.steps.length - 1] as Classifier;
  }
  get classes() {
    return this.last.classes;
  }
  async fit(X: FeatureTable, y: Label[]) {
    await this.last.fit(X, y);
    return this;
  }
  predict(X: FeatureTable) {
    return this.last.predict(X);
  }
  predictProba(X: FeatureTable) {
    return this.last.predictProba(X);
  }
  toJSON(): ModelJSON {
    return { format: 'mirkit-model', version: 1, type: 'Chain', params: {}, state: { steps: this.steps.map((s) => (s as Classifier).toJSON()) } };
  }
}

/** Pooled out-of-fold accuracy over folds i % k (enough to test the command's wiring). */
const simpleCrossValidate: NonNullable<ClassifierLib['crossValidate']> = async (factory, X, y, o) => {
  const foldOf = o.cv ?? y.map((_, i) => i % (o.folds ?? 5));
  const pred: Label[] = new Array(y.length);
  for (const f of new Set(foldOf)) {
    const tr = y.map((_, i) => i).filter((i) => foldOf[i] !== f);
    const te = y.map((_, i) => i).filter((i) => foldOf[i] === f);
    const m = factory();
    await m.fit(
      tr.map((i) => X[i]),
      tr.map((i) => y[i]),
    );
    m.predict(te.map((i) => X[i])).forEach((p, k) => (pred[te[k]] = p));
  }
  const accuracy = pred.filter((p, i) => p === y[i]).length / y.length;
  return { accuracy, f1Macro: accuracy, foldOf };
};

const fakeLib: ClassifierLib = {
  SVC: NearestCentroid,
  LogisticRegression: NearestCentroid,
  StandardScaler: Identity,
  Pipeline: Chain,
  crossValidate: simpleCrossValidate,
};

/** Two well separated classes in 3 features, plus an error row and an unlabelled row. */
function syntheticCsv(): string {
  const rows: (string | number)[][] = [];
  for (let i = 0; i < 20; i++) {
    const c = i % 2;
    rows.push([`f${i}.wav`, c ? 'rock' : 'jazz', c * 10 + (i % 3), c * -5 + (i % 4) * 0.1, 1 + c, '']);
  }
  rows.push(['bad.wav', 'rock', '', '', '', 'decode failed']);
  rows.push(['unlabelled.wav', '', 1, 2, 3, '']);
  return formatCsv(rows, ['filename', 'label', 'a', 'b', 'c', 'error']);
}

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

describe('trainingDataFromCsv', () => {
  it('reads features, drops error and unlabelled rows, ignores filename/length/error columns', () => {
    const d = trainingDataFromCsv(syntheticCsv());
    expect(d.names).toEqual(['a', 'b', 'c']);
    expect(d.X.length).toBe(20);
    expect(d.y.slice(0, 2)).toEqual(['jazz', 'rock']);
    expect(d.filenames[1]).toBe('f1.wav');
    expect(d.dropped).toBe(2);
    expect(trainingDataFromCsv('filename,length,x,label\na.wav,10,0.5,pop\n')).toMatchObject({ names: ['x'], X: [[0.5]], y: ['pop'] });
  });

  it('rejects CSVs without labels, with non-numeric features, or with no usable row', () => {
    expect(() => trainingDataFromCsv('filename,x\na,1\n')).toThrow(/no label column/);
    expect(() => trainingDataFromCsv('filename,label,x,error\na,pop,abc,\n')).toThrow(/record 2: x is "abc"/);
    expect(() => trainingDataFromCsv('filename,label,x,error\na,pop,,failed\n')).toThrow(/no labelled rows/);
  });
});

describe('model zoo', () => {
  it('names the classifier classes of API.md with the baseline study settings', () => {
    expect(MODEL_NAMES).toEqual(['svc', 'logreg', 'forest', 'boosting', 'mlp', 'knn']);
    expect(Object.values(MODEL_ZOO).map((e) => e.className)).toEqual([
      'SVC',
      'LogisticRegression',
      'RandomForest',
      'GradientBoosting',
      'MLPClassifier',
      'KNeighbors',
    ]);
    expect(MODEL_ZOO.forest.params(7)).toEqual({ nEstimators: 500, classWeight: 'balanced', maxFeatures: 'sqrt', seed: 7 });
    expect(formatParams(MODEL_ZOO.svc.params(0))).toBe('kernel=rbf C=3 gamma=scale probability=true');
    expect(formatParams(MODEL_ZOO.mlp.params(0))).toBe('hiddenLayerSizes=[30]');
  });

  it('builds Pipeline([StandardScaler, model]) and reports missing classes', async () => {
    const make = await modelFactory('svc', 3, fakeLib);
    const m = make() as Chain;
    expect(m).toBeInstanceOf(Chain);
    expect(m.steps[0]).toBeInstanceOf(Identity);
    expect((m.steps[1] as NearestCentroid).params).toEqual({ kernel: 'rbf', C: 3, gamma: 'scale', probability: true });
    await expect(modelFactory('forest', 0, fakeLib)).rejects.toMatchObject({ code: 'UNSUPPORTED', message: expect.stringContaining('RandomForest') });
    await expect(modelFactory('tree', 0, fakeLib)).rejects.toMatchObject({ code: 'BAD_OPTION' });
  });
});

describe('runTrain with injected classifiers', () => {
  it('cross-validates, fits on all rows, saves the model JSON, prints the table', async () => {
    const features = join(dir, 'features.csv');
    writeText(features, syntheticCsv());
    const out = join(dir, 'model.json');
    NearestCentroid.fits = 0;
    const r = await runTrain({ features, model: 'svc', folds: 4, out, lib: fakeLib });
    expect(NearestCentroid.fits).toBe(5); // 4 folds + the final fit
    expect(r).toMatchObject({
      model: 'svc',
      estimator: 'SVC',
      accuracy: 1,
      f1Macro: 1,
      folds: 4,
      rows: 20,
      features: 3,
      dropped: 2,
      classes: ['jazz', 'rock'],
      out,
    });
    const saved = JSON.parse(readFileSync(out, 'utf8'));
    expect(saved).toEqual(JSON.parse(JSON.stringify(r.fitted.toJSON())));
    const table = formatTrainTable([r]);
    expect(table.split('\n')[0]).toBe('| model | accuracy | macro F1 | parameters | training time |');
    expect(table).toMatch(/\| svc \(SVC\) \| 1\.000 \| 1\.000 \| kernel=rbf C=3 gamma=scale probability=true \| [\d.]+ s \(4-fold CV\), [\d.]+ s \(fit\) \|/);
  });

  it('skips cross-validation with folds 0', async () => {
    const r = await runTrain({ data: trainingDataFromCsv(syntheticCsv()), model: 'logreg', folds: 0, lib: fakeLib });
    expect(r.accuracy).toBeUndefined();
    expect(r.cvSeconds).toBeUndefined();
    expect(formatTrainTable([r])).toContain('| logreg (LogisticRegression) | - | - | C=1 | ');
  });

  it('runs from the command line (table, or --json), exit 1 for a missing CSV', async () => {
    const features = join(dir, 'features.csv');
    writeText(features, syntheticCsv());
    const stdout = capture();
    const stderr = capture();
    const argv = ['train', '--features', features, '--model', 'svc', '--folds', '5', '--out', join(dir, 'm.json')];
    expect(await runCli(argv, { stdout, stderr, lib: fakeLib })).toBe(0);
    expect(stdout.text).toContain('| svc (SVC) | 1.000 | 1.000 |');
    expect(stdout.text).toContain(`20 rows, 3 features, 2 classes, 2 rows dropped (error or no label); model saved to ${join(dir, 'm.json')}`);
    expect(stderr.text).toBe('');
    const json = capture();
    expect(await runCli([...argv, '--json'], { stdout: json, stderr, lib: fakeLib })).toBe(0);
    expect(JSON.parse(json.text)).toMatchObject({ model: 'svc', accuracy: 1, folds: 5, rows: 20 });
    const err = capture();
    expect(await runCli(['train', '--features', join(dir, 'nope.csv'), '--model', 'svc', '--out', 'm.json'], { stdout, stderr: err, lib: fakeLib })).toBe(1);
    expect(err.text).toBe(`mirkit: no such file: ${join(dir, 'nope.csv')}\n`);
  });
});

describe('regression: train --out replaces only a saved model, and checks before fitting', () => {
  const wav = Buffer.from('RIFF\x24\x00\x00\x00WAVEfmt not really audio');
  it.each([
    ['the feature CSV itself', (features: string) => features, undefined],
    ['a song', () => join(dir, 'song.wav'), () => writeFileSync(join(dir, 'song.wav'), wav)],
    ['a text file', () => join(dir, 'notes.txt'), () => writeFileSync(join(dir, 'notes.txt'), 'my notes\n')],
    ['a symlink to a song', () => join(dir, 'model.json'), () => (writeFileSync(join(dir, 'song.wav'), wav), symlinkSync('song.wav', join(dir, 'model.json')))],
    ['a dangling symlink', () => join(dir, 'gone.json'), () => symlinkSync('nowhere.json', join(dir, 'gone.json'))],
    ['a folder', () => join(dir, 'folder'), () => mkdirSync(join(dir, 'folder'))],
    ['JSON that is not a model', () => join(dir, 'config.json'), () => writeFileSync(join(dir, 'config.json'), '{"format":"other"}\n')],
  ])('refuses %s, fits nothing and changes nothing', async (_what, outOf, make) => {
    const features = join(dir, 'features.csv');
    writeText(features, syntheticCsv());
    make?.();
    const out = outOf(features);
    const snapshot = () =>
      readdirSync(dir).map((f) => [
        f,
        (() => {
          try {
            return readFileSync(join(dir, f)).toString('base64');
          } catch {
            return '?';
          }
        })(),
      ]);
    const before = snapshot();
    NearestCentroid.fits = 0;
    await expect(runTrain({ features, model: 'svc', folds: 0, out, lib: fakeLib })).rejects.toMatchObject({
      code: 'BAD_OPTION',
      message: expect.stringMatching(/exists and .*left untouched: choose another --out/),
    });
    expect(NearestCentroid.fits).toBe(0);
    expect(snapshot()).toEqual(before);
    const stderr = capture();
    expect(await runCli(['train', '--features', features, '--model', 'svc', '--folds', '0', '--out', out], { stdout: capture(), stderr, lib: fakeLib })).toBe(
      1,
    );
    expect(stderr.text).toMatch(/left untouched/);
    expect(snapshot()).toEqual(before);
  });

  it('replaces a saved model whole, creates a missing folder, leaves no temporary file', async () => {
    const features = join(dir, 'features.csv');
    writeText(features, syntheticCsv());
    const out = join(dir, 'models', 'v1', 'model.json');
    const first = await runTrain({ features, model: 'svc', folds: 0, out, lib: fakeLib });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(JSON.stringify(first.fitted.toJSON())));
    const again = await runTrain({ features, model: 'logreg', folds: 0, out, lib: fakeLib });
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(JSON.stringify(again.fitted.toJSON())));
    expect(readdirSync(join(dir, 'models', 'v1'))).toEqual(['model.json']);
  });
});

// The package's own classifiers, on the real GTZAN table with the baseline study's folds.
const lib = (await import('../../src/index.js').catch(() => ({}))) as Record<string, unknown>;
const haveClassifiers = ['KNeighbors', 'StandardScaler', 'Pipeline', 'crossValidate', 'fromJSON'].every((n) => typeof lib[n] === 'function');

describeShared('runTrain with the real classifiers on the GTZAN table', () => {
  (HAVE_SHARED && haveClassifiers ? it : it.todo)("matches scikit-learn's 10-fold KNN baseline and saves a model fromJSON restores", async () => {
    const data = trainingDataFromCsv(readFileSync(join(DATA_DIR, 'gtzan', 'features_30_sec.csv'), 'utf8'));
    const base = sharedJson('baselines/gtzan_cv_baselines.json');
    const cv = data.filenames.map((f) => base.folds[f] as number);
    expect(cv.every((f) => Number.isInteger(f))).toBe(true);
    const out = join(dir, 'knn.json');
    const r = await runTrain({ data, model: 'knn', cv, out });
    expect(r.rows).toBe(1000);
    expect(r.features).toBe(57);
    expect(Math.abs(r.accuracy! - base.results.knn_5.accuracy)).toBeLessThanOrEqual(0.005);
    expect(Math.abs(r.f1Macro! - base.results.knn_5.f1_macro)).toBeLessThanOrEqual(0.005);
    const restored = (lib.fromJSON as (j: unknown) => Classifier)(JSON.parse(readFileSync(out, 'utf8')));
    const some = data.X.slice(0, 50);
    expect(restored.predict(some)).toEqual(r.fitted.predict(some));
  });
});

describe('fmaTrackIdOf', () => {
  it('parses the track id of an FMA file name, with or without its folder', () => {
    expect(fmaTrackIdOf('000/000002.mp3')).toBe(2);
    expect(fmaTrackIdOf('000002.mp3')).toBe(2);
    expect(fmaTrackIdOf('fma_small/155/155066.mp3')).toBe(155066);
    expect(fmaTrackIdOf('C:\\fma\\001\\001039.mp3')).toBe(1039);
    expect(fmaTrackIdOf('blues/blues.00000.wav')).toBeUndefined();
    expect(fmaTrackIdOf('f1.wav')).toBeUndefined();
    expect(fmaTrackIdOf('000002')).toBeUndefined();
    expect(fmaTrackIdOf('')).toBeUndefined();
  });
});

/** FMA path of a track id, as `mirkit extract` writes it relative to the fma_small folder. */
const fmaName = (id: number): string => `${String(Math.floor(id / 1000)).padStart(3, '0')}/${String(id).padStart(6, '0')}.mp3`;

/**
 * A feature CSV of FMA tracks: per genre, `n[split]` tracks of each split with features well
 * separated by genre, plus two rows whose filename names no track of the split file.
 */
function fmaFeatureCsv(tracks: readonly FmaTrack[], genres: readonly string[], n: Record<string, number>): { csv: string; picked: FmaTrack[] } {
  const picked: FmaTrack[] = [];
  for (const g of genres)
    for (const s of ['training', 'validation', 'test']) picked.push(...tracks.filter((t) => t.genreTop === g && t.split === s).slice(0, n[s]));
  const rows: (string | number)[][] = picked.map((t, k) => {
    const g = genres.indexOf(t.genreTop);
    return [fmaName(t.trackId), t.genreTop, g * 10 + (k % 3) * 0.1, -g * 5 + (k % 2) * 0.1, g + (k % 5) * 0.01, ''];
  });
  rows.push(['999/999999.mp3', genres[0], 0, 0, 0, '']);
  rows.push(['extra.wav', genres[1], 10, -5, 0, '']);
  return { csv: formatCsv(rows, ['filename', 'label', 'a', 'b', 'c', 'error']), picked };
}

describe('runTrain with an FMA split (injected classifiers)', () => {
  it('fits on training rows, scores validation and test, counts unmatched rows, prints one line per split', async () => {
    const tracks: FmaTrack[] = [];
    let id = 2;
    for (const g of ['Rock', 'Folk'])
      for (const s of ['training', 'training', 'training', 'validation', 'test'] as const)
        tracks.push({ trackId: id++, split: s, genreTop: g, subset: 'small', genres: [] } as FmaTrack);
    const split = join(dir, 'tracks.csv');
    writeText(
      split,
      formatCsv(
        tracks.map((t) => ['small', t.split, t.trackId, t.genreTop, '[]']),
        ['subset', 'split', 'track_id', 'genre_top', 'genres'],
      ),
    );
    const { csv } = fmaFeatureCsv(tracks, ['Rock', 'Folk'], { training: 3, validation: 1, test: 1 });
    const features = join(dir, 'fma.csv');
    writeText(features, csv);
    const out = join(dir, 'm.json');
    NearestCentroid.fits = 0;
    const r = await runTrain({ features, model: 'svc', split, out, lib: fakeLib });
    expect(NearestCentroid.fits).toBe(1); // the training fit only, no cross-validation
    expect(r).toMatchObject({ rows: 6, folds: 0, splitRows: { training: 6, validation: 2, test: 2 }, unmatched: 2, classes: ['Folk', 'Rock'] });
    expect(r.cvSeconds).toBeUndefined();
    expect(r.splitScores).toEqual([
      { split: 'validation', rows: 2, accuracy: 1, f1Macro: 1 },
      { split: 'test', rows: 2, accuracy: 1, f1Macro: 1 },
    ]);
    const table = formatTrainTable([r]).split('\n');
    expect(table[2]).toMatch(
      /^\| svc \(SVC\), validation \(2 rows\) \| 1\.000 \| 1\.000 \| kernel=rbf C=3 gamma=scale probability=true \| [\d.]+ s \(fit on 6 training rows\) \|$/,
    );
    expect(table[3]).toMatch(/^\| svc \(SVC\), test \(2 rows\) \| 1\.000 \| 1\.000 \|/);
    expect(JSON.parse(readFileSync(out, 'utf8'))).toEqual(JSON.parse(JSON.stringify(r.fitted.toJSON())));

    const stdout = capture();
    const stderr = capture();
    expect(await runCli(['train', '--features', features, '--split', split, '--model', 'svc', '--out', out], { stdout, stderr, lib: fakeLib })).toBe(0);
    expect(stdout.text).toContain('| svc (SVC), validation (2 rows) | 1.000 | 1.000 |');
    expect(stdout.text).toContain('| svc (SVC), test (2 rows) | 1.000 | 1.000 |');
    expect(stdout.text).toContain(`split: 6 training, 2 validation, 2 test rows; 2 rows with no track in ${split} ignored`);
    expect(stdout.text).toContain(`6 training rows, 3 features, 2 classes; model saved to ${out}`);
    const err = capture();
    expect(
      await runCli(['train', '--features', features, '--split', split, '--folds', '5', '--model', 'svc', '--out', out], { stdout, stderr: err, lib: fakeLib }),
    ).toBe(2);
    expect(err.text).toContain('--split and --folds');
    const help = capture();
    expect(await runCli(['train', '--help'], { stdout: help, stderr, lib: fakeLib })).toBe(0);
    expect(help.text).toContain('--split FILE');
  });

  it('refuses a feature CSV with no training track of the split', async () => {
    const data = trainingDataFromCsv('filename,label,x\n000/000002.mp3,Rock,1\n');
    const tracks = [{ trackId: 2, split: 'test', genreTop: 'Rock', subset: 'small', genres: [] }] as unknown as FmaTrack[];
    await expect(runTrain({ data, model: 'svc', split: tracks, lib: fakeLib })).rejects.toMatchObject({ code: 'EMPTY_INPUT' });
  });
});

describeShared('runTrain with the FMA-small split file and the real classifiers', () => {
  (HAVE_SHARED && haveClassifiers ? it : it.todo)(
    'fits on 20 training tracks, scores 5 validation and 5 test tracks, saves a model fromJSON restores',
    async () => {
      const tracks = await loadFmaTracks(join(DATA_DIR, 'fma', 'tracks_small.csv'));
      // The reduced FMA-small tracks.csv: 8 genres, the official 6394/800/800 split.
      expect(new Set(tracks.map((t) => t.genreTop)).size).toBe(8);
      expect(['training', 'validation', 'test'].map((s) => tracks.filter((t) => t.split === s).length)).toEqual([6394, 800, 800]);
      const genres = ['Electronic', 'Folk', 'Hip-Hop', 'Rock', 'Pop'];
      const { csv, picked } = fmaFeatureCsv(tracks, genres, { training: 4, validation: 1, test: 1 });
      expect(picked.length).toBe(30);
      const features = join(dir, 'fma-small.csv');
      writeText(features, csv);
      const out = join(dir, 'fma-model.json');
      const r = await runTrain({ features, model: 'knn', split: join(DATA_DIR, 'fma', 'tracks_small.csv'), out });
      expect(r.splitRows).toEqual({ training: 20, validation: 5, test: 5 });
      expect(r.unmatched).toBe(2);
      expect(r.rows).toBe(20);
      expect(r.classes).toEqual([...genres].sort());
      expect(r.splitScores!.map((s) => [s.split, s.rows, s.accuracy, s.f1Macro])).toEqual([
        ['validation', 5, 1, 1],
        ['test', 5, 1, 1],
      ]);
      const table = formatTrainTable([r]);
      expect(table).toContain('| knn (KNeighbors), validation (5 rows) | 1.000 | 1.000 | nNeighbors=5 |');
      expect(table).toContain('| knn (KNeighbors), test (5 rows) | 1.000 | 1.000 | nNeighbors=5 |');
      const restored = (lib.fromJSON as (j: unknown) => Classifier)(JSON.parse(readFileSync(out, 'utf8')));
      const X = trainingDataFromCsv(csv).X;
      expect(restored.predict(X)).toEqual(r.fitted.predict(X));
    },
  );
});
