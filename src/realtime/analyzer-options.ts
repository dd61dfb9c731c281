/**
 * The keys {@link createAnalyzer} accepts, at the top level and in each per-feature group of
 * `options`: a misspelt key (`hop_length`, `options.mfc`, `options.melSpectrogram.nMel`) is
 * `UNKNOWN_OPTION` naming the key it most likely meant, as the offline functions' options are.
 * @internal
 * @packageDocumentation
 */
import { MirkitError } from '../errors.js';
import { LOUDNESS_KERNEL_OPTIONS, POLY_FEATURES_KERNEL_OPTIONS, SPECTRAL_CREST_KERNEL_OPTIONS, SPECTRAL_FLATNESS_KERNEL_OPTIONS } from '../option-keys.js';
import { checkKnownKeys } from '../options.js';
import { shown } from '../util/shown.js';

/** Top-level keys of `createAnalyzer`'s options. @internal */
export const ANALYZER_KEYS: readonly string[] = ['sr', 'features', 'nFft', 'hopLength', 'fft', 'options'];

/** Keys of each group of `options` (`AnalyzerFeatureOptions`); null: the group checks its own keys (yin, delta, stackMemory). */
const GROUP_KEYS: Record<string, readonly string[] | null> = {
  melSpectrogram: ['nMels', 'fmin', 'fmax', 'htk', 'norm'],
  logMel: ['topDb'],
  mfcc: ['nMfcc', 'dctType', 'norm', 'lifter'],
  chromaStft: ['tuning', 'nChroma', 'ctroct', 'octwidth', 'filterNorm', 'baseC', 'norm'],
  spectralBandwidth: ['p', 'norm'],
  spectralRolloff: ['rollPercent'],
  spectralFlatness: SPECTRAL_FLATNESS_KERNEL_OPTIONS,
  spectralContrast: ['fmin', 'nBands', 'quantile', 'linear', 'amin'],
  polyFeatures: POLY_FEATURES_KERNEL_OPTIONS,
  spectralCrest: SPECTRAL_CREST_KERNEL_OPTIONS,
  loudness: LOUDNESS_KERNEL_OPTIONS,
  perceptualSpread: LOUDNESS_KERNEL_OPTIONS,
  perceptualSharpness: LOUDNESS_KERNEL_OPTIONS,
  zeroCrossingRate: ['threshold', 'zeroPos', 'pad'],
  onsetStrength: ['lag'],
  yin: null,
  delta: null,
  stackMemory: null,
};

const isRecord = (v: unknown): v is object => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks the keys of an analyzer's options record `opts` against `accepted` (the top-level keys) and
 * of its `options` groups: `BAD_OPTION` where `options` or a group is not an object (null and
 * undefined: none), `UNKNOWN_OPTION` for a key that is not accepted. @internal
 */
export function checkAnalyzerKeys(fn: string, opts: object, accepted: readonly string[]): void {
  checkKnownKeys(fn, opts, accepted);
  const groups = (opts as { options?: unknown }).options;
  if (groups === undefined || groups === null) return;
  if (!isRecord(groups))
    throw new MirkitError('BAD_OPTION', `${fn}: options must be an object of per-feature options, got ${shown(groups)}`, { option: 'options' });
  checkKnownKeys(`${fn} options`, groups, Object.keys(GROUP_KEYS));
  for (const [name, group] of Object.entries(groups)) {
    const keys = GROUP_KEYS[name];
    if (keys === null || group === undefined || group === null) continue;
    if (!isRecord(group)) throw new MirkitError('BAD_OPTION', `${fn}: options.${name} must be an object, got ${shown(group)}`, { option: name });
    checkKnownKeys(`${fn} options.${name}`, group, keys);
  }
}
