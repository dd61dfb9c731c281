/**
 * The documented upper (and lower) bounds on what mirkit accepts. Every public entry point
 * checks its sizes against these before it allocates, so a hostile or mistyped value fails at
 * once with a typed {@link MirkitError} instead of running for minutes or exhausting memory.
 * The README's reliability section lists them.
 */

/** Lowest sample rate accepted (`sr`, `fromSr`, `toSr`), in Hz. Below this -> `BAD_SAMPLE_RATE`. */
export const MIN_SAMPLE_RATE = 100;

/** Highest sample rate accepted, in Hz (768 kHz, the highest rate audio interfaces offer). */
export const MAX_SAMPLE_RATE = 768_000;

/**
 * Largest magnitude of a sample accepted in a signal: 2^24. Audio in [-1, 1] is the convention;
 * integer-scaled audio (int16 up to 32768, int24 up to 8388608) still works and gives finite
 * features; samples beyond it (1e30, 3e38) would overflow the float32 power spectra, so they are
 * refused with `BAD_DATA`.
 */
export const MAX_SAMPLE_MAGNITUDE = 2 ** 24;

/** Largest FFT / frame / window length in samples (`nFft`, `winLength`, `frameLength`): 2^20. */
export const MAX_N_FFT = 2 ** 20;

/** Largest hop between frames in samples (`hopLength`): 2^24. */
export const MAX_HOP_LENGTH = 2 ** 24;

/**
 * Largest number of bands, coefficients or bins (`nMels`, `nMfcc`, `nChroma`, `nBins`, `binsPerOctave`,
 * onset `maxSize`, `nBands` of `spectralContrast`/`loudness`, `nThresholds` of `pyin`): 4096.
 */
export const MAX_BANDS = 4096;

/**
 * Largest median-filter length (`kernelSize` of `hpss`/`hpssAudio`, `size` of `medianFilter`),
 * also the largest `delta` `width` and `stackMemory` `nSteps`: 1025.
 */
export const MAX_KERNEL_SIZE = 1025;

/**
 * Largest number of values one result matrix (or one intermediate spectrogram) may hold: 2^28
 * (1 GiB of float32). Work whose output would exceed it is refused with `BAD_OPTION` before
 * anything is allocated; it is also the largest `istft` `length`.
 */
export const MAX_MATRIX_VALUES = 2 ** 28;

/**
 * Most steps of one `yin` / `pyin` call: frames x `frameLength` (each frame's autocorrelation and
 * difference function cost about `frameLength` operations), 2^32, about a minute of work and a
 * 13-hour signal at the defaults. Beyond it (`frameLength: 2 ** 20, hopLength: 1` ran for hours)
 * -> `BAD_OPTION` naming `hopLength`, before any frame is computed.
 */
export const MAX_YIN_WORK = 2 ** 32;

/**
 * Most pitch bins x transitions one frame of `pyin`'s Viterbi pass may visit: 2^30. The defaults
 * need 601 x 101; `resolution: 0.001` (60k x 10k, about 3 s per second of audio) is within it,
 * `3e-4` (30 s per second) is not, and librosa's dense transition matrix is unbuildable long
 * before (115 GB at 0.001). Beyond it -> `BAD_OPTION` naming `resolution`, before the pass.
 */
export const MAX_PYIN_VITERBI_WORK = 2 ** 30;

/**
 * Most work of one octave's constant-Q kernel design (`cqt`, `vqt` and what builds on them):
 * filters x FFT length, 2^26 (1024 bins per octave from 1 kHz at 22050 Hz, about 3 s; 4096 took
 * 40-50 s), far above what the defaults and 36 bins per octave need. Beyond it -> `BAD_OPTION` naming `binsPerOctave`, before any filter is designed.
 */
export const MAX_CQT_KERNEL_WORK = 2 ** 26;

/** Largest encoded file or byte buffer `loadAudio` reads: 1 GiB. Larger inputs -> `UNSUPPORTED`. */
export const MAX_INPUT_BYTES = 2 ** 30;

/** Longest autocorrelation window of `tempo` (`acSize`), in seconds: 600. */
export const MAX_AC_SECONDS = 600;

/**
 * Largest exponent of a magnitude spectrogram (`power` of `spectrogram`, `melSpectrogram`, `mfcc`,
 * ...): 3. With samples below 2^24 the float32 spectra then stay finite (librosa uses 1 or 2).
 * `spectralBandwidth`'s deviation power `p` may be up to 4.
 */
export const MAX_SPECTROGRAM_POWER = 3;

/** Largest finite soft-mask exponent of `hpss`/`hpssAudio` (`power`; Infinity gives the hard mask): 16. */
export const MAX_MASK_POWER = 16;

/** Largest HPSS `margin`: 1e6. */
export const MAX_MARGIN = 1e6;

/** Largest magnitude of a `tuning` offset, in bins: 12. */
export const MAX_TUNING = 12;

/** Largest polynomial or derivative order (`order` of `polyFeatures`, `delta`): 32. */
export const MAX_ORDER = 32;
