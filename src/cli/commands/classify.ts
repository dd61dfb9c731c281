/** The `mirkit classify` command: declaration and handler. */
import { classifyJson, formatClassifyText, readModelFile, runClassify } from '../classify.js';
import { defineCommand, reportFileErrors } from '../command.js';

/** `mirkit classify <files...> [--model FILE] [--json] [--top N]`. */
export const classifyCommand = defineCommand({
  name: 'classify',
  summary: 'genre of audio files with the bundled model (or --model)',
  usage: 'mirkit classify <files...> [--model FILE] [--json] [--top N]',
  description: 'Names the genre of each audio file (wav, flac, mp3, ogg, au) with the bundled model, or with a\nmodel saved by mirkit train (--model).',
  notes: 'A file that cannot be classified is reported on stderr; the others go on (exit status 1).',
  positionals: { name: 'at least one audio file', min: 1 },
  options: {
    model: {
      type: 'string',
      valueName: 'FILE',
      description: 'model JSON saved by mirkit train (any model, neural ones included)',
      defaultText: 'the bundled model',
    },
    top: { type: 'int', min: 1, valueName: 'N', description: 'list the N most probable genres', defaultText: '3' },
    json: { type: 'boolean', description: 'print a JSON array: [{ file, genre, top, probabilities, model, windows }]' },
  },
  async run(a, io) {
    const model = a.options.model === undefined ? undefined : await readModelFile(a.options.model);
    const results = await runClassify({ files: a.positionals, top: a.options.top, model, classify: io.classify });
    if (a.options.json) io.stdout.write(JSON.stringify(classifyJson(results), null, 2) + '\n');
    else io.stdout.write(formatClassifyText(results));
    return reportFileErrors(results, io);
  },
});
