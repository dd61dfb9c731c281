/**
 * loadAudio: file path / encoded bytes / AudioBuffer -> mono float32 at a target rate, like
 * `librosa.load`.
 */
import { MirkitError } from '../errors.js';
import { allBelowPowerOfTwo, allFinite, checkSampleRate, checkSignal, firstNonFinite } from '../validate.js';
import { MAX_INPUT_BYTES, MAX_SAMPLE_MAGNITUDE, MAX_SAMPLE_RATE, MIN_SAMPLE_RATE } from '../limits.js';
import { resample, resampleChecked, resampleInts, type ResampleOptions, type ResampleType } from './resample.js';
import { firstChannelIsOwnMemory, mixChannels } from './downmix.js';
import type { FftOption } from '../dsp/fft.js';
import { readFileBytes, tooLarge } from './read-file.js';
import { decodeAll, decodeRange, openDecoder, sniffFormat, SUPPORTED_FORMATS, type AudioData } from './decoders.js';
import { decodePrefix, flacBitsPerSample, rescaleFlac, streamFormat } from './decode-prefix.js';
import { decodeFlacRange } from './flac-seek.js';
import { decodeWavFrames, isWav, parseWavHeader, pcm16Mix } from './wav.js';
import { spareFileBytes, spareMix, takeSpareMix } from './load-spares.js';
import { readOptions } from '../options.js';
import { LOAD_AUDIO_OPTIONS } from '../option-keys.js';
import { shown } from '../util/shown.js';

/** The subset of the Web Audio `AudioBuffer` interface that {@link loadAudio} reads. */
export interface AudioBufferLike {
  /** Sample rate in Hz. */
  readonly sampleRate: number;
  /** Number of channels (>= 1). */
  readonly numberOfChannels: number;
  /** Samples of channel `i` (0-based), nominally in [-1, 1]. */
  getChannelData(i: number): Float32Array;
}

/**
 * What {@link loadAudio} accepts: a file path (Node only), the bytes of an encoded file
 * (WAV, MP3, OGG/Vorbis, FLAC, Opus, AAC/M4A, AIFF, ...), or a decoded `AudioBuffer`-like object.
 */
export type AudioInput = string | Uint8Array | ArrayBuffer | AudioBufferLike;

/** Options of {@link loadAudio}; names and defaults are `librosa.load`'s. */
export interface LoadAudioOptions {
  /** Target sample rate in Hz (default 22050); `null` keeps the file's native rate. */
  sr?: number | null;
  /**
   * Downmix to mono by averaging the channels (default `true`). The result's `y` is always the
   * mono mix; with `false` the resampled channels are returned as well, in `channels`.
   */
  mono?: boolean;
  /** Start reading this many seconds into the file (default 0), at the native rate. */
  offset?: number;
  /** Read at most this many seconds (default: to the end), at the native rate. */
  duration?: number | null;
  /** Resampling quality, librosa's `res_type` (default `'soxr_hq'`). */
  resType?: ResampleType;
  /**
   * Give up on a compressed-format decoder after this many milliseconds (default: 60 s + 20 s per MB):
   * a decode that takes longer fails with `DECODE_FAILED`, also when it ran to its end without yielding.
   */
  timeoutMs?: number;
  /** FFT implementation of the resampling (`'auto'` default, `'js'`, `'wasm'`; see {@link ResampleOptions}). */
  fft?: FftOption;
  /**
   * Threads decoding a whole MP3 or Ogg/Vorbis file's mono mix (Node): 2 (default) decodes the
   * second half of a file of 4 s or more on a worker thread while the calling thread decodes the
   * first, where Node runs with two or more cores on its main thread (the thread is started on
   * the first such file and kept, holding the process open only while it decodes); 1 decodes on
   * the calling thread alone. The samples are the same either way.
   */
  threads?: 1 | 2;
}

/** Result of {@link loadAudio}. */
export interface LoadedAudio {
  /** Mono signal (mean of the channels), float32, at `sr`. */
  y: Float32Array;
  /** Sample rate of `y` in Hz. */
  sr: number;
  /**
   * With `mono: false`: every channel at `sr` (one entry for a mono source; compressed-format
   * decoders also report a stereo stream whose two channels are identical as one channel).
   */
  channels?: Float32Array[];
}

interface Decoded {
  /** One float32 array per channel (empty when `ints` holds the samples instead). */
  channels: Float32Array[];
  /** A 16-bit WAV's mono mix as integers (sample i is `samples[i] * scale`), when asked for; trimmed. */
  ints?: { samples: Int16Array | Int32Array; scale: number };
  sampleRate: number;
  /** Samples already restricted to [start, start + count) by the decoder. */
  trimmed: boolean;
  /** The channel arrays are loadAudio's own (decoded here), not the caller's: they may be written over. */
  owned: boolean;
  /** Compressed-format decoder output not yet checked for non-finite samples ({@link checkDecodedFinite}). */
  unchecked: boolean;
  /** `channels` is the mono mix alone, already checked as {@link checkSignal} checks (see `AudioData.mixed`). */
  mixChecked?: boolean;
  /**
   * The decoder kept no hold of the bytes (the built-in WAV reader, the direct MP3 and Ogg/Vorbis
   * paths): once nothing returned views them, they may be read into again.
   */
  bytesFree?: boolean;
}

function isAudioBufferLike(x: unknown): x is AudioBufferLike {
  return (
    typeof x === 'object' &&
    x !== null &&
    typeof (x as AudioBufferLike).getChannelData === 'function' &&
    typeof (x as AudioBufferLike).sampleRate === 'number' &&
    typeof (x as AudioBufferLike).numberOfChannels === 'number'
  );
}

async function withTimeout<T>(p: Promise<T>, ms: number): Promise<T> {
  let timer: ReturnType<typeof setTimeout> | undefined;
  const late = (): MirkitError => new MirkitError('DECODE_FAILED', `the decoder did not finish within ${Math.round(ms)} ms; the file is probably corrupt`);
  const t = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(late()), ms);
  });
  const t0 = performance.now();
  const result = await Promise.race([p, t]).finally(() => clearTimeout(timer));
  // a decoder that works without yielding to the event loop finishes before the timer can fire:
  // the budget is judged on the clock too, so the outcome does not depend on how it schedules
  if (performance.now() - t0 > ms) throw late();
  return result;
}

/** How {@link decodeBytes} reads a file: the samples wanted and how they may be decoded. */
interface DecodeRequest {
  /** First sample wanted and how many, at the file's rate. */
  start: (sr: number) => number;
  count: (sr: number) => number;
  /** A duration was given: stream formats are decoded only as far as needed. */
  limited: boolean;
  timeoutMs?: number;
  /** The bytes are this call's own (read from a file): decoders may keep or detach them. */
  owned: boolean;
  /** Whether a 16-bit WAV is wanted as its integer mono mix. */
  wantInts: (sr: number, channels: number) => boolean;
  /** Only the mono mix is wanted. */
  monoOnly: boolean;
  /** An offset was given: decode from near it where the format allows. */
  seek: boolean;
  /** Threads for a whole long MP3 or Ogg/Vorbis file's mono mix (see {@link LoadAudioOptions.threads}). */
  threads: number;
}

async function decodeBytes(bytes: Uint8Array, req: DecodeRequest): Promise<Decoded> {
  const { start, count, limited, timeoutMs, owned, wantInts, monoOnly, seek, threads } = req;
  if (bytes.length === 0) throw new MirkitError('DECODE_FAILED', 'the audio data is empty (0 bytes)');
  if (isWav(bytes)) {
    const info = parseWavHeader(bytes);
    if (info) {
      const sr = info.sampleRate;
      const s = start(sr);
      const ints = wantInts(sr, info.channels) ? pcm16Mix(bytes, info, s, count(sr)) : null;
      if (ints) return { channels: [], ints, sampleRate: sr, trimmed: true, owned: true, unchecked: false, bytesFree: true };
      const channels = decodeWavFrames(bytes, info, s, count(sr), owned);
      return { channels, sampleRate: sr, trimmed: true, owned: true, unchecked: false, bytesFree: true };
    }
  }
  const flacBits = flacBitsPerSample(bytes); // read now: the decoder may detach an owned buffer
  let decoded: AudioData;
  try {
    const format = sniffFormat(bytes);
    if (!format) throw new MirkitError('DECODE_FAILED', `the data is not audio in a supported format (${SUPPORTED_FORMATS})`);
    const ms = timeoutMs ?? 60_000 + (20_000 * bytes.length) / 1e6;
    // From an offset, a fixed-block-size FLAC stream is decoded from a frame at or before it, every
    // channel, rescaled as below (src/audio/flac-seek.ts: the same samples); else, or on any error there, as before
    const flacRange =
      seek && format === 'flac'
        ? await withTimeout(
            decodeFlacRange(bytes, flacBits, start, count, () => openDecoder('flac')).catch(() => null),
            ms,
          )
        : null;
    if (flacRange) return { channels: flacRange.channelData, sampleRate: flacRange.sampleRate, trimmed: true, owned: true, unchecked: true, bytesFree: true };
    // From an offset, when only the mono mix is wanted: decode from a few frames before it where the
    // format allows (the same samples as the decode from the start, cut there); else, or on any
    // error there, as before
    const range =
      seek && monoOnly && !flacBits
        ? await withTimeout(
            decodeRange(format, bytes, start, count).catch(() => null),
            ms,
          )
        : null;
    if (range)
      return { channels: range.channelData, sampleRate: range.sampleRate, trimmed: true, owned: true, unchecked: false, mixChecked: true, bytesFree: true };
    // With a duration, decode in chunks and stop once enough samples are out (librosa's
    // soundfile reader stops too); the prefix equals the whole-file decode sample for sample.
    decoded =
      limited && streamFormat(bytes)
        ? await withTimeout(
            decodePrefix(
              () => openDecoder(format),
              bytes,
              (sr) => start(sr) + count(sr),
            ),
            ms,
          )
        : // Copy the caller's bytes: some decoders transfer or detach the buffer they are given.
          await withTimeout(decodeAll(format, owned ? bytes : bytes.slice(), monoOnly, threads, ms, monoOnly ? takeSpareMix : undefined), ms);
  } catch (e) {
    if (e instanceof MirkitError) throw e;
    const msg = e instanceof Error ? e.message : String(e);
    throw new MirkitError('DECODE_FAILED', `could not decode the audio data (${msg}); supported: ${SUPPORTED_FORMATS}`, { cause: msg });
  }
  const sr = decoded?.sampleRate;
  const chans = decoded?.channelData;
  // A compressed file that yields no samples at all is corrupt or truncated (junk behind a valid
  // magic number), not a valid empty recording: DECODE_FAILED rather than EMPTY_INPUT.
  if (!Array.isArray(chans) || chans.length === 0 || chans.every((c) => c?.length === 0)) {
    throw new MirkitError('DECODE_FAILED', 'the audio data could not be decoded to any samples: the file is corrupt or truncated');
  }
  if (typeof sr !== 'number' || !Number.isFinite(sr) || sr <= 0) {
    throw new MirkitError('DECODE_FAILED', `the decoder returned an invalid sample rate (${shown(sr)})`);
  }
  if (!chans.every((c) => c instanceof Float32Array)) {
    throw new MirkitError('DECODE_FAILED', 'the decoder returned malformed channel data');
  }
  // rescaling keeps finite samples finite and non-finite ones as they are, so the check for the
  // latter can wait for loadAudio's mix, which reads every sample anyway
  if (flacBits) rescaleFlac(flacBits, chans);
  if (decoded.mixed) return { channels: chans, sampleRate: sr, trimmed: false, owned: true, unchecked: false, mixChecked: true, bytesFree: true };
  return { channels: chans, sampleRate: sr, trimmed: false, owned: true, unchecked: true };
}

/**
 * Throws `DECODE_FAILED` at the first non-finite sample a decoder produced (channel by channel),
 * reading channel 0 from `from0` on (its samples before are known to be finite).
 */
function checkDecodedFinite(chans: Float32Array[], from0 = 0): void {
  chans.forEach((c, k) => {
    const at = k === 0 ? from0 : 0;
    const part = c.subarray(at);
    if (allFinite(part)) return;
    const i = at + firstNonFinite(part);
    throw new MirkitError('DECODE_FAILED', `the decoder produced a non-finite sample (${c[i]}) at ${i}: the file is corrupt`);
  });
}

/**
 * Loads audio the way `librosa.load(path, sr=22050, mono=True, offset=0.0, duration=None)` does:
 * decodes it, cuts `offset`/`duration` (in seconds, at the native rate: from frame
 * `floor(offset * nativeSr)`, `floor(duration * nativeSr)` frames), averages the channels
 * (float32), and resamples to `sr` with {@link resample} (soxr-HQ-equivalent filter, output length
 * `ceil(n * sr / nativeSr)` exactly like librosa).
 *
 * Inputs: a file path (Node only; `node:fs` is imported lazily, so browser builds never touch
 * it), the bytes of an encoded file as `Uint8Array` (a Node `Buffer` too) or `ArrayBuffer`, or an
 * `AudioBuffer`-like `{ sampleRate, numberOfChannels, getChannelData(i) }`. WAV files with
 * 8/16/24/32-bit integer or 32/64-bit float samples are read by a built-in parser with
 * libsndfile's scaling (bit-identical to `soundfile`), only the requested frames being
 * converted; every other format (MP3, OGG/Vorbis, FLAC, Opus, AAC, AIFF, ...) is decoded by the
 * decoder packages of the `@audio/decode-*` family, each imported only when bytes of its format arrive (16-bit FLAC rescaled to libsndfile's 1/32768), and with a `duration`
 * MP3, OGG/Vorbis and FLAC are decoded only as far as needed. Whole MP3 and Ogg/Vorbis files are
 * fed to those packages' codecs directly and decoded straight into the mono mix (same samples).
 * With an `offset` (and the mono mix alone asked for), stereo MPEG-1 MP3 and Ogg/Vorbis files are
 * decoded from a few frames / pages before it rather than from the start, the same samples bit
 * for bit, and so are fixed-block-size FLAC streams (every channel; see `flac-seek.ts`) (other MP3
 * kinds and formats decode from the start).
 *
 * @param input - path, encoded bytes, or AudioBuffer-like
 * @param opts - {@link LoadAudioOptions}: `sr` (22050; `null` = native), `mono` (true),
 *   `offset` (0 s), `duration` (to the end), `resType` ('soxr_hq'), `timeoutMs`, `threads` (2:
 *   a long MP3 or Ogg/Vorbis file decoded in halves on two threads in Node, the same samples)
 * @returns `{ y, sr }` (plus `channels` with `mono: false`); `y` is a float32 mono signal
 * @throws MirkitError `FILE_NOT_FOUND` (unreadable path), `DECODE_FAILED` (not audio, empty,
 *   truncated or corrupt data, decoder error, hang or non-finite output, a sample rate outside
 *   [100 Hz, 768 kHz]), `EMPTY_INPUT` (no
 *   samples, e.g. an offset past the end), `BAD_SAMPLE_RATE` (`sr` not positive), `BAD_OPTION`
 *   (negative/non-finite `offset` or `duration`), `NON_FINITE` (an AudioBuffer holding NaN/Inf),
 *   `BAD_DATA` (an unsupported input type), `UNSUPPORTED` (a path outside Node)
 *
 * Loading changes no state, so features are the same before and after a load. The 2:1 resampling
 * stage (e.g. 44.1 -> 22.05 kHz) runs in PFFFT-wasm by default (`fft: 'auto'`), in float64
 * fft.js with `fft: 'js'`.
 * A WAV file read from a path is parsed in place: 32-bit float mono data is returned as a view of
 * the file's own buffer (no copy), other encodings are converted in one pass, and 16-bit mono or
 * stereo data that is resampled goes into the resampler as integers (no float32 copies; same values).
 *
 * @example
 * ```ts
 * const { y, sr } = await loadAudio('song.mp3');                 // mono, 22050 Hz
 * const clip = await loadAudio(bytes, { sr: null, offset: 10, duration: 5 });
 * ```
 */
export async function loadAudio(input: AudioInput, opts: LoadAudioOptions = {}): Promise<LoadedAudio> {
  opts = readOptions('loadAudio', opts, LOAD_AUDIO_OPTIONS);
  const targetSr = opts.sr === undefined ? 22050 : opts.sr;
  if (targetSr !== null) checkSampleRate(targetSr, 'sr');
  const mono = opts.mono ?? true;
  const offset = opts.offset ?? 0;
  const duration = opts.duration ?? null;
  if (typeof offset !== 'number' || !Number.isFinite(offset) || offset < 0) {
    throw new MirkitError('BAD_OPTION', `offset must be a finite number of seconds >= 0, got ${shown(offset)}`, { option: 'offset' });
  }
  if (duration !== null && (typeof duration !== 'number' || !Number.isFinite(duration) || duration < 0)) {
    throw new MirkitError('BAD_OPTION', `duration must be a finite number of seconds >= 0 (or null for all), got ${shown(duration)}`, { option: 'duration' });
  }
  if (opts.timeoutMs !== undefined && !(typeof opts.timeoutMs === 'number' && opts.timeoutMs > 0)) {
    throw new MirkitError('BAD_OPTION', `timeoutMs must be a positive number, got ${shown(opts.timeoutMs)}`, { option: 'timeoutMs' });
  }
  const threads = opts.threads ?? 2;
  if (threads !== 1 && threads !== 2) throw new MirkitError('BAD_OPTION', `threads must be 1 or 2, got ${shown(threads)}`, { option: 'threads' });
  // librosa/soundfile: seek(int(offset * sr)), read(int(duration * sr)) frames (truncation, as Python's int()).
  const startOf = (sr: number): number => Math.trunc(offset * sr);
  const countOf = (sr: number): number => (duration === null ? Number.MAX_SAFE_INTEGER : Math.trunc(duration * sr));

  // a 16-bit WAV that is resampled anyway is mixed and resampled as integers (resampleInts: same
  // values); only its mono mix is needed unless channels are asked for
  const wantInts = (sr: number, channels: number): boolean => targetSr !== null && targetSr !== sr && (mono || channels === 1);
  const req = (owned: boolean): DecodeRequest => ({
    start: startOf,
    count: countOf,
    limited: duration !== null,
    timeoutMs: opts.timeoutMs,
    owned,
    wantInts,
    monoOnly: mono,
    seek: offset > 0,
    threads,
  });
  let dec: Decoded;
  let fileBytes: Uint8Array | undefined; // read here from a path
  if (typeof input === 'string') {
    fileBytes = await readFileBytes(input, (size) => spareFileBytes.take(size));
    dec = await decodeBytes(fileBytes, req(true));
  } else if ((input instanceof Uint8Array || input instanceof ArrayBuffer) && input.byteLength > MAX_INPUT_BYTES) {
    throw tooLarge('the input bytes', input.byteLength);
  } else if (input instanceof Uint8Array) {
    dec = await decodeBytes(input, req(false));
  } else if (input instanceof ArrayBuffer) {
    dec = await decodeBytes(new Uint8Array(input), req(false));
  } else if (isAudioBufferLike(input)) {
    dec = readAudioBuffer(input);
  } else if (ArrayBuffer.isView(input)) {
    throw new MirkitError(
      'BAD_DATA',
      'loadAudio expects encoded file bytes as a Uint8Array or ArrayBuffer; for raw samples skip loading (use resample() to change the rate)',
    );
  } else {
    throw new MirkitError('BAD_DATA', 'loadAudio input must be a file path, a Uint8Array/ArrayBuffer of an encoded file, or an AudioBuffer-like object');
  }

  const nativeSr = dec.sampleRate;
  // a rate outside the library's range is a corrupt header (one flipped bit can make an Ogg file
  // declare 2.1 MHz), refused before any resampling work
  if (!(nativeSr >= MIN_SAMPLE_RATE && nativeSr <= MAX_SAMPLE_RATE)) {
    throw new MirkitError(
      'DECODE_FAILED',
      `the audio declares a sample rate of ${nativeSr} Hz, outside [${MIN_SAMPLE_RATE}, ${MAX_SAMPLE_RATE}] Hz: the file is corrupt or unsupported`,
    );
  }
  const decoded = dec.channels;
  let chans = decoded;
  let n = dec.ints ? dec.ints.samples.length : chans.length ? Math.min(...chans.map((c) => c.length)) : 0;
  if (!dec.trimmed) {
    const s = Math.min(startOf(nativeSr), n);
    const e = Math.min(n, s + countOf(nativeSr));
    chans = chans.map((c) => c.subarray(s, e));
    n = Math.max(0, e - s);
  }
  // the window is all of every channel: the checked mix below reads every decoded sample
  const whole = chans.every((c, k) => c.length === decoded[k].length);
  if (dec.unchecked && !whole) checkDecodedFinite(decoded);
  if (n === 0) {
    const why = offset > 0 || duration !== null ? ` with offset=${offset} s, duration=${shown(duration)} s (is the offset past the end?)` : '';
    throw new MirkitError('EMPTY_INPUT', `the audio decodes to 0 samples${why}`);
  }

  const sr = targetSr === null ? nativeSr : targetSr;
  // the file's bytes, unless the result views them, may be read into by the next load (see src/audio/load-spares.ts)
  const finish = (out: LoadedAudio): LoadedAudio => {
    const viewed = (b: ArrayBufferLike): boolean => out.y.buffer === b || (out.channels ?? []).some((c) => c.buffer === b);
    if (fileBytes && dec.bytesFree && !viewed(fileBytes.buffer)) spareFileBytes.keep(fileBytes.buffer);
    return out;
  };
  if (dec.ints) {
    const y = resampleInts(dec.ints.samples, dec.ints.scale, nativeSr, sr, { resType: opts.resType, fft: opts.fft });
    return finish(mono ? { y, sr } : { y, sr, channels: [y] });
  }
  // The mono mix (the mean of the channels in float32, as librosa's to_mono), checked as it is
  // written: finite and within 2^24 (checkSignal's bound). With mono output it goes over the first
  // channel when that is ours alone. A mix of finite samples is finite, so a mix that passes also
  // clears the decoder's output of non-finite samples when the window is all of it.
  const inPlace = mono && dec.owned && chans.length > 1 && firstChannelIsOwnMemory(chans);
  let y: Float32Array;
  let bad: number;
  if (chans.length === 1) {
    y = chans[0].length === n ? chans[0] : chans[0].slice(0, n);
    bad = dec.mixChecked || allBelowPowerOfTwo(y, Math.log2(MAX_SAMPLE_MAGNITUDE)) ? n : 0;
  } else {
    y = inPlace ? chans[0].subarray(0, n) : new Float32Array(n);
    bad = mixChannels(chans, n, y, 0, true);
  }
  if (bad < n) {
    // name the culprit as the separate checks do: a non-finite decoded sample (DECODE_FAILED;
    // channel 0 is intact from `bad` on), else the mix's first bad sample (NON_FINITE / BAD_DATA)
    if (dec.unchecked && whole) checkDecodedFinite(decoded, inPlace ? bad : 0);
    if (chans.length > 1) mixChannels(chans, n, y, bad, false);
    checkSignal(y, 'the decoded audio');
  }
  if (!mono && chans.length > 1) chans.forEach((c, i) => checkSignal(c.subarray(0, n), `channel ${i} of the decoded audio`));
  if (sr !== nativeSr) {
    y = resampleChecked(y, nativeSr, sr, { resType: opts.resType, fft: opts.fft });
    // the decoded mix is dropped now: the next load may decode into it (see src/audio/load-spares.ts)
    if (mono && dec.mixChecked) spareMix.keep(decoded[0].buffer);
  }
  // never the caller's own buffer, nor a view that keeps a longer decode alive
  else if (!dec.trimmed && (y === chans[0] || inPlace) && !(dec.owned && whole)) y = y.slice();
  const out: LoadedAudio = { y, sr };
  if (!mono) {
    const resampleTo = (x: Float32Array): Float32Array => resample(x, nativeSr, sr, { resType: opts.resType, fft: opts.fft });
    out.channels = chans.length === 1 ? [y] : chans.map((c) => (sr === nativeSr ? c.slice(0, n) : resampleTo(c.subarray(0, n))));
  }
  return finish(out);
}

function readAudioBuffer(buf: AudioBufferLike): Decoded {
  const sr = buf.sampleRate;
  if (!(sr >= MIN_SAMPLE_RATE && sr <= MAX_SAMPLE_RATE)) {
    throw new MirkitError('BAD_SAMPLE_RATE', `the AudioBuffer's sampleRate must be a number of Hz in [${MIN_SAMPLE_RATE}, ${MAX_SAMPLE_RATE}], got ${sr}`);
  }
  const C = buf.numberOfChannels;
  // at most 65535 channels, as WAV's header can declare: a bogus count would call getChannelData without end
  if (!Number.isInteger(C) || C < 1 || C > 65535) {
    throw new MirkitError('BAD_DATA', `the AudioBuffer's numberOfChannels must be an integer in [1, 65535], got ${C}`);
  }
  const channels: Float32Array[] = [];
  for (let c = 0; c < C; c++) {
    const d = buf.getChannelData(c);
    if (!(d instanceof Float32Array)) throw new MirkitError('BAD_DATA', `getChannelData(${c}) must return a Float32Array`);
    if (!allFinite(d)) {
      const i = firstNonFinite(d);
      throw new MirkitError('NON_FINITE', `channel ${c} sample ${i} is ${d[i]}: audio must be finite; clean the buffer first`, { channel: c, index: i });
    }
    channels.push(d);
  }
  return { channels, sampleRate: sr, trimmed: false, owned: false, unchecked: false };
}
