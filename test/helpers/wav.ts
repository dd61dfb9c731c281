/** WAV files for the tests: the canonical 44-byte header, the samples written by the caller. */

/** Sample formats of {@link wavFile}: 16-bit PCM or 32-bit IEEE float. */
export type WavFormat = 'pcm16' | 'float32';

/**
 * The bytes of a WAV file of `frames` frames of `channels` interleaved samples at `sr`, header
 * written and samples zero: `write(view, at, frame, channel)` offsets follow `44 + (frame * channels
 * + channel) * bytesPerSample` (see {@link sampleOffset}).
 */
export function wavFile(frames: number, sr: number, format: WavFormat = 'pcm16', channels = 1): { bytes: Uint8Array; view: DataView } {
  const width = format === 'pcm16' ? 2 : 4;
  const data = frames * channels * width;
  const bytes = new Uint8Array(44 + data);
  const view = new DataView(bytes.buffer);
  const ascii = (at: number, s: string): void => {
    for (let i = 0; i < s.length; i++) bytes[at + i] = s.charCodeAt(i);
  };
  ascii(0, 'RIFF');
  view.setUint32(4, 36 + data, true);
  ascii(8, 'WAVEfmt ');
  view.setUint32(16, 16, true);
  view.setUint16(20, format === 'pcm16' ? 1 : 3, true);
  view.setUint16(22, channels, true);
  view.setUint32(24, sr, true);
  view.setUint32(28, sr * channels * width, true);
  view.setUint16(32, channels * width, true);
  view.setUint16(34, 8 * width, true);
  ascii(36, 'data');
  view.setUint32(40, data, true);
  return { bytes, view };
}

/** Byte offset of sample `channel` of frame `frame` in a {@link wavFile}. */
export function sampleOffset(frame: number, channel: number, channels: number, format: WavFormat): number {
  return 44 + (frame * channels + channel) * (format === 'pcm16' ? 2 : 4);
}

/** A mono WAV of `y` (16-bit: `round(y * 32767)` clipped; float: the values as they are). */
export function monoWav(y: ArrayLike<number>, sr: number, format: WavFormat = 'pcm16'): Uint8Array {
  const { bytes, view } = wavFile(y.length, sr, format);
  for (let i = 0; i < y.length; i++) {
    if (format === 'pcm16') view.setInt16(44 + 2 * i, Math.max(-32768, Math.min(32767, Math.round(y[i] * 32767))), true);
    else view.setFloat32(44 + 4 * i, y[i], true);
  }
  return bytes;
}
