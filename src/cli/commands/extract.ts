/** The `mirkit extract` command: declaration and handler. */
import { defineCommand, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK } from '../command.js';
import { runExtract } from '../extract.js';
import { FEATURE_SETS } from '../extractor.js';
import { resolveShard } from '../shard.js';

/** `mirkit extract <inputs...> --set NAME --out FILE [options]`. */
export const extractCommand = defineCommand({
  name: 'extract',
  summary: 'feature vectors of audio files and folders into a CSV',
  usage: 'mirkit extract <files or folders...> --set gtzan57|seed --out features.csv [options]',
  description: `Extracts one feature vector per audio file into a CSV with the columns
filename, label, <feature names...>, error.`,
  notes: `Folders are searched recursively. Labels come from --labels, or else from the folder a file
sits in, when it is a sub-folder of an input (GTZAN layout: <input>/<genre>/<name>.wav) or the
file is named after it (blues/blues.00000.wav). Rows are written as files finish; a file that
fails becomes a row with its reason in the error column, the run goes on, and the exit status is 1.
An existing --out is resumed (its files are skipped) only when it is an extract CSV of the same
--set and --sr; any other existing file is refused and left untouched.
Progress goes to stderr. Ctrl-C stops; run the same command again to resume.

Sharding: --shard i/n takes the files whose filename (the path relative to the folder given)
hashes to i, so n runs on n machines cover every file once; join their CSVs with mirkit merge.`,
  positionals: { name: 'at least one audio file or folder', min: 1 },
  options: {
    set: {
      type: 'string',
      valueName: 'NAME',
      choices: FEATURE_SETS,
      required: true,
      description: "feature set: gtzan57 (the GTZAN table's 57 columns) or seed",
    },
    out: { type: 'string', alias: 'o', valueName: 'FILE', required: true, description: 'output CSV; an existing one of the same set and rate is resumed' },
    workers: { type: 'int', alias: 'j', min: 0, valueName: 'N', defaultText: 'the CPU count', description: 'worker threads; 0 runs in the main thread' },
    sr: { type: 'number', min: 1, valueName: 'HZ', defaultText: '22050', description: 'decoding sample rate' },
    labels: { type: 'string', valueName: 'FILE', description: 'FMA tracks CSV (subset, split, track_id, genre_top): labels by track id' },
    shard: {
      type: 'string',
      valueName: 'i/n|auto',
      description: 'process only shard i of n (0-based); auto reads JOB_COMPLETION_INDEX or SLURM_ARRAY_TASK_ID',
    },
    shards: { type: 'int', min: 1, valueName: 'N', description: 'shard count for --shard auto (required in a Kubernetes Indexed Job)' },
  },
  async run(a, io) {
    const o = a.options;
    const shard = resolveShard(o.shard, o.shards, io.env ?? process.env);
    const s = await runExtract({
      inputs: a.positionals,
      set: o.set,
      out: o.out,
      workers: o.workers,
      sr: o.sr,
      labels: o.labels,
      shard,
      extract: io.extract,
      progress: io.stderr,
      signal: io.signal,
    });
    const parts = [`${s.succeeded} extracted`, `${s.failed} failed`];
    if (s.skipped > 0) parts.push(`${s.skipped} already in ${s.out}`);
    const of = shard ? `${s.total} files in shard ${shard.index}/${shard.count}` : `${s.total} files`;
    io.stderr.write(`mirkit extract: ${parts.join(', ')} (${of}) -> ${s.out}\n`);
    if (s.interrupted) {
      io.stderr.write('mirkit: interrupted; run the same command again to resume\n');
      return EXIT_INTERRUPTED;
    }
    if (s.failed > 0) {
      io.stderr.write(`mirkit: ${s.failed} file${s.failed === 1 ? '' : 's'} failed; see the error column of ${s.out}\n`);
      return EXIT_FAILURE;
    }
    return EXIT_OK;
  },
});
