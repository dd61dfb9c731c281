/**
 * The 100 real GTZAN clips of ../shared/data/gtzan/audio (lossless copies of the files the Kaggle
 * table was computed from): mirkit's gtzan57 vector of each clip against the table's row, and the
 * bundled model's genre from the audio against its genre from the row.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, expect, it } from 'vitest';
import { loadAudio } from '../../src/audio/load.js';
import { useWasmFft } from '../../src/dsp/fft.js';
import { classify } from '../../src/genre/classify.js';
import { extractFeatures } from '../../src/genre/features.js';
import { genreModel } from '../../src/genre/model.js';
import { Pipeline, StandardScaler, SVC, parseGtzanTable, type Classifier, type Label } from '../../src/classifiers/index.js';
import { DATA_DIR, describeShared, sharedJson } from '../helpers/shared.js';
import { closeEnough } from './helpers.js';

interface Clip {
  name: string;
  path: string;
  row: number[];
  label: string;
  features: number[];
}

describeShared('the 100 real GTZAN clips', () => {
  const clips: Clip[] = [];
  let model: Classifier;

  beforeAll(async () => {
    // the FFT backend classify() uses, so that its probabilities can be compared bit for bit below
    await useWasmFft();
    const table = parseGtzanTable(readFileSync(join(DATA_DIR, 'gtzan/features_30_sec.csv'), 'utf8'));
    const audioDir = join(DATA_DIR, 'gtzan/audio');
    for (const genre of readdirSync(audioDir).sort()) {
      for (const file of readdirSync(join(audioDir, genre)).sort()) {
        const name = file.replace(/\.flac$/, '.wav');
        const i = table.filenames.indexOf(name);
        if (i < 0) throw new Error(`${name} is not in the table`);
        const { y } = await loadAudio(join(audioDir, genre, file), { sr: 22050 });
        const { values } = extractFeatures(y, { sr: 22050, set: 'gtzan57' });
        clips.push({ name, path: join(audioDir, genre, file), row: table.X[i], label: table.y[i], features: Array.from(values) });
      }
    }
    model = genreModel();
  }, 1_800_000);

  it('holds 100 clips, 10 per genre', () => {
    expect(clips.length).toBe(100);
    expect(new Set(clips.map((c) => c.label)).size).toBe(10);
  });

  it("gtzan57 of every clip equals the table's row (1e-3 relative or 1e-4 absolute)", () => {
    const names = parseGtzanTable(readFileSync(join(DATA_DIR, 'gtzan/features_30_sec.csv'), 'utf8')).featureNames;
    const bad: string[] = [];
    let worst = 0;
    for (const c of clips) {
      c.features.forEach((v, k) => {
        const ref = c.row[k];
        if (!closeEnough(v, ref)) bad.push(`${c.name} ${names[k]}: ${v} vs ${ref}`);
        if (Math.abs(v - ref) > 1e-4) worst = Math.max(worst, Math.abs(v - ref) / Math.abs(ref));
      });
    }
    console.log(`gtzan57 vs table on 100 clips: worst relative difference (where absolute > 1e-4) ${worst.toExponential(2)}`);
    expect(bad).toEqual([]);
  });

  it("the bundled model's genre from the audio equals its genre from the table row for >= 99 of 100", () => {
    const argmax = (p: number[]): number => p.indexOf(Math.max(...p));
    const fromAudio = model.predictProba(clips.map((c) => c.features)).map(argmax);
    const fromRow = model.predictProba(clips.map((c) => c.row)).map(argmax);
    const same = fromAudio.filter((g, i) => g === fromRow[i]).length;
    console.log(`top genre agrees on ${same}/100 clips`);
    expect(same).toBeGreaterThanOrEqual(99);
  });

  it('classify() of the file equals the model on the extracted features (every 10th clip, decode included)', async () => {
    for (const c of clips.filter((_, i) => i % 10 === 0)) {
      const r = await classify(c.path);
      const p = model.predictProba([c.features])[0];
      const classes = model.classes.map(String);
      expect(r.genre).toBe(classes[p.indexOf(Math.max(...p))]);
      classes.forEach((g, k) => expect(r.probabilities[g]).toBeCloseTo(p[k], 9));
      expect(r.windows.length).toBe(1);
    }
  });

  it('honest estimate: the bundled configuration refitted without these 100 rows, on their audio', async () => {
    const table = parseGtzanTable(readFileSync(join(DATA_DIR, 'gtzan/features_30_sec.csv'), 'utf8'));
    const held = new Set(clips.map((c) => c.name));
    const X: number[][] = [],
      y: Label[] = [];
    table.filenames.forEach((f, i) => {
      if (!held.has(f)) {
        X.push(table.X[i]);
        y.push(table.y[i]);
      }
    });
    const bundled = JSON.parse(readFileSync(join(__dirname, '../../src/genre/weights/gtzan57.json'), 'utf8'));
    const svcParams = bundled.state.steps[bundled.state.steps.length - 1].params;
    const m = new Pipeline([new StandardScaler(), new SVC(svcParams)]);
    await m.fit(X, y);
    const acc = (rows: number[][]): number => {
      const pred = m.predictProba(rows).map((p) => m.classes[p.indexOf(Math.max(...p))]);
      return pred.filter((g, i) => g === clips[i].label).length / clips.length;
    };
    const onAudio = acc(clips.map((c) => c.features));
    const onRows = acc(clips.map((c) => c.row));
    const sk = sharedJson('baselines/gtzan_cv_baselines.json').results.svc_rbf_C3.accuracy;
    console.log(
      `held-out 100 clips: accuracy ${onAudio.toFixed(2)} from mirkit's audio features, ${onRows.toFixed(2)} from the table rows (librosa's features); scikit-learn SVC C=3 10-fold accuracy on the table: ${sk}`,
    );
    expect(Math.abs(onAudio - onRows)).toBeLessThanOrEqual(0.02);
    expect(onAudio).toBeGreaterThan(0.5);
  });
});
