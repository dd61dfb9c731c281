/**
 * `loadAudio`'s decode thread (Node, two or more cores, the main thread): one worker thread,
 * started on the first long MP3 or Ogg/Vorbis file and kept for the next ones, that decodes the
 * second half of a file while the calling thread decodes the first ({@link decodeInHalves}). The
 * halves are the whole-file decode's samples, bit for bit, so whether the thread runs changes how
 * long a load takes, never what it returns. The thread holds the process open only while it has
 * work; where it cannot start, fails or takes too long, the calling thread decodes that half itself.
 * @internal
 * @packageDocumentation
 */
import { startDecodeWorker, type DecodeWorkerThread } from '../platform/node.js';
import type { DecodeJob, DecodeReply, DecodeWarmed, DecodeWarmUp } from '../platform/decode-worker.js';
import type { DecodedRange } from './decoders.js';
import { SpareBuffer } from '../util/spare-buffer.js';

/** The thread once asked for (null where none runs), and whether it may be started again. */
let thread: Promise<DecodeWorkerThread | null> | null = null;
let broken = false;
let nextId = 0;
/** The running thread, once started. */
let current: DecodeWorkerThread | null = null;
const waiting = new Map<number, (reply: DecodeReply | null) => void>();
/**
 * Shared memory the thread reads a file from and writes a tail into, reused from file to file
 * (see src/util/spare-buffer.ts): a copy of the bytes and a fresh tail array on the thread
 * would touch new pages for every file.
 */
const sharedBytes = new SpareBuffer<SharedArrayBuffer>(true);
const sharedTail = new SpareBuffer<SharedArrayBuffer>(true);
/** The formats whose codec the running thread has loaded, or is loading. */
const codecs = new Map<'mp3' | 'oga', 'loading' | 'loaded'>();

/**
 * Stops `worker` if it is still the current thread: answers every waiting job with null and
 * forgets it (the next job starts a new one unless `isBroken`). Events of an earlier thread
 * (its exit after a stop) change nothing.
 */
function drop(worker: DecodeWorkerThread, isBroken: boolean): void {
  if (current !== worker) return;
  current = null;
  thread = null;
  codecs.clear();
  broken ||= isBroken;
  const all = [...waiting.values()];
  waiting.clear();
  for (const done of all) done(null);
  void worker.terminate().catch(() => undefined);
}

function startThread(): Promise<DecodeWorkerThread | null> {
  return startDecodeWorker().then(
    (worker) => {
      if (!worker) return null;
      current = worker;
      worker.on('message', (msg) => {
        const reply = msg as DecodeReply | DecodeWarmed | { type: 'fatal' };
        if ('warmed' in reply) {
          if (current === worker) codecs.set(reply.warmed, 'loaded');
          if (!reply.ok) drop(worker, true);
          return;
        }
        if (!('id' in reply)) return drop(worker, true); // the entry did not load
        const done = waiting.get(reply.id);
        if (!done) return;
        waiting.delete(reply.id);
        if (waiting.size === 0) worker.unref();
        done(reply);
      });
      worker.on('error', () => drop(worker, true));
      worker.on('exit', () => drop(worker, true));
      worker.unref(); // after the listeners: adding a 'message' listener refs the thread's port again
      return worker;
    },
    () => {
      broken = true;
      return null;
    },
  );
}

/** The thread, started by the first call; null where none runs (or it failed for good). */
function ensureThread(): Promise<DecodeWorkerThread | null> {
  if (broken) return Promise.resolve(null);
  thread ??= startThread();
  return thread;
}

/** True where the decode thread runs (it is started by the first call). @internal */
export async function decodeThreadRuns(): Promise<boolean> {
  return (await ensureThread()) !== null;
}

/** True where the decode thread runs and has loaded `format`'s codec (nothing is started). @internal */
export function decodeThreadReady(format: 'mp3' | 'oga'): boolean {
  return current !== null && codecs.get(format) === 'loaded';
}

/**
 * Starts the decode thread where it can run and asks it to load `format`'s codec, without
 * waiting and without holding the process open, so that a later file finds it ready: called
 * after a file was decoded whole, its start never slows that decode. @internal
 */
export function warmDecodeThread(format: 'mp3' | 'oga'): void {
  if (codecs.has(format)) return;
  void ensureThread().then((worker) => {
    if (!worker || worker !== current || codecs.has(format)) return;
    codecs.set(format, 'loading');
    worker.postMessage({ warm: format } satisfies DecodeWarmUp);
  });
}

/**
 * The mono mix of samples `start ..` (to the end) of an MP3 or Ogg/Vorbis file decoded on the
 * decode thread (`decodeTail`), or null where no thread runs, the range is not decoded on its
 * own, or no answer came within `timeoutMs` (the thread is then stopped). The bytes go to the
 * thread through shared memory. With `whole`, the mix lands in `whole` from sample `start` on
 * (the result is then a view of it), written by the thread into shared memory and copied. @internal
 */
export async function decodeTailInThread(
  format: 'mp3' | 'oga',
  bytes: Uint8Array,
  start: number,
  timeoutMs: number,
  whole?: Float32Array,
): Promise<DecodedRange | null> {
  const worker = await ensureThread();
  if (!worker) return null;
  const id = nextId++;
  const input = sharedBytes.take(bytes.length) ?? new SharedArrayBuffer(bytes.length);
  new Uint8Array(input, 0, bytes.length).set(bytes);
  const room = whole ? whole.length - start : 0;
  const output = room > 0 ? (sharedTail.take(4 * room) ?? new SharedArrayBuffer(4 * room)) : undefined;
  return new Promise<DecodedRange | null>((resolve) => {
    const timer = setTimeout(() => {
      if (waiting.has(id)) drop(worker, false);
    }, timeoutMs);
    waiting.set(id, (reply) => {
      clearTimeout(timer);
      // no answer: the stopped thread may still touch the shared buffers, which are not kept
      if (!reply) return resolve(null);
      sharedBytes.keep(input);
      let range: DecodedRange | null = null;
      if (reply.samples) range = { samples: reply.samples, sampleRate: reply.sampleRate };
      else if (reply.shared !== undefined && output && whole && reply.shared <= room) {
        const samples = whole.subarray(start, start + reply.shared);
        samples.set(new Float32Array(output, 0, reply.shared));
        range = { samples, sampleRate: reply.sampleRate };
      }
      if (output) sharedTail.keep(output);
      resolve(range);
    });
    if (waiting.size === 1) worker.ref();
    const job: DecodeJob = { id, format, bytes: new Uint8Array(input, 0, bytes.length), start, into: output };
    worker.postMessage(job);
  });
}
