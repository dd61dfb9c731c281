/**
 * librosa's centred framing over a stream: the padded signal (`nFft / 2` zeros, the samples,
 * `nFft / 2` zeros at the end) is kept from the next frame's first sample on, and frame t
 * (samples `t * hop .. t * hop + nFft` of the padded signal) is ready once they have arrived.
 * @internal
 */
import { MirkitError } from '../errors.js';
import { MAX_SAMPLE_MAGNITUDE } from '../limits.js';
import { shown } from '../util/shown.js';

/** The streaming buffer of {@link createAnalyzer}. @internal */
export class CentredFramer {
  private buf: Float32Array;
  /** Padded-signal index of `buf[0]`. */
  private base = 0;
  /** Samples held in `buf`. */
  private len = 0;
  /** Index of the next frame to compute. */
  private next = 0;
  /** Signal samples received. */
  private received = 0;
  private finished = false;
  private first = 0;
  private last = 0;
  private readonly half: number;

  constructor(
    private readonly nFft: number,
    private readonly hop: number,
  ) {
    this.half = Math.floor(nFft / 2);
    this.buf = new Float32Array(Math.max(4 * nFft, 4096));
    this.reset();
  }

  /** Back to an empty signal (the leading `nFft / 2` zeros only). */
  reset(): void {
    this.base = 0;
    this.len = this.half;
    this.buf.fill(0, 0, this.half);
    this.next = 0;
    this.received = 0;
    this.finished = false;
    this.first = this.last = 0;
  }

  /** Whether any sample arrived since the last reset. */
  started(): boolean {
    return this.received > 0;
  }

  /** Makes room for `n` more samples, dropping those before the next frame. */
  private reserve(n: number): void {
    if (this.len + n <= this.buf.length) return;
    const keepFrom = Math.min(this.len, this.next * this.hop - this.base);
    if (keepFrom > 0) {
      this.buf.copyWithin(0, keepFrom, this.len);
      this.len -= keepFrom;
      this.base += keepFrom;
    }
    if (this.len + n > this.buf.length) {
      const grown = new Float32Array(Math.max(this.len + n, 2 * this.buf.length));
      grown.set(this.buf.subarray(0, this.len));
      this.buf = grown;
    }
  }

  /** Appends signal samples (checked finite and within +-2^24, as the offline functions check them). */
  append(chunk: ArrayLike<number>): void {
    const n = chunk !== null && typeof chunk === 'object' ? chunk.length : undefined;
    if (typeof n !== 'number' || !Number.isSafeInteger(n) || n < 0 || chunk instanceof BigInt64Array || chunk instanceof BigUint64Array) {
      throw new MirkitError('BAD_OPTION', 'push needs a Float32Array (or an array of numbers)');
    }
    if (this.finished) this.reset();
    if (n === 0) return;
    // a float array is checked as it is copied (below); any other array-like before the buffer grows
    // for it, so a bogus `length` fails at its first non-number instead of allocating that much
    if (!(chunk instanceof Float32Array || chunk instanceof Float64Array)) {
      for (let i = 0; i < n; i++) {
        const x: unknown = chunk[i];
        const v = typeof x === 'bigint' || typeof x === 'symbol' ? Number.NaN : Math.fround(x as number); // as the buffer will hold it
        if (!(v < MAX_SAMPLE_MAGNITUDE && v > -MAX_SAMPLE_MAGNITUDE)) refuseSample(chunk, i, v);
      }
    }
    this.reserve(n);
    const b = this.buf,
      o = this.len;
    if (chunk instanceof Float32Array || chunk instanceof Float64Array) b.set(chunk, o);
    else for (let i = 0; i < n; i++) b[o + i] = chunk[i];
    // the offline functions' bound (checkSignal's), scanned here without its wasm kernel, which the worklet
    // script does not carry: finite and within +-2^24 (NaN fails both comparisons)
    let i = o;
    while (i < o + n && b[i] < MAX_SAMPLE_MAGNITUDE && b[i] > -MAX_SAMPLE_MAGNITUDE) i++;
    if (i < o + n) refuseSample(chunk, i - o, b[i]);
    if (this.received === 0) this.first = b[o];
    this.last = b[o + n - 1];
    this.len += n;
    this.received += n;
  }

  /** Ends the signal with the trailing `nFft / 2` zeros. */
  finish(): void {
    this.reserve(this.half);
    this.buf.fill(0, this.len, this.len + this.half);
    this.len += this.half;
    this.finished = true;
  }

  /** Number of complete frames not computed yet. */
  ready(): number {
    const end = this.base + this.len;
    const lastStart = end - this.nFft;
    if (lastStart < this.next * this.hop) return 0;
    return Math.floor((lastStart - this.next * this.hop) / this.hop) + 1;
  }

  /** The buffer (valid until the next append/consume). */
  samples(): Float32Array {
    return this.buf;
  }

  /** Index in {@link samples} of the next frame's first sample. */
  firstFrameStart(): number {
    return this.next * this.hop - this.base;
  }

  /** Index of the next frame. */
  nextIndex(): number {
    return this.next;
  }

  /** The first/last signal samples and where the signal lies in {@link samples} (for edge padding). */
  edge(): { first: number; last: number; signalStart: number; signalEnd: number } {
    return { first: this.first, last: this.last, signalStart: this.half - this.base, signalEnd: this.half + this.received - this.base };
  }

  /** Marks `n` frames as computed. */
  consume(n: number): void {
    this.next += n;
  }
}

/** Throws for sample `at` of a pushed chunk, `v` as the buffer holds it: `NON_FINITE`, or `BAD_DATA` beyond +-2^24. */
function refuseSample(chunk: ArrayLike<number>, at: number, v: number): never {
  if (!Number.isFinite(v)) throw new MirkitError('NON_FINITE', `chunk[${at}] is ${shown(chunk[at])}: samples must be finite numbers`);
  throw new MirkitError(
    'BAD_DATA',
    `chunk[${at}] is ${shown(chunk[at])}: samples must lie within +-2^24 (audio is expected in [-1, 1]); scale the signal down first`,
    { index: at, bound: MAX_SAMPLE_MAGNITUDE },
  );
}
