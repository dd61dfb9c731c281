/**
 * The `mirkit` command line: subcommand dispatch, help texts, exit codes and error printing.
 * `main.ts` calls {@link runCli} with the process's arguments and streams; tests call it with their own.
 */
import { isMirkitError } from '../errors.js';
import { parseArgs, UsageError, type OptionsSpec } from './args.js';
import { classifyJson, formatClassifyText, runClassify } from './classify.js';
import { FEATURE_SETS, TEST_FEATURE_SET } from './extractor.js';
import { runExtract } from './extract.js';
import type { ClassifierLib, ClassifyFn, FeatureVector } from './lib.js';
import type { ProgressStream } from './progress.js';
import { formatTrainTable, MODEL_NAMES, runTrain } from './train.js';
import { errorMessage } from './worker.js';
import { TAG_HELP, tagCommand } from './tag.js';
import { EMBED_HELP, embedCommand } from './embed.js';

/** Exit status: success. */
export const EXIT_OK = 0;
/** Exit status: the command ran and failed (a file could not be read, a model could not be built, ...). */
export const EXIT_FAILURE = 1;
/** Exit status: bad arguments. */
export const EXIT_USAGE = 2;
/** Exit status after an interrupt (Ctrl-C), as shells report SIGINT. */
export const EXIT_INTERRUPTED = 130;

/** Streams and injected dependencies of one {@link runCli} call. */
export interface CliIO {
  /** Results (tables, JSON). */
  stdout: { write(text: string): unknown };
  /** Errors and progress. */
  stderr: ProgressStream;
  /** Stops a running `extract` (the entry wires it to SIGINT). */
  signal?: AbortSignal;
  /** Injected extractor for `extract` (instead of loadAudio + extractFeatures in workers). */
  extract?: (path: string) => Promise<FeatureVector>;
  /** Injected `classify` for `classify`. */
  classify?: ClassifyFn;
  /** Injected classifier classes for `train`. */
  lib?: ClassifierLib;
}

const MAIN_HELP = `mirkit: music information retrieval from the command line

Usage: mirkit <command> [options]

Commands:
  classify <files...>    genre of audio files with the bundled model
  extract <inputs...>    feature vectors of audio files and folders into a CSV
  train                  cross-validate and fit a classifier on a feature CSV
  tag <files...>         musicnn tags of audio files (pretrained models)
  embed <inputs...>      musicnn embeddings of audio files and folders into a CSV

Run 'mirkit <command> --help' for a command's options.
Exit status: 0 success, 1 failure, 2 bad arguments.
`;

const CLASSIFY_HELP = `Usage: mirkit classify <files...> [--json] [--top N]

Names the genre of each audio file (wav, flac, mp3, ogg, au) with the bundled model.

Options:
  --top N      list the N most probable genres (default 3)
  --json       print a JSON array: [{ file, genre, top, probabilities, model, windows }]
  -h, --help   show this help

A file that cannot be classified is reported on stderr; the others go on (exit status 1).
`;

const EXTRACT_HELP = `Usage: mirkit extract <files or folders...> --set gtzan57|seed --out features.csv [options]

Extracts one feature vector per audio file into a CSV with the columns
filename, label, <feature names...>, error.

Options:
  --set NAME       feature set: gtzan57 (the GTZAN table's 57 columns) or seed (required)
  --out FILE       output CSV (required); an existing one is resumed: its files are skipped
  --workers N      worker threads (default: CPUs - 1); 0 runs in the main thread
  --sr HZ          decoding sample rate (default 22050)
  --labels FILE    FMA tracks CSV (subset, split, track_id, genre_top): labels by track id
  -h, --help       show this help

Folders are searched recursively. Labels come from --labels, or else from the folder a file
sits in, when it is a sub-folder of an input (GTZAN layout: <input>/<genre>/<name>.wav) or the
file is named after it (blues/blues.00000.wav). Rows are written as files finish;
a file that fails becomes a row with its reason in the error column and the run goes on.
Progress goes to stderr. Ctrl-C stops; run the same command again to resume.
`;

const TRAIN_HELP = `Usage: mirkit train --features features.csv --model NAME --out model.json [options]

Cross-validates StandardScaler + a model on a feature CSV (as written by mirkit extract, or
a table of that form such as the GTZAN features_30_sec.csv), prints accuracy and macro F1
over the pooled out-of-fold predictions, then fits on all rows and saves the model JSON
(restore it with fromJSON).

With --split tracks.csv (FMA, columns subset, split, track_id, genre_top), rows are matched to
tracks by the track id of their filename (000/000002.mp3 -> 2); the model is fitted on the
training rows only, scored on validation and test (one line each), and that model is saved.
Rows with no track in the file are counted and ignored. E.g. FMA-small:
  mirkit train --features fma-small.csv --split tracks_small.csv --model svc --out fma-model.json

Options:
  --features FILE  feature CSV (required)
  --model NAME     ${MODEL_NAMES.join(' | ')} (required)
  --out FILE       where to save the fitted model (required)
  --folds K        stratified cross-validation folds (default 10; 0 skips cross-validation)
  --split FILE     FMA tracks.csv: fit on its training split, score validation and test
                   (instead of cross-validation)
  --seed S         seed for the folds and the model (default 0)
  --json           print the results as JSON instead of a table
  -h, --help       show this help
`;

/** The help text of a subcommand, or the general help for `undefined`. */
export function helpText(command?: string): string {
  switch (command) {
    case 'classify':
      return CLASSIFY_HELP;
    case 'extract':
      return EXTRACT_HELP;
    case 'train':
      return TRAIN_HELP;
    case 'tag':
      return TAG_HELP;
    case 'embed':
      return EMBED_HELP;
    default:
      return MAIN_HELP;
  }
}

const CLASSIFY_OPTIONS: OptionsSpec = { top: { type: 'int', min: 1 }, json: { type: 'boolean' } };
const EXTRACT_OPTIONS: OptionsSpec = {
  set: { type: 'string' },
  out: { type: 'string', alias: 'o' },
  workers: { type: 'int', min: 0, alias: 'j' },
  sr: { type: 'number' },
  labels: { type: 'string' },
};
const TRAIN_OPTIONS: OptionsSpec = {
  features: { type: 'string' },
  model: { type: 'string', choices: MODEL_NAMES },
  out: { type: 'string', alias: 'o' },
  folds: { type: 'int', min: 0 },
  split: { type: 'string' },
  seed: { type: 'int' },
  json: { type: 'boolean' },
};

function required<T>(value: T | undefined, name: string, command: string): T {
  if (value === undefined) throw new UsageError(`${command} needs --${name}`, command);
  return value;
}

/**
 * Runs the `mirkit` command line and resolves with its exit status (it never calls `process.exit`).
 * Results go to `io.stdout`; errors go to `io.stderr` as one line `mirkit: <message>`
 * (a MirkitError's message as it is).
 *
 * @param argv - the arguments after the program name, e.g. `['extract', 'genres', '--set', 'gtzan57', '--out', 'f.csv']`
 * @param io - streams and injected dependencies, see {@link CliIO}
 * @returns 0 on success, 1 on a runtime failure, 2 on a usage error, 130 when interrupted
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case undefined:
        io.stderr.write(MAIN_HELP);
        return EXIT_USAGE;
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(helpText(rest[0]));
        return EXIT_OK;
      case 'classify':
        return await classifyCommand(rest, io);
      case 'extract':
        return await extractCommand(rest, io);
      case 'train':
        return await trainCommand(rest, io);
      case 'tag':
        return await tagCommand(rest, io);
      case 'embed':
        return await embedCommand(rest, io);
      default:
        throw new UsageError(`unknown command "${command}": use classify, extract, train, tag or embed (mirkit --help)`);
    }
  } catch (e) {
    if (e instanceof UsageError) {
      const hint = e.command ? ` (see mirkit ${e.command} --help)` : '';
      io.stderr.write(`mirkit: ${e.message}${hint}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`mirkit: ${isMirkitError(e) ? e.message : errorMessage(e)}\n`);
    return EXIT_FAILURE;
  }
}

async function classifyCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const a = parseArgs(argv, CLASSIFY_OPTIONS, 'classify');
  if (a.help) {
    io.stdout.write(CLASSIFY_HELP);
    return EXIT_OK;
  }
  if (a.positionals.length === 0) throw new UsageError('classify needs at least one audio file', 'classify');
  const results = await runClassify({ files: a.positionals, top: a.options.top as number | undefined, classify: io.classify });
  if (a.options.json) io.stdout.write(JSON.stringify(classifyJson(results), null, 2) + '\n');
  else io.stdout.write(formatClassifyText(results));
  let status = EXIT_OK;
  for (const r of results) {
    if (r.error !== undefined) {
      io.stderr.write(`mirkit: ${r.file}: ${r.error}\n`);
      status = EXIT_FAILURE;
    }
  }
  return status;
}

async function extractCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const a = parseArgs(argv, EXTRACT_OPTIONS, 'extract');
  if (a.help) {
    io.stdout.write(EXTRACT_HELP);
    return EXIT_OK;
  }
  const o = a.options;
  if (a.positionals.length === 0) throw new UsageError('extract needs at least one audio file or folder', 'extract');
  const set = required(o.set as string | undefined, 'set', 'extract');
  if (!FEATURE_SETS.includes(set) && set !== TEST_FEATURE_SET) throw new UsageError(`--set must be one of ${FEATURE_SETS.join(', ')}, got "${set}"`, 'extract');
  const out = required(o.out as string | undefined, 'out', 'extract');
  const sr = o.sr as number | undefined;
  if (sr !== undefined && !(sr > 0)) throw new UsageError(`--sr must be a positive number of Hz, got ${sr}`, 'extract');
  const s = await runExtract({
    inputs: a.positionals,
    set,
    out,
    workers: o.workers as number | undefined,
    sr,
    labels: o.labels as string | undefined,
    extract: io.extract,
    progress: io.stderr,
    signal: io.signal,
  });
  const parts = [`${s.succeeded} extracted`, `${s.failed} failed`];
  if (s.skipped > 0) parts.push(`${s.skipped} already in ${s.out}`);
  io.stderr.write(`mirkit extract: ${parts.join(', ')} (${s.total} files) -> ${s.out}\n`);
  if (s.interrupted) {
    io.stderr.write('mirkit: interrupted; run the same command again to resume\n');
    return EXIT_INTERRUPTED;
  }
  return EXIT_OK;
}

async function trainCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const a = parseArgs(argv, TRAIN_OPTIONS, 'train');
  if (a.help) {
    io.stdout.write(TRAIN_HELP);
    return EXIT_OK;
  }
  const o = a.options;
  if (a.positionals.length > 0) throw new UsageError(`train takes no positional arguments, got "${a.positionals[0]}"`, 'train');
  const features = required(o.features as string | undefined, 'features', 'train');
  const model = required(o.model as string | undefined, 'model', 'train');
  const out = required(o.out as string | undefined, 'out', 'train');
  const folds = o.folds as number | undefined;
  if (folds === 1) throw new UsageError('--folds must be 0 (no cross-validation) or at least 2', 'train');
  const split = o.split as string | undefined;
  if (split !== undefined && folds !== undefined) throw new UsageError('--split and --folds exclude each other (--split scores on the official split, not by cross-validation)', 'train');
  const r = await runTrain({ features, model, out, folds, split, seed: o.seed as number | undefined, lib: io.lib });
  if (o.json) {
    const { fitted: _fitted, ...plain } = r;
    io.stdout.write(JSON.stringify(plain, null, 2) + '\n');
  } else {
    io.stdout.write(formatTrainTable([r]));
    if (r.splitRows) {
      const n = r.splitRows;
      io.stdout.write(`\nsplit: ${n.training} training, ${n.validation} validation, ${n.test} test rows${r.unmatched ? `; ${r.unmatched} rows with no track in ${split} ignored` : ''}\n`);
    }
    io.stdout.write(`\n${r.rows}${r.splitRows ? ' training' : ''} rows, ${r.features} features, ${r.classes.length} classes${r.dropped ? `, ${r.dropped} rows dropped (error or no label)` : ''}; model saved to ${out}\n`);
  }
  return EXIT_OK;
}
