/**
 * A whole MP3 file decoded straight into its output. The general path (`@audio/decode-mp3`) copies
 * every block the mpg123 WebAssembly codec puts out into two fresh arrays and joins them all at
 * the end; here the same codec is fed the same 64 KiB chunks of the file and read the same way
 * (until it asks for more data), and each block goes from the codec's memory into a
 * {@link PcmSink} once: the channels, or with `mix` only their mono mix. The samples are the
 * general path's, bit for bit (a stream whose two channels are equal throughout is one channel,
 * as there).
 *
 * The codec object is the package's internal one; when it does not have the expected shape
 * {@link decodeMp3Whole} returns null and the general path decodes.
 * @internal
 * @packageDocumentation
 */
import { PcmSink } from './pcm-sink.js';
import type { Float32ArrayProvider } from '../util/spare-buffer.js';

/** A buffer the codec allocated in its memory: its address, length in elements and a view. */
interface HeapArray<T> {
  ptr: number;
  len: number;
  buf: T;
}

/** The members of the package's internal mpg123 decoder used here. @internal */
export interface Mpg123Codec {
  _decoder: number;
  _input: HeapArray<Uint8Array>;
  _output: HeapArray<Float32Array>;
  _samplesDecodedPtr: HeapArray<Uint32Array>;
  _sampleRatePtr: HeapArray<Uint32Array>;
  _errorStringPtr: HeapArray<Uint32Array>;
  _common: {
    wasm: {
      mpeg_decoder_feed(decoder: number, input: number, length: number): number;
      mpeg_decoder_read(decoder: number, output: number, outputLength: number, samples: number, sampleRate: number, error: number): number;
    };
  };
  free(): void;
}

/** mpg123's codes: the decoder needs more input / a new format was read (go on reading). */
export const NEED_MORE = -10;

/**
 * Feeds `bytes[from ..]` to the codec in chunks of its input buffer, reading after each chunk until
 * it asks for more (as the general path does), and hands every decoded block to `onBlock(left,
 * right, n)` (n samples of each channel, views of the codec's memory valid during the call):
 * `'more'` reads on, `'enough'` stops, `'fail'` stops and makes the result false.
 * @internal
 */
export function runMp3Codec(
  codec: Mpg123Codec,
  bytes: Uint8Array,
  from: number,
  onBlock: (left: Float32Array, right: Float32Array, n: number) => 'more' | 'enough' | 'fail',
): boolean {
  const wasm = codec._common.wasm;
  const { _input: input, _output: output } = codec;
  for (let at = from; at < bytes.length; ) {
    const chunk = bytes.subarray(at, at + input.len);
    at += chunk.length;
    input.buf.set(chunk);
    if (wasm.mpeg_decoder_feed(codec._decoder, input.ptr, chunk.length) === NEED_MORE) continue;
    for (;;) {
      codec._samplesDecodedPtr.buf[0] = 0;
      const code = wasm.mpeg_decoder_read(
        codec._decoder,
        output.ptr,
        output.len,
        codec._samplesDecodedPtr.ptr,
        codec._sampleRatePtr.ptr,
        codec._errorStringPtr.ptr,
      );
      const n = codec._samplesDecodedPtr.buf[0];
      // the block: n samples of the left channel, then n of the right
      if (n) {
        const next = onBlock(output.buf.subarray(0, n), output.buf.subarray(n, 2 * n), n);
        if (next !== 'more') return next === 'enough';
      }
      if (code === NEED_MORE) break; // any other code: read on, as the general path does
    }
  }
  return true;
}

/** True when `c` has the members of {@link Mpg123Codec}. @internal */
export function isCodec(c: unknown): c is Mpg123Codec {
  const k = c as Mpg123Codec | undefined;
  const heap = (h: HeapArray<unknown> | undefined, T: new (n: number) => unknown): boolean =>
    typeof h?.ptr === 'number' && typeof h.len === 'number' && h.buf instanceof T;
  return (
    typeof k?._decoder === 'number' &&
    heap(k._input, Uint8Array) &&
    heap(k._output, Float32Array) &&
    heap(k._samplesDecodedPtr, Uint32Array) &&
    heap(k._sampleRatePtr, Uint32Array) &&
    heap(k._errorStringPtr, Uint32Array) &&
    typeof k._common?.wasm?.mpeg_decoder_feed === 'function' &&
    typeof k._common.wasm.mpeg_decoder_read === 'function' &&
    typeof k.free === 'function'
  );
}

/**
 * Decodes a whole MP3 file with the codec of `open()`'s decoder, which is freed before returning:
 * its channels, or with `mix` only their mono mix; null when the codec is not the expected one
 * (or, with `mix`, a mean is out of bound), for the general path to decode. With `limit`, only
 * the first `limit` samples of that output (the codec stops being fed once they are out). With
 * `mix`, the mix goes into the array `take` gives, if any (see {@link Float32ArrayProvider}).
 * @internal
 */
export async function decodeMp3Whole(
  bytes: Uint8Array,
  open: () => Promise<unknown>,
  mix = false,
  limit = Number.POSITIVE_INFINITY,
  take?: Float32ArrayProvider,
): Promise<{ channelData: Float32Array[]; sampleRate: number } | null> {
  const codec = await open();
  if (!isCodec(codec)) {
    (codec as { free?: () => void } | undefined)?.free?.();
    return null;
  }
  try {
    // 1.5 samples per byte and channel covers 44.1 kHz down to about 120 kbit/s; past it the sink grows
    const capacity = Math.min(1.5 * bytes.length, limit);
    const sink = new PcmSink(mix, capacity, mix ? take?.(capacity) : undefined);
    const ok = runMp3Codec(codec, bytes, 0, (left, right, n) => (!sink.push([left, right], n) ? 'fail' : sink.length >= limit ? 'enough' : 'more'));
    if (!ok) return null;
    let channelData = sink.result(Math.min(sink.length, limit));
    if (!channelData.length || !channelData[0].length) return null;
    if (channelData.length === 2 && sameSamples(channelData[0], channelData[1])) channelData = [channelData[0]];
    return { channelData, sampleRate: codec._sampleRatePtr.buf[0] };
  } finally {
    codec.free();
  }
}

function sameSamples(a: Float32Array, b: Float32Array): boolean {
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}
