/**
 * `mirkit embed`: musicnn embeddings of audio files and folders into a CSV of the form `mirkit extract`
 * writes (filename, label, features..., error), so `mirkit train --features` accepts it; resumable.
 */
import { UsageError, parseArgs, type OptionsSpec } from './args.js';
import type { CliIO } from './cli.js';
import { runExtract } from './extract.js';
import type { MusicnnLayer, MusicnnModelName } from '../tagging/index.js';

const MODELS: readonly MusicnnModelName[] = ['MSD_musicnn', 'MTT_musicnn', 'MSD_vgg', 'MTT_vgg'];
const LAYERS: readonly MusicnnLayer[] = ['penultimate', 'max_pool', 'mean_pool', 'pool5'];

/** Help text of `mirkit embed`. */
export const EMBED_HELP = `Usage: mirkit embed <files or folders...> --out embeddings.csv [--model NAME] [--layer NAME]

Writes one musicnn embedding per audio file (the mean over its 3 s patches) into a CSV with the
columns filename, label, <model>_<layer>_0 ..., error: the form mirkit extract writes, so
'mirkit train --features embeddings.csv' learns from it.

Options:
  --out FILE      output CSV (required); an existing one is resumed: its files are skipped
  --model NAME    ${MODELS.join(' | ')} (default MSD_musicnn)
  --layer NAME    penultimate (200, default) | max_pool | mean_pool (753) for the musicnn models;
                  pool5 (128, the default) for the vgg models
  --labels FILE   FMA tracks CSV (subset, split, track_id, genre_top): labels by track id
  -h, --help      show this help

Labels, folders, progress and Ctrl-C as for mirkit extract. Files are embedded one at a time
in the main thread (the network is the cost, not decoding).
`;

const EMBED_OPTIONS: OptionsSpec = {
  out: { type: 'string', alias: 'o' },
  model: { type: 'string', choices: MODELS },
  layer: { type: 'string', choices: LAYERS },
  labels: { type: 'string' },
};

/** Runs `mirkit embed` and resolves with its exit status. */
export async function embedCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const a = parseArgs(argv, EMBED_OPTIONS, 'embed');
  if (a.help) {
    io.stdout.write(EMBED_HELP);
    return 0;
  }
  if (a.positionals.length === 0) throw new UsageError('embed needs at least one audio file or folder', 'embed');
  const out = a.options.out as string | undefined;
  if (out === undefined) throw new UsageError('embed needs --out', 'embed');
  const name = (a.options.model as MusicnnModelName | undefined) ?? 'MSD_musicnn';
  const layer = (a.options.layer as MusicnnLayer | undefined) ?? (name.endsWith('_vgg') ? 'pool5' : 'penultimate');
  if ((layer === 'pool5') !== name.endsWith('_vgg')) throw new UsageError(`${name} has no layer ${layer}`, 'embed');
  const { embed, loadMusicnnModel } = await import('../tagging/index.js');
  const model = await loadMusicnnModel(name);
  const s = await runExtract({
    inputs: a.positionals,
    set: `${name}_${layer}`,
    out,
    workers: 1,
    labels: a.options.labels as string | undefined,
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
    return 130;
  }
  return 0;
}
