/**
 * Audio input: `loadAudio` (decode + downmix + soxr-HQ-equivalent resampling to 22050 Hz) of the
 * canonical 22050 Hz fixture wav and the original fixture files beside librosa's `load` time on
 * the same file, and `resample` alone on 30 s of audio, on both FFT backends (js: fft.js float64;
 * auto: the 2:1 stage of float32 signals in PFFFT-wasm). MP3 and Ogg/Vorbis loads are also
 * timed with `threads: 1` (no decode thread).
 * `npx tsx bench/audio.ts` prints the table (`AUDIO_BACKEND=js|wasm-simd` for one backend);
 * `npm run bench audio` includes it. Where ../shared is absent the load rows are skipped.
 */
import { join } from 'node:path';
import { loadAudio, resample } from '../src/audio/index.js';
import { FIXTURES_DIR, HAVE_SHARED, librosaMs, measure, type BenchRow, onEachFftBackend, runIfMain } from './util.js';

/** 30 s of seeded noise plus a tone at `sr`. */
function signal(sr: number, seconds = 30): Float32Array {
  const y = new Float32Array(Math.round(sr * seconds));
  let s = 7;
  for (let i = 0; i < y.length; i++) {
    s = (s * 1664525 + 1013904223) >>> 0;
    y[i] = 0.3 * Math.sin((2 * Math.PI * 440 * i) / sr) + 0.2 * (s / 2 ** 32 - 0.5);
  }
  return y;
}

/** Runs the suite: one row per stage and FFT backend with mirkit's median ms and librosa's where it was timed. */
export async function run(): Promise<BenchRow[]> {
  const only = process.env.AUDIO_BACKEND; // 'auto' or 'js' to run one FFT option only
  const rows: BenchRow[] = [];
  await onEachFftBackend(
    rows,
    async (label, fft) => {
      if (HAVE_SHARED) {
        const files: Array<[string, string, string]> = [
          ['gtzan-country-00000', 'gtzan-country-00000.wav', 'wav float32 22.05 kHz mono, 30 s (no resampling)'],
          ['ballroom-waltz-105901', 'originals/ballroom-waltz-105901.wav', 'wav pcm16 44.1 kHz mono, 31.8 s'],
          ['fma-000002', 'originals/fma-000002.mp3', 'mp3 44.1 kHz stereo, 30 s'],
          ['librosa-choice', 'originals/librosa-choice.hq.ogg', 'ogg/vorbis 44.1 kHz stereo, 25 s'],
        ];
        for (const [clip, file, note] of files) {
          const path = join(FIXTURES_DIR, file);
          const { medianMs, cpuMs } = await measure(() => loadAudio(path, { fft }), { iterations: 10, time: 500, cpuRuns: 7 });
          rows.push({
            stage: `${label}: loadAudio ${file.replace('originals/', '')}`,
            medianMs,
            cpuMs,
            librosaMs: librosaMs('load', clip),
            note: `${note}; librosa: load (decode + soxr_hq)${/\.(mp3|ogg)$/.test(file) ? '; halves decoded at once on two threads' : ''}`,
          });
          if (fft === 'auto' && /\.(mp3|ogg)$/.test(file)) {
            // the same load on the calling thread alone
            const one = await measure(() => loadAudio(path, { fft, threads: 1 }), { iterations: 10, time: 500, cpuRuns: 7 });
            rows.push({
              stage: `${label}: loadAudio ${file.replace('originals/', '')} (threads 1)`,
              medianMs: one.medianMs,
              cpuMs: one.cpuMs,
              librosaMs: librosaMs('load', clip),
              note: `${note}; decoded on the calling thread alone`,
            });
          }
        }
      } else if (fft === 'js') {
        rows.push({ stage: 'loadAudio (skipped: ../shared not found)', medianMs: NaN });
      }
      const pairs: Array<[number, number]> = [
        [44100, 22050],
        [22050, 11025],
        [48000, 22050],
        [22050, 44100],
      ];
      for (const [from, to] of pairs) {
        const y = signal(from);
        const { medianMs, cpuMs } = await measure(() => resample(y, from, to, { fft }), { iterations: 10, time: 500, cpuRuns: 7 });
        rows.push({ stage: `${label}: resample ${from}->${to}`, medianMs, cpuMs, note: '30 s mono float32' });
      }
    },
    only,
  );
  return rows;
}

runIfMain(import.meta.url, run);
