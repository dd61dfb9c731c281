/** The `mirkit train` command: declaration and handler. */
import { UsageError } from '../args.js';
import { defineCommand, EXIT_OK } from '../command.js';
import { formatTrainTable, MODEL_NAMES, runTrain } from '../train.js';

/** `mirkit train --features FILE --model NAME --out FILE [options]`. */
export const trainCommand = defineCommand({
  name: 'train',
  summary: 'cross-validate and fit a classifier on a feature CSV',
  usage: 'mirkit train --features features.csv --model NAME --out model.json [options]',
  description: `Cross-validates StandardScaler + a model on a feature CSV (as written by mirkit extract, or
a table of that form such as the GTZAN features_30_sec.csv), prints accuracy and macro F1
over the pooled out-of-fold predictions, then fits on all rows and saves the model JSON
(use it with mirkit classify --model, or restore it with loadModel / fromJSON).

With --split tracks.csv (FMA, columns subset, split, track_id, genre_top), rows are matched to
tracks by the track id of their filename (000/000002.mp3 -> 2); the model is fitted on the
training rows only, scored on validation and test (one line each), and that model is saved.
Rows with no track in the file are counted and ignored.

--out is checked before anything is fitted: an existing file there is replaced (whole) only when
it is a model mirkit saved; any other file is refused and left as it was.`,
  notes: `Example (FMA-small):
  mirkit train --features fma-small.csv --split tracks_small.csv --model svc --out fma-model.json`,
  positionals: { name: 'no positional arguments', max: 0 },
  options: {
    features: { type: 'string', valueName: 'FILE', required: true, description: 'feature CSV' },
    model: { type: 'string', valueName: 'NAME', choices: MODEL_NAMES, required: true, description: 'the classifier' },
    out: {
      type: 'string',
      alias: 'o',
      valueName: 'FILE',
      required: true,
      description: 'where to save the fitted model (an existing file there is replaced only if it is a saved mirkit model)',
    },
    folds: { type: 'int', min: 0, valueName: 'K', defaultText: '10', description: 'stratified cross-validation folds; 0 skips cross-validation' },
    split: {
      type: 'string',
      valueName: 'FILE',
      description: 'FMA tracks.csv: fit on its training split, score validation and test (instead of cross-validation)',
    },
    seed: { type: 'int', valueName: 'S', defaultText: '0', description: 'seed for the folds and the model' },
    json: { type: 'boolean', description: 'print the results as JSON instead of a table' },
  },
  async run(a, io) {
    const { features, model, out, folds, split, seed } = a.options;
    if (folds === 1) throw new UsageError('--folds must be 0 (no cross-validation) or at least 2', 'train');
    if (split !== undefined && folds !== undefined)
      throw new UsageError('--split and --folds exclude each other (--split scores on the official split, not by cross-validation)', 'train');
    const r = await runTrain({ features, model, out, folds, split, seed, lib: io.lib });
    if (a.options.json) {
      const { fitted: _fitted, ...plain } = r;
      io.stdout.write(JSON.stringify(plain, null, 2) + '\n');
      return EXIT_OK;
    }
    io.stdout.write(formatTrainTable([r]));
    if (r.splitRows) {
      const n = r.splitRows;
      io.stdout.write(
        `\nsplit: ${n.training} training, ${n.validation} validation, ${n.test} test rows${r.unmatched ? `; ${r.unmatched} rows with no track in ${split} ignored` : ''}\n`,
      );
    }
    io.stdout.write(
      `\n${r.rows}${r.splitRows ? ' training' : ''} rows, ${r.features} features, ${r.classes.length} classes${r.dropped ? `, ${r.dropped} rows dropped (error or no label)` : ''}; model saved to ${out}\n`,
    );
    return EXIT_OK;
  },
});
