/**
 * Loading a musicnn model: the bundled weights (Node, read lazily from the package) or weight bytes
 * you fetched yourself (browsers).
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { architectureOf, isMusicnnModelName, MUSICNN_MODELS, tagsOf, type MusicnnArchitecture, type MusicnnModelName } from './models.js';
import { checkWeights, parseMusicnnWeights, readBundledWeights, type MusicnnWeights } from './weights.js';
import { shown } from '../util/shown.js';

/** A loaded musicnn model: pass it as `model` to {@link tag} / {@link embed} to load the weights once. */
export interface MusicnnModel {
  /** The model's name. */
  readonly name: MusicnnModelName;
  /** `'musicnn'` or `'vgg'`. */
  readonly architecture: MusicnnArchitecture;
  /** Its 50 tags in output order. */
  readonly tags: readonly string[];
  /** The parsed weights. */
  readonly weights: MusicnnWeights;
}

/**
 * Loads a bundled musicnn model. In Node the weights are read from the package
 * (`models/musicnn/<name>.bin`, 1.2-1.6 MB, float16) on this call, not at import. In a browser pass the
 * file's bytes: `await loadMusicnnModel('MSD_musicnn', await (await fetch(url)).arrayBuffer())`.
 *
 * @param name - `'MSD_musicnn'` (default), `'MTT_musicnn'`, `'MSD_vgg'` or `'MTT_vgg'`
 * @param weights - the model's weight file bytes (optional in Node)
 * @throws MirkitError `BAD_OPTION` for an unknown name, `BAD_MODEL` for bytes that are not that model's weights,
 *   `UNSUPPORTED` outside Node without `weights`
 * @example
 * ```ts
 * const model = await loadMusicnnModel('MTT_musicnn');
 * for (const file of files) console.log((await tag(file, { model })).top);
 * ```
 */
export async function loadMusicnnModel(name: MusicnnModelName = 'MSD_musicnn', weights?: Uint8Array | ArrayBuffer): Promise<MusicnnModel> {
  if (!isMusicnnModelName(name)) {
    throw new MirkitError('BAD_OPTION', `model must be one of ${MUSICNN_MODELS.join(', ')}, got ${shown(name)}`, { option: 'model' });
  }
  const parsed = parseMusicnnWeights(weights ?? (await readBundledWeights(name)));
  if (parsed.model !== name) throw new MirkitError('BAD_MODEL', `the weights given are ${parsed.model}'s, not ${name}'s`);
  return { name, architecture: architectureOf(name), tags: tagsOf(name), weights: parsed };
}

/** A model option resolved to a loaded model (`BAD_OPTION` / `BAD_MODEL` for an object that is not one). @internal */
export async function resolveMusicnnModel(model: MusicnnModelName | MusicnnModel | undefined, weights?: Uint8Array | ArrayBuffer): Promise<MusicnnModel> {
  if (typeof model === 'object' && model !== null) return checkModel(model);
  return loadMusicnnModel(model ?? 'MSD_musicnn', weights);
}

/**
 * Checks a model object passed as the `model` option: a known name with that name's architecture
 * and 50 tag names (`BAD_OPTION` otherwise), and weights of that model (`BAD_MODEL`, see {@link checkWeights}).
 */
function checkModel(model: object): MusicnnModel {
  const m = model as Partial<Record<keyof MusicnnModel, unknown>>;
  const why = modelProblem(m);
  if (why) throw new MirkitError('BAD_OPTION', `model must be a model name or a model from loadMusicnnModel(): its ${why}`, { option: 'model' });
  const name = m.name as MusicnnModelName;
  const weights = checkWeights(m.weights, name);
  if (weights.model !== name) throw new MirkitError('BAD_MODEL', `the model's weights are ${shown(weights.model)}'s, not ${name}'s`);
  return model as MusicnnModel;
}

/** What makes `m` not a loaded model, apart from its weights; undefined when nothing does. */
function modelProblem(m: Partial<Record<keyof MusicnnModel, unknown>>): string | undefined {
  if (!isMusicnnModelName(m.name)) return `name ${shown(m.name)} is not one of ${MUSICNN_MODELS.join(', ')}`;
  if (m.architecture !== architectureOf(m.name)) return `architecture ${shown(m.architecture)} is not ${m.name}'s`;
  const n = tagsOf(m.name).length;
  if (!Array.isArray(m.tags) || m.tags.length !== n || !m.tags.every((t) => typeof t === 'string')) return `tags are not ${n} tag names`;
  return undefined;
}
