/** The clip feature sets of the genre models and the names of their columns, in order. */

/** Names of the clip feature sets that `extractFeatures` computes. */
export type FeatureSetName = 'gtzan57' | 'seed';

/** The 57 columns of the GTZAN Kaggle table (`features_30_sec.csv` minus filename, length, label), in its order. */
export const GTZAN57_NAMES: readonly string[] = /* @__PURE__ */ Object.freeze([
  'chroma_stft_mean',
  'chroma_stft_var',
  'rms_mean',
  'rms_var',
  'spectral_centroid_mean',
  'spectral_centroid_var',
  'spectral_bandwidth_mean',
  'spectral_bandwidth_var',
  'rolloff_mean',
  'rolloff_var',
  'zero_crossing_rate_mean',
  'zero_crossing_rate_var',
  'harmony_mean',
  'harmony_var',
  'perceptr_mean',
  'perceptr_var',
  'tempo',
  ...Array.from({ length: 20 }, (_, i) => [`mfcc${i + 1}_mean`, `mfcc${i + 1}_var`]).flat(),
]);

/** The seven statistics of each `seed` feature row, in column order. */
export const STAT_NAMES = /* @__PURE__ */ Object.freeze(['mean', 'std', 'skew', 'kurtosis', 'median', 'min', 'max'] as const);
const pad2 = (i: number): string => String(i).padStart(2, '0');

/** The column names of the `seed` set: MFCC (20 x 7 statistics), Tonnetz (6 x 7), tempo, harmonic and percussive power. */
export const SEED_NAMES: readonly string[] = /* @__PURE__ */ Object.freeze([
  ...STAT_NAMES.flatMap((s) => Array.from({ length: 20 }, (_, i) => `mfcc_${s}_${pad2(i + 1)}`)),
  ...STAT_NAMES.flatMap((s) => Array.from({ length: 6 }, (_, i) => `tonnetz_${s}_${i + 1}`)),
  'tempo',
  'harmonic_power',
  'percussive_power',
]);
