/**
 * Test/script helper: the 100 GTZAN clips in ../shared/data/gtzan/audio decoded with `audio-decode`,
 * turned into log-mel frames with the library's `melSpectrogram` + `powerToDb` (equal to librosa), cut into
 * segments and split BY CLIP.
 * Decoded features are cached in memory for the current process only.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { decodeAll } from '../../../src/audio/decoders.js';
import { createRng } from '../../../src/classifiers/random.js';
import { powerToDb } from '../../../src/features/db.js';
import { melSpectrogram } from '../../../src/features/mel.js';
import { matrixFrom, transpose, type Matrix } from '../../../src/matrix.js';
import { DATA_DIR } from '../../helpers/shared.js';

/** One clip on disk. */
export interface ClipRef {
  genre: string;
  name: string;
  path: string;
}

/** All clips (genre folders sorted, files sorted). */
export function listClips(): ClipRef[] {
  const root = join(DATA_DIR, 'gtzan', 'audio');
  const out: ClipRef[] = [];
  for (const genre of readdirSync(root).sort()) {
    for (const f of readdirSync(join(root, genre)).sort()) {
      if (f.endsWith('.flac')) out.push({ genre, name: f.replace(/\.flac$/, ''), path: join(root, genre, f) });
    }
  }
  return out;
}

/** Frame parameters of {@link logMelFrames}. */
export interface FrameOptions {
  sr: number;
  nFft: number;
  hopLength: number;
  nMels: number;
}

/** Default frames: 22050 Hz, 2048-point FFT, hop 512, 40 mel bands (librosa's defaults but for n_mels). */
export const DEFAULT_FRAMES: FrameOptions = { sr: 22050, nFft: 2048, hopLength: 512, nMels: 40 };

/**
 * Log-mel power frames of a signal with the library's extractors, i.e.
 * `librosa.power_to_db(librosa.feature.melspectrogram(y, sr, n_fft, hop_length, n_mels))` (centred frames,
 * Slaney mel filters, ref 1, amin 1e-10, top_db 80), transposed to a Matrix of frames x nMels (rows = frames).
 */
export function logMelFrames(y: Float32Array, o: FrameOptions = DEFAULT_FRAMES): Matrix {
  return transpose(powerToDb(melSpectrogram(y, { sr: o.sr, nFft: o.nFft, hopLength: o.hopLength, nMels: o.nMels })));
}

/** Decodes a FLAC file to mono float samples with mirkit's own decoder dispatch (whole file, native rate). */
export async function decodeFile(path: string): Promise<{ y: Float32Array; sr: number }> {
  const bytes = readFileSync(path);
  const a = await decodeAll('flac', new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength));
  const ch = a.channelData;
  if (ch.length === 1) return { y: ch[0], sr: a.sampleRate };
  const y = new Float32Array(ch[0].length);
  for (const c of ch) for (let i = 0; i < y.length; i++) y[i] += c[i] / ch.length;
  return { y, sr: a.sampleRate };
}

const featCache = new Map<string, Matrix>();

/** Log-mel frames of every clip (decoded once per process, cached in memory only). */
export async function clipFeatures(clips: ClipRef[], o: FrameOptions = DEFAULT_FRAMES): Promise<Matrix[]> {
  const out: Matrix[] = [];
  for (const c of clips) {
    const key = `${c.path}|${o.sr}|${o.nFft}|${o.hopLength}|${o.nMels}`;
    let m = featCache.get(key);
    if (!m) {
      const { y, sr } = await decodeFile(c.path);
      if (sr !== o.sr) throw new Error(`${c.path}: expected ${o.sr} Hz, got ${sr}`);
      m = logMelFrames(y, o);
      featCache.set(key, m);
    }
    out.push(m);
  }
  return out;
}

/** Cuts a (frames x features) matrix into non-overlapping segments of `segFrames` frames, each average-pooled by `pool` frames. */
export function segments(m: Matrix, segFrames: number, pool = 1): Matrix[] {
  const F = m.cols;
  const out: Matrix[] = [];
  const len = Math.floor(segFrames / pool);
  for (let s = 0; s + segFrames <= m.rows; s += segFrames) {
    const d = new Float32Array(len * F);
    for (let t = 0; t < len; t++) {
      for (let p = 0; p < pool; p++) {
        const r = s + t * pool + p;
        for (let f = 0; f < F; f++) d[t * F + f] += m.data[r * F + f] / pool;
      }
    }
    out.push(matrixFrom(len, F, d));
  }
  return out;
}

/** Mean and standard deviation of every feature over the frames of a segment (a bag-of-frames vector). */
export function meanStd(m: Matrix): number[] {
  const F = m.cols,
    T = m.rows;
  const v: number[] = new Array(2 * F).fill(0);
  for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) v[f] += m.data[t * F + f] / T;
  for (let t = 0; t < T; t++) for (let f = 0; f < F; f++) v[F + f] += (m.data[t * F + f] - v[f]) ** 2 / T;
  for (let f = 0; f < F; f++) v[F + f] = Math.sqrt(v[F + f]);
  return v;
}

/** Split by clip: `nTrain` clips per genre for training, the rest for testing (seeded shuffle within genre). */
export function splitByClip(clips: ClipRef[], nTrain: number, seed: number): { train: number[]; test: number[] } {
  const rng = createRng(seed);
  const byGenre = new Map<string, number[]>();
  clips.forEach((c, i) => byGenre.set(c.genre, [...(byGenre.get(c.genre) ?? []), i]));
  const train: number[] = [],
    test: number[] = [];
  for (const g of [...byGenre.keys()].sort()) {
    const idx = rng.shuffle(byGenre.get(g)!.slice());
    train.push(...idx.slice(0, nTrain));
    test.push(...idx.slice(nTrain));
  }
  return { train: train.sort((a, b) => a - b), test: test.sort((a, b) => a - b) };
}

/** Segment-level data for a set of clips: segments, their labels and the clip each came from. */
export function segmentSet(feats: Matrix[], clips: ClipRef[], which: number[], segFrames: number, pool: number): { X: Matrix[]; y: string[]; clip: number[] } {
  const X: Matrix[] = [],
    y: string[] = [],
    clip: number[] = [];
  for (const i of which) {
    for (const s of segments(feats[i], segFrames, pool)) {
      X.push(s);
      y.push(clips[i].genre);
      clip.push(i);
    }
  }
  return { X, y, clip };
}

/** Clip-level accuracy by summing segment probabilities per clip (soft vote). */
export function clipVoteAccuracy(proba: number[][], classes: (string | number)[], segClip: number[], clips: ClipRef[]): number {
  const sums = new Map<number, number[]>();
  proba.forEach((p, i) => {
    const s = sums.get(segClip[i]) ?? new Array(p.length).fill(0);
    p.forEach((v, c) => (s[c] += v));
    sums.set(segClip[i], s);
  });
  let correct = 0;
  for (const [ci, s] of sums) {
    let a = 0;
    for (let c = 1; c < s.length; c++) if (s[c] > s[a]) a = c;
    if (classes[a] === clips[ci].genre) correct++;
  }
  return correct / sums.size;
}
