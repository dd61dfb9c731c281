/**
 * Entry of `loadAudio`'s decode thread (Node): answers each {@link DecodeJob} with the mono mix of
 * that range of the file ({@link decodeTail}: the samples of the whole-file decode at those
 * positions, bit for bit), or with `null` where the range is not decoded on its own or fails
 * (the calling thread then decodes it itself). Started by `src/audio/decode-thread.ts`.
 * @internal
 * @packageDocumentation
 */
import { parentPort } from 'node:worker_threads';
import { decodeTail, warmCodec } from '../audio/decoders.js';

/** The members of a Node `Worker` that the decode thread uses. @internal */
export interface DecodeWorkerThread {
  postMessage(message: unknown, transfer?: ArrayBuffer[]): void;
  on(event: 'message', listener: (message: unknown) => void): void;
  on(event: 'error', listener: (error: Error) => void): void;
  on(event: 'exit', listener: (code: number) => void): void;
  ref(): void;
  unref(): void;
  terminate(): Promise<number>;
}

/** A range to decode: samples `start ..` (to the end) of the file's decoded output. @internal */
export interface DecodeJob {
  id: number;
  format: 'mp3' | 'oga';
  bytes: Uint8Array;
  start: number;
  /** Shared memory to decode the range's mix into (from its start) where it fits. */
  into?: SharedArrayBuffer;
}

/** Asks the thread to load a format's codec now (no answer is waited for; it replies {@link DecodeWarmed}). @internal */
export interface DecodeWarmUp {
  warm: 'mp3' | 'oga';
}

/** The reply to {@link DecodeWarmUp}: the codec is loaded (`ok`) or could not be. @internal */
export interface DecodeWarmed {
  warmed: 'mp3' | 'oga';
  ok: boolean;
}

/**
 * The answer: the range's mono mix, or `samples: null` where it was not decoded or `shared` is
 * set: then the mix is the first `shared` samples of the job's `into`. @internal
 */
export interface DecodeReply {
  id: number;
  samples: Float32Array | null;
  shared?: number;
  sampleRate: number;
}

const port = parentPort;
if (port) {
  port.on('message', (job: DecodeJob | DecodeWarmUp) => {
    if ('warm' in job) {
      const format = job.warm;
      warmCodec(format).then(
        () => port.postMessage({ warmed: format, ok: true } satisfies DecodeWarmed),
        () => port.postMessage({ warmed: format, ok: false } satisfies DecodeWarmed),
      );
      return;
    }
    const into = job.into;
    const take = into && ((n: number) => (into.byteLength >= 4 * n ? new Float32Array(into, 0, into.byteLength >> 2) : undefined));
    decodeTail(job.format, job.bytes, job.start, take).then((r) => {
      if (r && into && r.samples.buffer === into) {
        port.postMessage({ id: job.id, samples: null, shared: r.samples.length, sampleRate: r.sampleRate } satisfies DecodeReply);
        return;
      }
      const reply: DecodeReply = { id: job.id, samples: r?.samples ?? null, sampleRate: r?.sampleRate ?? 0 };
      port.postMessage(reply, r ? [r.samples.buffer as ArrayBuffer] : []);
    });
  });
}
