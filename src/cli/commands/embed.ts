/**
 * The `mirkit embed` command: musicnn embeddings of audio files and folders into a CSV of the form
 * `mirkit extract` writes (filename, label, features..., error), so `mirkit train --features` accepts it.
 */
import { UsageError } from '../args.js';
import { defineCommand, EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK } from '../command.js';
import { runExtract } from '../extract.js';
import type { MusicnnLayer, MusicnnModelName } from '../../tagging/index.js';
import { MUSICNN_MODELS } from './tag.js';

const LAYERS: readonly MusicnnLayer[] = ['penultimate', 'max_pool', 'mean_pool', 'pool5'];

/** `mirkit embed <inputs...> --out FILE [--model NAME] [--layer NAME] [--labels FILE]`. */
export const embedCommand = defineCommand({
  name: 'embed',
  summary: 'musicnn embeddings of audio files and folders into a CSV that train accepts',
  usage: 'mirkit embed <files or folders...> --out embeddings.csv [--model NAME] [--layer NAME]',
  description: `Writes one musicnn embedding per audio file (the mean over its 3 s patches) into a CSV with the
columns filename, label, <model>_<layer>_0 ..., error: the form mirkit extract writes, so
'mirkit train --features embeddings.csv' learns from it. Needs TensorFlow.js (see mirkit tag --help).`,
  notes: `Labels, folders, progress, resuming and Ctrl-C as for mirkit extract. Files are embedded one at a
time in the main thread (the network is the cost, not decoding).`,
  positionals: { name: 'at least one audio file or folder', min: 1 },
  options: {
    out: { type: 'string', alias: 'o', valueName: 'FILE', required: true, description: 'output CSV; an existing one of the same model and layer is resumed' },
    model: { type: 'string', valueName: 'NAME', choices: MUSICNN_MODELS, defaultText: 'MSD_musicnn', description: 'pretrained model' },
    layer: {
      type: 'string',
      valueName: 'NAME',
      choices: LAYERS,
      defaultText: 'penultimate (musicnn), pool5 (vgg)',
      description: 'penultimate (200) | max_pool | mean_pool (753) for musicnn; pool5 (128) for vgg',
    },
    labels: { type: 'string', valueName: 'FILE', description: 'FMA tracks CSV (subset, split, track_id, genre_top): labels by track id' },
  },
  async run(a, io) {
    const name = (a.options.model as MusicnnModelName | undefined) ?? 'MSD_musicnn';
    const layer = (a.options.layer as MusicnnLayer | undefined) ?? (name.endsWith('_vgg') ? 'pool5' : 'penultimate');
    if ((layer === 'pool5') !== name.endsWith('_vgg')) throw new UsageError(`${name} has no layer ${layer}`, 'embed');
    const { embed, loadMusicnnModel } = await import('../../tagging/index.js');
    const model = await loadMusicnnModel(name);
    const s = await runExtract({
      inputs: a.positionals,
      set: `${name}_${layer}`,
      out: a.options.out,
      workers: 1,
      labels: a.options.labels,
      extract: async (path) => {
        const { mean } = await embed(path, { model, layer });
        return { names: Array.from(mean, (_, i) => `${name}_${layer}_${i}`), values: mean };
      },
      progress: io.stderr,
      signal: io.signal,
    });
    const parts = [`${s.succeeded} embedded`, `${s.failed} failed`];
    if (s.skipped > 0) parts.push(`${s.skipped} already in ${s.out}`);
    io.stderr.write(`mirkit embed: ${parts.join(', ')} (${s.total} files) -> ${s.out}\n`);
    if (s.interrupted) {
      io.stderr.write('mirkit: interrupted; run the same command again to resume\n');
      return EXIT_INTERRUPTED;
    }
    return s.failed > 0 ? EXIT_FAILURE : EXIT_OK;
  },
});
