/** The `mirkit merge` command: declaration and handler. */
import { defineCommand, EXIT_OK } from '../command.js';
import { mergeExtractOutputs } from '../merge.js';

/** `mirkit merge <parts...> --out FILE`. */
export const mergeCommand = defineCommand({
  name: 'merge',
  summary: 'join the CSVs of sharded extract runs into one',
  usage: 'mirkit merge <part CSVs...> --out all.csv',
  description: `Joins the outputs of mirkit extract runs (e.g. one per --shard) into one CSV, rows sorted by
filename. The parts must have the same header (the same --set); a part holding only error rows
(header filename, label, error) is widened to the others' columns. A file listed in two parts
is refused, and so is an existing --out (it is left untouched).`,
  positionals: { name: 'at least one part CSV', min: 1 },
  options: {
    out: { type: 'string', alias: 'o', valueName: 'FILE', required: true, description: 'the merged CSV (must not exist)' },
  },
  async run(a, io) {
    const s = await mergeExtractOutputs(a.positionals, a.options.out);
    io.stderr.write(`mirkit merge: ${s.rows} rows from ${s.parts} parts (${s.errors} error rows) -> ${a.options.out}\n`);
    return EXIT_OK;
  },
});
