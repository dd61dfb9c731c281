/** Helpers for the CLI tests: temporary folders, generated WAV files, captured streams. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';

/** A fresh temporary folder under the OS temp dir; `cleanup()` removes it. */
export function tempDir(prefix = 'mirkit-cli-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** A mono WAV file's bytes: the 44-byte header (`format` 1 = PCM, 3 = IEEE float) and room for `n` samples of `bytes` each. */
function wavBuffer(n: number, sr: number, format: 1 | 3, bytes: 2 | 4): Buffer {
  const buf = Buffer.alloc(44 + bytes * n);
  buf.write('RIFF', 0, 'ascii');
  buf.writeUInt32LE(36 + bytes * n, 4);
  buf.write('WAVEfmt ', 8, 'ascii');
  buf.writeUInt32LE(16, 16);
  buf.writeUInt16LE(format, 20);
  buf.writeUInt16LE(1, 22); // mono
  buf.writeUInt32LE(sr, 24);
  buf.writeUInt32LE(sr * bytes, 28);
  buf.writeUInt16LE(bytes, 32);
  buf.writeUInt16LE(8 * bytes, 34);
  buf.write('data', 36, 'ascii');
  buf.writeUInt32LE(bytes * n, 40);
  return buf;
}

/** Writes `buf` to `path`, creating folders. */
function writeCreating(path: string, buf: Buffer): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, buf);
}

/** Writes a mono 16-bit PCM WAV file of `samples` (in [-1, 1]) at `sr`, creating folders. */
export function writeWav16(path: string, samples: ArrayLike<number>, sr = 8000): void {
  const buf = wavBuffer(samples.length, sr, 1, 2);
  for (let i = 0; i < samples.length; i++) buf.writeInt16LE(Math.round(Math.max(-1, Math.min(1, samples[i])) * 32767), 44 + 2 * i);
  writeCreating(path, buf);
}

/** Writes a mono 32-bit float WAV file of `samples` (any finite values, unclipped) at `sr`, creating folders. */
export function writeWavFloat32(path: string, samples: ArrayLike<number>, sr = 8000): void {
  const buf = wavBuffer(samples.length, sr, 3, 4);
  for (let i = 0; i < samples.length; i++) buf.writeFloatLE(samples[i], 44 + 4 * i);
  writeCreating(path, buf);
}

/** A sine of `seconds` at `freq` Hz and amplitude `amp`. */
export function sine(seconds: number, freq: number, amp: number, sr = 8000): Float32Array {
  const y = new Float32Array(Math.round(seconds * sr));
  for (let i = 0; i < y.length; i++) y[i] = amp * Math.sin((2 * Math.PI * freq * i) / sr);
  return y;
}

/** A writable that keeps what is written. */
export function capture(isTTY = false): { write(text: string): boolean; text: string; isTTY: boolean; columns: number } {
  return {
    text: '',
    isTTY,
    columns: 100,
    write(t: string) {
      this.text += t;
      return true;
    },
  };
}

/** Writes a text file, creating folders. */
export function writeText(path: string, text: string): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, text);
}
