/**
 * The four pretrained musicnn models (Pons & Serra, ISMIR 2019; Elio Quinton's tf.keras port, ISC
 * licence): names, architectures, tag lists in output order, and embedding layers.
 * @packageDocumentation
 */

/** Names of the bundled musicnn models. */
export type MusicnnModelName = 'MTT_musicnn' | 'MSD_musicnn' | 'MTT_vgg' | 'MSD_vgg';

/** The two architectures: musicnn (musically motivated front end) and a 5-layer VGG-like CNN. */
export type MusicnnArchitecture = 'musicnn' | 'vgg';

/**
 * Embedding layers of {@link embed}: `'penultimate'` (200-d, default), `'max_pool'` and `'mean_pool'`
 * (753-d) for the musicnn models; `'pool5'` (256-d per patch, 128-d mean) for the vgg models.
 */
export type MusicnnLayer = 'penultimate' | 'max_pool' | 'mean_pool' | 'pool5';

/** All bundled model names. */
export const MUSICNN_MODELS: readonly MusicnnModelName[] = ['MTT_musicnn', 'MSD_musicnn', 'MTT_vgg', 'MSD_vgg'];

/** The 50 MagnaTagATune tags of the `MTT_*` models, in output order. */
export const MTT_TAGS: readonly string[] = [
  'guitar',
  'classical',
  'slow',
  'techno',
  'strings',
  'drums',
  'electronic',
  'rock',
  'fast',
  'piano',
  'ambient',
  'beat',
  'violin',
  'vocal',
  'synth',
  'female',
  'indian',
  'opera',
  'male',
  'singing',
  'vocals',
  'no vocals',
  'harpsichord',
  'loud',
  'quiet',
  'flute',
  'woman',
  'male vocal',
  'no vocal',
  'pop',
  'soft',
  'sitar',
  'solo',
  'man',
  'classic',
  'choir',
  'voice',
  'new age',
  'dance',
  'male voice',
  'female vocal',
  'beats',
  'harp',
  'cello',
  'no voice',
  'weird',
  'country',
  'metal',
  'female voice',
  'choral',
];

/** The 50 Million Song Dataset (last.fm) tags of the `MSD_*` models, in output order. */
export const MSD_TAGS: readonly string[] = [
  'rock',
  'pop',
  'alternative',
  'indie',
  'electronic',
  'female vocalists',
  'dance',
  '00s',
  'alternative rock',
  'jazz',
  'beautiful',
  'metal',
  'chillout',
  'male vocalists',
  'classic rock',
  'soul',
  'indie rock',
  'Mellow',
  'electronica',
  '80s',
  'folk',
  '90s',
  'chill',
  'instrumental',
  'punk',
  'oldies',
  'blues',
  'hard rock',
  'ambient',
  'acoustic',
  'experimental',
  'female vocalist',
  'guitar',
  'Hip-Hop',
  '70s',
  'party',
  'country',
  'easy listening',
  'sexy',
  'catchy',
  'funk',
  'electro',
  'heavy metal',
  'Progressive rock',
  '60s',
  'rnb',
  'indie pop',
  'sad',
  'House',
  'happy',
];

/** The architecture of a model name. */
export function architectureOf(model: MusicnnModelName): MusicnnArchitecture {
  return model.endsWith('_vgg') ? 'vgg' : 'musicnn';
}

/** The tag list of a model name, in output order. */
export function tagsOf(model: MusicnnModelName): readonly string[] {
  return model.startsWith('MTT_') ? MTT_TAGS : MSD_TAGS;
}

/** The layers {@link embed} accepts for an architecture; the first is the default. */
export function layersOf(arch: MusicnnArchitecture): readonly MusicnnLayer[] {
  return arch === 'vgg' ? ['pool5'] : ['penultimate', 'max_pool', 'mean_pool'];
}

/** True for a bundled model name. */
export function isMusicnnModelName(x: unknown): x is MusicnnModelName {
  return typeof x === 'string' && (MUSICNN_MODELS as readonly string[]).includes(x);
}
