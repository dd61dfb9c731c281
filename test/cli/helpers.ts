/** Helpers for the CLI tests: temporary folders, generated WAV files, captured streams. */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { monoWav } from '../helpers/wav.js';

/** A fresh temporary folder under the OS temp dir; `cleanup()` removes it. */
export function tempDir(prefix = 'mirkit-cli-'): { dir: string; cleanup: () => void } {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  return { dir, cleanup: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Writes `buf` to `path`, creating folders. */
function writeCreating(path: string, buf: Uint8Array): void {
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, buf);
}

/** Writes a mono 16-bit PCM WAV file of `samples` (in [-1, 1]) at `sr`, creating folders. */
export function writeWav16(path: string, samples: ArrayLike<number>, sr = 8000): void {
  writeCreating(path, monoWav(samples, sr, 'pcm16'));
}

/** Writes a mono 32-bit float WAV file of `samples` (any finite values, unclipped) at `sr`, creating folders. */
export function writeWavFloat32(path: string, samples: ArrayLike<number>, sr = 8000): void {
  writeCreating(path, monoWav(samples, sr, 'float32'));
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
