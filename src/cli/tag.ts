/**
 * `mirkit tag`: the musicnn tags of audio files (`tag()` of src/tagging), as text or JSON.
 */
import { UsageError, parseArgs, type OptionsSpec } from './args.js';
import type { CliIO } from './cli.js';
import { errorMessage } from './worker.js';
import type { MusicnnModelName, TagResult } from '../tagging/index.js';

const MODELS: readonly MusicnnModelName[] = ['MSD_musicnn', 'MTT_musicnn', 'MSD_vgg', 'MTT_vgg'];

/** Help text of `mirkit tag`. */
export const TAG_HELP = `Usage: mirkit tag <files...> [--model NAME] [--top N] [--json]

Tags each audio file with a pretrained musicnn model (50 tags: genre, mood, instruments, vocals, era),
averaged over 3 s patches of the clip (clips under 2.976 s cannot be tagged).

Options:
  --model NAME  ${MODELS.join(' | ')} (default MSD_musicnn)
  --top N       list the N most probable tags (default 5; at most 50)
  --json        print a JSON array: [{ file, model, top, probabilities }] (failures: { file, error })
  -h, --help    show this help

A file that cannot be tagged is reported on stderr; the others go on (exit status 1).
`;

const TAG_OPTIONS: OptionsSpec = { model: { type: 'string', choices: MODELS }, top: { type: 'int', min: 1 }, json: { type: 'boolean' } };

/** Runs `mirkit tag` and resolves with its exit status. */
export async function tagCommand(argv: readonly string[], io: CliIO): Promise<number> {
  const a = parseArgs(argv, TAG_OPTIONS, 'tag');
  if (a.help) {
    io.stdout.write(TAG_HELP);
    return 0;
  }
  if (a.positionals.length === 0) throw new UsageError('tag needs at least one audio file', 'tag');
  const top = (a.options.top as number | undefined) ?? 5;
  if (top > 50) throw new UsageError(`--top must be at most 50, got ${top}`, 'tag');
  const { tag, loadMusicnnModel } = await import('../tagging/index.js');
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
    const json = results.map((r) => (r.result ? { file: r.file, model: r.result.model, top: r.result.top, probabilities: r.result.probabilities } : { file: r.file, error: r.error }));
    io.stdout.write(JSON.stringify(json, null, 2) + '\n');
  } else {
    const ok = results.filter((r) => r.result);
    const width = Math.min(60, Math.max(0, ...ok.map((r) => r.file.length)));
    for (const r of ok) io.stdout.write(`${r.file.padEnd(width)}  ${r.result!.top.map((t) => `${t.tag} ${t.probability.toFixed(2)}`).join(', ')}\n`);
  }
  let status = 0;
  for (const r of results) {
    if (r.error !== undefined) {
      io.stderr.write(`mirkit: ${r.file}: ${r.error}\n`);
      status = 1;
    }
  }
  return status;
}
