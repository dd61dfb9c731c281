/** The `mirkit tag` command: the musicnn tags of audio files (`tag()` of src/tagging), as text or JSON. */
import { defineCommand, reportFileErrors } from '../command.js';
import { errorMessage } from '../worker.js';
import type { MusicnnModelName, TagResult } from '../../tagging/index.js';

/** The pretrained models `tag` and `embed` accept. */
export const MUSICNN_MODELS: readonly MusicnnModelName[] = ['MSD_musicnn', 'MTT_musicnn', 'MSD_vgg', 'MTT_vgg'];

/** `mirkit tag <files...> [--model NAME] [--top N] [--json]`. */
export const tagCommand = defineCommand({
  name: 'tag',
  summary: 'music tags (genre, mood, instruments) of audio files with a pretrained musicnn model',
  usage: 'mirkit tag <files...> [--model NAME] [--top N] [--json]',
  description: `Tags each audio file with a pretrained musicnn model (50 tags: genre, mood, instruments, vocals,
era), averaged over 3 s patches of the clip (clips under 2.976 s cannot be tagged). Needs
TensorFlow.js (npm install @tensorflow/tfjs-core @tensorflow/tfjs-layers @tensorflow/tfjs-backend-wasm).`,
  notes: 'A file that cannot be tagged is reported on stderr; the others go on (exit status 1).',
  positionals: { name: 'at least one audio file', min: 1 },
  options: {
    model: { type: 'string', valueName: 'NAME', choices: MUSICNN_MODELS, defaultText: 'MSD_musicnn', description: 'pretrained model' },
    top: { type: 'int', min: 1, max: 50, valueName: 'N', defaultText: '5', description: 'list the N most probable tags' },
    json: { type: 'boolean', description: 'print a JSON array: [{ file, model, top, probabilities }] (failures: { file, error })' },
  },
  async run(a, io) {
    const top = a.options.top ?? 5;
    const { tag, loadMusicnnModel } = await import('../../tagging/index.js');
    const model = await loadMusicnnModel((a.options.model as MusicnnModelName | undefined) ?? 'MSD_musicnn');
    const results: Array<{ file: string; result?: TagResult; error?: string }> = [];
    for (const file of a.positionals) {
      try {
        results.push({ file, result: await tag(file, { model, top }) });
      } catch (e) {
        results.push({ file, error: errorMessage(e) });
      }
    }
    if (a.options.json) {
      const json = results.map((r) =>
        r.result ? { file: r.file, model: r.result.model, top: r.result.top, probabilities: r.result.probabilities } : { file: r.file, error: r.error },
      );
      io.stdout.write(JSON.stringify(json, null, 2) + '\n');
    } else {
      const ok = results.filter((r) => r.result);
      const width = Math.min(60, Math.max(0, ...ok.map((r) => r.file.length)));
      for (const r of ok) io.stdout.write(`${r.file.padEnd(width)}  ${r.result!.top.map((t) => `${t.tag} ${t.probability.toFixed(2)}`).join(', ')}\n`);
    }
    return reportFileErrors(results, io);
  },
});
