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

/**
 * The smallest order `p` of `spectralBandwidth` (offline and streamed): `(Σ S |f - c|^p)^(1/p)` raises a
 * sum to the power 1/p, which beyond 4 (p < 0.25) overflows for loud unnormalised spectra, and for p near
 * 0 becomes `1^Infinity` = NaN. The largest is {@link MAX_SPECTROGRAM_POWER} + 1 = 4.
 */
export const MIN_BANDWIDTH_P = 0.25;

/** Largest finite soft-mask exponent of `hpss`/`hpssAudio` (`power`; Infinity gives the hard mask): 16. */
export const MAX_MASK_POWER = 16;

/** Largest HPSS `margin`: 1e6. */
export const MAX_MARGIN = 1e6;

/** Largest magnitude of a `tuning` offset, in bins: 12. */
export const MAX_TUNING = 12;

/** Largest polynomial or derivative order (`order` of `polyFeatures`, `delta`): 32. */
export const MAX_ORDER = 32;

/**
 * Most weights of one `MLPClassifier`, `CNNClassifier` or `LSTMClassifier` network: 2^24 (64 MiB of
 * float32), counted from the options and the input shape (hidden layers, kernel size x input width x
 * filters, the LSTM's four gates, the output layer). Training holds many copies per weight
 * (gradients, adam's moments, temporaries): about 1.2 GB at the bound on the wasm backend, whose heap
 * ends at 4 GiB. The study's saved models have at most 133k weights, the musicnn tagger 792k. Beyond
 * it -> `BAD_OPTION` naming the option of the largest layer (`hiddenLayerSizes`, `filters`,
 * `kernelSize`, `hiddenSize`, `numLayers`) before any tensor is allocated (`BAD_MODEL` at `fromJSON`).
 */
export const MAX_NETWORK_WEIGHTS = 2 ** 24;

/**
 * Most values one tensor of a neural classifier may hold for one batch: 2^25 (128 MiB of float32),
 * counted as batch x frames x the widest layer: the input, a hidden layer's units, a convolution's
 * unfolded input (kernel size x input width per frame) or its filters, the LSTM's gates (4 x
 * `hiddenSize`). A training step of an LSTM layer also counts frames x `hiddenSize`^2: TensorFlow.js
 * keeps the recurrent kernel's gradient (4 `hiddenSize`^2 values) once per frame. On the wasm backend,
 * whose heap ends at 4 GiB (past it the backend aborts, and every later fit in the process fails),
 * networks at this bound and {@link MAX_NETWORK_WEIGHTS} trained in 1.2-2.3 GB. The study's saved
 * models need at most 2.5M (batch 128 x 31 frames x 5 x 128 features), musicnn's widest layer 2.25M
 * per patch (187 frames x 59 x 204). Beyond it -> `BAD_OPTION` naming the layer's option
 * (`details.option`; lower it or `batchSize`) before any tensor is allocated (`BAD_MODEL` at
 * `fromJSON`); prediction runs in batches that stay within it.
 */
export const MAX_ACTIVATION_VALUES = 2 ** 25;

/**
 * Most time steps an `LSTMClassifier` runs one after another for a batch: 2^12, counted as frames
 * (`sequenceLength`, else the training sequences' median length) x `numLayers`. TensorFlow.js runs
 * each step as its own ops, about 1 ms apiece whatever the network's size, and more as the
 * sequence grows (one 4096-frame sequence predicted in 4.2 s, a 16384-frame one in 39 s). The
 * study's LSTMs run 62 steps (31 frames x 2 layers); a 30 s clip's 1292 MFCC frames fit three
 * layers. Beyond it -> `BAD_OPTION` naming `sequenceLength` before any tensor is allocated
 * (`BAD_MODEL` at `fromJSON`).
 */
export const MAX_LSTM_STEPS = 2 ** 12;

/**
 * Largest magnitude of a value of a precomputed spectrogram-like input: 2^100 (about 1.3e30). It
 * bounds `S` of the spectrogram features (`melSpectrogram`, `mfcc`, `rms`, `chromaStft`,
 * `onsetStrength`, `piptrack`, `spectralCentroid` ... `spectralCrest`, `spectralFlux`, `loudness`,
 * `perceptualSpread`, `perceptualSharpness`), `powerToDb`'s and `amplitudeToDb`'s `S`, `C` of
 * `chromaCqt`/`chromaCens`, `V` of `chromaVqt`, `chroma` of `tonnetz`, the matrix of `hpss`, the
 * complex matrices of `istft` and `cqtMagnitude`. Every value within it gives finite output (sums,
 * squares and fourth moments over up to 2^19 bins stay finite in float64; sums of magnitudes stay
 * below float32's 2^128); beyond it (1e300, 3e38 gave Infinity or NaN) -> `BAD_DATA` naming the
 * bound. No spectrogram of audio reaches it: with samples within {@link MAX_SAMPLE_MAGNITUDE} a
 * magnitude spectrogram stays below about 2^44 and a power spectrogram below 2^88 at any `nFft` up
 * to {@link MAX_N_FFT}.
 */
export const MAX_SPECTROGRAM_VALUE = 2 ** 100;

/**
 * Largest CSV file `loadEmbeddingSet` reads (its tracks CSV, one line per clip): 256 MiB, half the
 * longest string V8 holds, so reading it as text never fails. FMA-small's is 0.3 MB. Larger files ->
 * `UNSUPPORTED`, checked with `stat` before anything is read. (The binary file of an embedding set
 * is bounded by {@link MAX_MATRIX_VALUES}: 2^28 values.)
 */
export const MAX_CSV_BYTES = 2 ** 28;
