/**
 * Where the whole-file decoders ({@link decodeVorbisWhole}, {@link decodeMp3Whole}) put each
 * block of samples as it comes out of the codec's memory: either the channels, each copied once
 * into a growing array, or, when only the mono mix is wanted, the mix itself, computed while the
 * block is still in cache (the float32 channel mean of {@link mixChannels}, same values) and
 * checked as it is written (finite and below 2^24, `checkSignal`'s bound).
 * @internal
 * @packageDocumentation
 */
import { mixChannels } from './downmix.js';
import { MAX_SAMPLE_MAGNITUDE } from '../limits.js';

/** Collects decoded blocks of one stream, as channels or as their mono mix. @internal */
export class PcmSink {
  private out: Float32Array[] = [];
  private cap: number;
  /** Samples per channel collected so far. */
  length = 0;
  /** Channels of the stream (0 before the first block). */
  channels = 0;

  /** The array the mix goes into first, when the caller gave one large enough. */
  private readonly target: Float32Array | undefined;

  /**
   * @param mix - keep only the mono mix (one output array) instead of every channel
   * @param capacity - expected samples per channel (the arrays grow past it when needed)
   * @param into - with `mix`, an array of at least `capacity` samples to write the mix into from
   *   its start (its length is then the capacity; a larger array replaces it only if the stream
   *   runs past it); ignored when smaller
   */
  constructor(
    private readonly mix: boolean,
    capacity: number,
    into?: Float32Array,
  ) {
    this.target = mix && into && into.length >= capacity ? into : undefined;
    this.cap = this.target ? this.target.length : Math.max(1024, Math.ceil(capacity));
  }

  /**
   * Appends `n` samples of each of `block`'s channels (views the codec may reuse once this
   * returns). False when the stream changes its channel count, or, with `mix`, when a mean is not
   * finite or not below 2^24: the caller then leaves the file to the general decoder, which names
   * the bad sample as loadAudio's checks do.
   */
  push(block: Float32Array[], n: number): boolean {
    const C = block.length;
    if (C === 0 || (this.channels && C !== this.channels)) return false;
    if (!this.channels) {
      this.channels = C;
      this.out = this.target ? [this.target] : Array.from({ length: this.mix ? 1 : C }, () => new Float32Array(this.cap));
    }
    if (n === 0) return true;
    if (this.length + n > this.cap) this.grow(2 * (this.length + n));
    const at = this.length;
    if (!this.mix) block.forEach((c, k) => this.out[k].set(c.subarray(0, n), at));
    else if (C === 1) {
      const y = this.out[0];
      const x = block[0];
      for (let i = 0; i < n; i++) {
        const v = x[i];
        if (!(Math.abs(v) < MAX_SAMPLE_MAGNITUDE)) return false;
        y[at + i] = v;
      }
    } else {
      const y = this.out[0].subarray(at, at + n);
      if (mixChannels(block, n, y, 0, true) < n) return false;
    }
    this.length += n;
    return true;
  }

  /** The collected arrays (one, the mix, with `mix`), cut to `n` samples (default: all). */
  result(n = this.length): Float32Array[] {
    const m = Math.min(n, this.length);
    return this.out.map((c) => c.subarray(0, m));
  }

  private grow(cap: number): void {
    this.cap = cap;
    this.out = this.out.map((c) => {
      const grown = new Float32Array(cap);
      grown.set(c.subarray(0, this.length));
      return grown;
    });
  }
}
