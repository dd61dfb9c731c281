/**
 * The drivers of the power kernel's module (scripts/wasm/hann-power.wat, `hannPowerFrames`) for a
 * PFFFT plan: batches of raw frames copied once into the backend's scratch area, transformed,
 * windowed with the periodic Hann window in the frequency domain and written there as power (or
 * magnitude) rows, mel-style bands of them, or real and imaginary planes, then copied out. The
 * planes give `heapHannSpectrum`'s values bit for bit (src/dsp/fft-wasm-heap.ts); the power rows
 * take their inner bins in float32 arithmetic (test/helpers/hann-power-reference.ts is that formula).
 */
import type { SparseFilterbank } from './filters.js';
import type { PffftModule } from './pffft-module.js';

/** Frames per kernel call (bounds the scratch area: 16 frames of 2048 samples at hop 512 take 105 KB). */
const KERNEL_FRAMES = 16;

/** What the drivers need of a plan of size `n` on a PFFFT backend. @internal */
export interface FrameKernelPlan {
  /** The PFFFT module (its memory and kernels). */
  readonly mod: PffftModule;
  /** Frame length. */
  readonly n: number;
  /** The module's `hannPowerFrames`. */
  readonly kernel: (...args: number[]) => void;
  /** The module's `sparseBands`, where it instantiated. */
  readonly bandsKernel?: (...args: number[]) => void;
  /** The backend's scratch area of at least `floats` float32 (byte address, 16-byte aligned). */
  scratch(floats: number): number;
  /** The wasm copy of a filterbank (byte address): float64 weights, then per band three byte offsets. */
  bank(fb: SparseFilterbank): number;
  /** The plan's live PFFFT setup and buffers. */
  core(): { setup: number; inPtr: number; outPtr: number; workPtr: number };
}

/**
 * `|Y[k]| ** power` (power 1 or 2) of `nFrames` frames of a float32 or float64 signal (frame t at
 * `start + t hop`) with the periodic Hann window, frame-major float32 into `out` from `outOffset`:
 * up to {@link KERNEL_FRAMES} frames per call, their samples copied once into the scratch area (not
 * once per frame). With `fb` (and the bands kernel) the rows are projected on that filterbank there
 * and its bands (`fb.rows` per frame) are copied out instead. @internal
 */
export function kernelPowerFrames(
  plan: FrameKernelPlan,
  signal: Float32Array | Float64Array,
  start: number,
  hop: number,
  nFrames: number,
  power: number,
  out: Float32Array,
  outOffset: number,
  fb?: SparseFilterbank,
): void {
  const { mod, n, kernel, bandsKernel } = plan;
  const bins = (n >> 1) + 1;
  // the bands (fb.rows of them, or the bins themselves without fb) and the bank of fb in wasm memory
  const rows = fb ? fb.rows : bins;
  const fbPtr = fb ? plan.bank(fb) : 0;
  for (let t0 = 0; t0 < nFrames; t0 += KERNEL_FRAMES) {
    const count = Math.min(KERNEL_FRAMES, nFrames - t0);
    // the bands kernel runs eight frames at a time: room for a whole last eight in the block and the bands
    const count8 = (count + 7) & ~7;
    const span = (count - 1) * hop + n;
    const spanFloats = (span + 3) & ~3; // keeps the block 16-byte aligned
    const area = plan.scratch(spanFloats + count8 * (bins + rows));
    const c = plan.core();
    const s = start + t0 * hop;
    mod.HEAPF32.set(signal.subarray(s, s + span), area >> 2);
    let block = area + 4 * spanFloats;
    kernel(c.setup, area, 4 * hop, count, n, c.inPtr, c.outPtr, c.workPtr, block, power);
    if (fb && bandsKernel) {
      const dst = block + 4 * count8 * bins;
      bandsKernel(block, 4 * bins, count, dst, 4 * rows, rows, fbPtr + 8 * fb.weights.length, fbPtr);
      block = dst;
    }
    out.set(mod.HEAPF32.subarray(block >> 2, (block >> 2) + count * rows), outOffset + t0 * rows);
  }
}

/**
 * The complex spectra `Y[k]` of `nFrames` frames with the periodic Hann window (the kernel's mode
 * 0), frame-major float32 real and imaginary planes into `re` and `im` from `outOffset`: the values
 * of `heapHannSpectrum`'s float64 formula rounded to float32, bit for bit. @internal
 */
export function kernelSpectrumFrames(
  plan: FrameKernelPlan,
  signal: Float32Array | Float64Array,
  start: number,
  hop: number,
  nFrames: number,
  re: Float32Array,
  im: Float32Array,
  outOffset: number,
): void {
  const { mod, n, kernel } = plan;
  const bins = (n >> 1) + 1;
  for (let t0 = 0; t0 < nFrames; t0 += KERNEL_FRAMES) {
    const count = Math.min(KERNEL_FRAMES, nFrames - t0);
    const span = (count - 1) * hop + n;
    const spanFloats = (span + 3) & ~3; // keeps the planes 16-byte aligned
    const area = plan.scratch(spanFloats + 2 * count * bins);
    const c = plan.core();
    const s = start + t0 * hop;
    mod.HEAPF32.set(signal.subarray(s, s + span), area >> 2);
    const planes = (area >> 2) + spanFloats;
    kernel(c.setup, area, 4 * hop, count, n, c.inPtr, c.outPtr, c.workPtr, 4 * planes, 0);
    const heap = mod.HEAPF32;
    re.set(heap.subarray(planes, planes + count * bins), outOffset + t0 * bins);
    im.set(heap.subarray(planes + count * bins, planes + 2 * count * bins), outOffset + t0 * bins);
  }
}
