/**
 * Resampling filter design: zero-phase Kaiser-windowed sinc kernels to the specification of
 * libsoxr's HQ/VHQ presets, their evaluation at fractional positions, rational ratio detection,
 * and the bounded cache of the tables built from them.
 */
import { BoundedCache } from '../util/cache.js';
import type { ResampleType } from './resample.js';

export interface QualitySpec {
  /** End of the passband as a fraction of the lower Nyquist frequency. */
  passbandEnd: number;
  /** Stopband attenuation in dB. */
  att: number;
}

// libsoxr's documented presets: HQ is 20-bit precision, VHQ 28-bit; rejection is
// (bits + 1) * 20 log10(2) dB, the stopband starts at the lower Nyquist and the passband
// ends where the -3 dB point of that rejection lands at 95 % of the Nyquist (values below
// evaluated once from soxr's quality description).
export const QUALITY: Record<ResampleType, QualitySpec> = {
  soxr_hq: { passbandEnd: 0.9137436532733066, att: 21 * 20 * Math.log10(2) },
  soxr_vhq: { passbandEnd: 0.9113283198951663, att: 29 * 20 * Math.log10(2) },
};

/** Modified Bessel function of the first kind, order 0 (power series). */
function besselI0(x: number): number {
  const q = (x * x) / 4;
  let sum = 1;
  let term = 1;
  for (let k = 1; k < 500; k++) {
    term *= q / (k * k);
    sum += term;
    if (term < sum * 1e-17) break;
  }
  return sum;
}

/**
 * A zero-phase low-pass kernel on a continuous time axis measured in input samples:
 * `h(t) = sin(pi fc t) / (pi t) * I0(beta sqrt(1 - (t/T)^2)) / I0(beta)` for `|t| < T`.
 */
export interface Kernel {
  /** Cut-off (-6 dB point) as a fraction of the input Nyquist frequency. */
  fc: number;
  /** Kaiser window shape parameter. */
  beta: number;
  /** Half-width T of the window in input samples. */
  half: number;
  /** Number of taps the kernel spans on the integer grid (odd). */
  nTaps: number;
  /** 1 / I0(beta). */
  norm: number;
  /** Identifies the design in table caches. */
  key: string;
}

/**
 * Kaiser design (Kaiser 1974): the order follows from the attenuation and the transition width,
 * beta from the attenuation. `fp` (end of the passband) and `fs` (start of the stopband) are
 * fractions of the input Nyquist frequency (they may exceed 1 for an interpolating kernel).
 */
export function designKernel(fp: number, fs: number, att: number): Kernel {
  const tr = 0.5 * (fs - fp); // from the -6 dB point to either band edge
  const fc = fs - tr;
  const beta = att > 50 ? 0.1102 * (att - 8.7) : att > 21 ? 0.5842 * Math.pow(att - 21, 0.4) + 0.07886 * (att - 21) : 0;
  let n = Math.ceil((att - 7.95) / (2.285 * 2 * Math.PI * tr) + 1);
  n = Math.max(5, Math.ceil((n - 1) / 4) * 4 + 1); // odd, symmetric about its centre tap
  return { fc, beta, half: n / 2, nTaps: n, norm: 1 / besselI0(beta), key: `${fp}:${fs}:${att}` };
}

/** The anti-aliasing/anti-imaging filter of the spec for a conversion by `r = min(1, toSr/fromSr)`. */
export const mainKernel = (spec: QualitySpec, r: number): Kernel => designKernel(spec.passbandEnd * r, r, spec.att);

export function kernelAt(k: Kernel, t: number): number {
  const a = Math.abs(t);
  if (a >= k.half) return 0;
  const y = t / k.half;
  const w = besselI0(k.beta * Math.sqrt(1 - y * y)) * k.norm;
  if (a < 1e-12) return k.fc * w;
  const x = Math.PI * t;
  return (Math.sin(k.fc * x) / x) * w;
}

export function gcd(a: number, b: number): number {
  while (b) [a, b] = [b, a % b];
  return a;
}

/** `{ L, M }` with `toSr / fromSr = L / M` in lowest terms, or null for an irrational-looking ratio. */
export function rationalRatio(fromSr: number, toSr: number): { L: number; M: number } | null {
  for (let scale = 1; scale <= 1e6; scale *= 10) {
    const a = fromSr * scale;
    const b = toSr * scale;
    const ai = Math.round(a);
    const bi = Math.round(b);
    if (Math.abs(a - ai) < 1e-9 * Math.max(1, a) && Math.abs(b - bi) < 1e-9 * Math.max(1, b) && ai > 0 && bi > 0) {
      if (ai > 2 ** 40 || bi > 2 ** 40) return null;
      const g = gcd(ai, bi);
      return { L: bi / g, M: ai / g };
    }
  }
  return null;
}

/** Small cache of filter tables and FFT plans (a few MB at most), keyed by design. */
const cache = new BoundedCache<string, unknown>(12, 1 << 20);
export function cached<T>(key: string, make: () => T, size: (t: T) => number): T {
  return cache.get(key, make, size as (t: unknown) => number) as T;
}
