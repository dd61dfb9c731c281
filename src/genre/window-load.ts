/**
 * The analysis windows of a long encoded track loaded one by one, each decoded from just before
 * its start (see `decodeRange`), instead of the whole track decoded and resampled to pick three
 * windows of 30 s out of it.
 * @internal
 * @packageDocumentation
 */
import { loadAudio, type AudioInput } from '../audio/load.js';
import { encodedLength, sniffFormat } from '../audio/decoders.js';
import { readFileBytes } from '../audio/read-file.js';
import { MAX_INPUT_BYTES } from '../limits.js';
import type { FftOption } from '../dsp/fft.js';

/** One window: its first sample at the target rate, and its samples there. @internal */
export interface LoadedWindow {
  start: number;
  y: Float32Array;
}

/**
 * Loads the windows that `windowsOf(duration)` names (seconds, as `analysisWindows` gives them)
 * of a track at `sr`, where the track is a file path or encoded bytes whose decoded length can be
 * read without decoding it (stereo MPEG-1 MP3, plain Ogg/Vorbis): `duration` is the length that
 * loading it whole at `sr` gives, each window `[start, end]` spans the samples
 * `round(start * sr) .. round(end * sr) - 1` that a slice of that whole load would take: it is
 * loaded with `loadAudio(bytes, { offset, duration, sr })` with a second more on either side, and
 * sliced. The decoded samples are the whole load's; resampled on their own (the resampler works
 * in blocks), the values differ from the slice's in the last bits.
 *
 * Null, for the caller to load the whole track, when the input is anything else, or
 * `useWindows(duration)` says no (a short clip judged whole).
 * @internal
 */
export async function loadWindows(
  input: AudioInput,
  sr: number,
  windowsOf: (duration: number) => Array<[number, number]>,
  useWindows: (duration: number) => boolean,
  fft?: FftOption,
): Promise<LoadedWindow[] | null> {
  let bytes: Uint8Array;
  if (typeof input === 'string') bytes = await readFileBytes(input);
  else if (input instanceof Uint8Array) bytes = input;
  else if (input instanceof ArrayBuffer) bytes = new Uint8Array(input);
  else return null;
  if (bytes.length > MAX_INPUT_BYTES) return null; // loadAudio names the error
  const format = sniffFormat(bytes);
  const info = format ? await encodedLength(format, bytes) : null;
  if (!info) return null;
  // the length of the whole load at `sr` (resample's output length)
  const n = info.sampleRate === sr ? info.length : Math.ceil(info.length * (sr / info.sampleRate));
  const duration = n / sr;
  if (!useWindows(duration)) return null;
  const out: LoadedWindow[] = [];
  const native = info.sampleRate;
  for (const [start, end] of windowsOf(duration)) {
    const s0 = Math.round(start * sr);
    const s1 = Math.min(n, Math.round(end * sr));
    // the native samples of the window, from round(s0 * native / sr), with a second more on either
    // side (where the track has it) that keeps the resampler's edges out of the window; one
    // second is a whole number of samples at both rates. Offset and duration lie half a sample
    // past them, so that loadAudio's truncation lands on them.
    const pad = s0 >= sr ? 1 : 0;
    const k0 = Math.round((s0 * native) / sr) - pad * native;
    const k1 = Math.min(info.length, Math.round((s1 * native) / sr) + native);
    const { y } = await loadAudio(bytes, { sr, offset: (k0 + 0.5) / native, duration: (k1 - k0 + 0.5) / native, fft });
    const from = pad * sr;
    out.push({ start: s0, y: y.subarray(from, Math.min(y.length, from + s1 - s0)) });
  }
  return out;
}
