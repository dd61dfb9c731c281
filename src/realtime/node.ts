/**
 * The Web Audio front end of the streaming analyzer: an AudioWorkletNode whose processor runs
 * {@link createAnalyzer} (FFT and kernels) in the audio thread and posts each frame to the main
 * thread with its time stamps.
 */
import { MirkitError, type MirkitErrorCode } from '../errors.js';
import { shown } from '../util/shown.js';
import { ANALYZER_KEYS, checkAnalyzerKeys } from './analyzer-options.js';
import { createAnalyzer } from './analyzer.js';
import type { AnalyzerOptions, Frame } from './types.js';
import { ANALYZER_WORKLET_SOURCE } from './worklet-source.js';
import type { WorkletMessage } from './worklet-processor.js';

/** A class as the DOM library declares it on `globalThis`: what {@link DomTypeOr} matches. */
export interface DomClass<T> {
  /** The class's prototype, typed as its instances. */
  prototype: T;
}

/**
 * The DOM's class instance type `Name` where the consumer's TypeScript has the DOM library, else
 * `Fallback`. mirkit's declarations use it so that they compile in projects without `"DOM"` in `lib`
 * (Node-only users), while browser users get the real Web Audio types.
 */
export type DomTypeOr<Name extends string, Fallback> = typeof globalThis extends { [K in Name]: DomClass<infer T> } ? T : Fallback;

/** The part of a Web Audio `AudioNode` that mirkit uses: the stand-in for `AudioNode` without the DOM library. */
export interface AudioNodeShape {
  /** Connects this node's output to `destination`. */
  connect(destination: never, ...rest: never[]): unknown;
  /** Disconnects this node's output (from one destination, or from all). */
  disconnect(...args: never[]): unknown;
}

/** The message port of an `AudioWorkletNode`, as far as mirkit uses it. */
export interface WorkletPortShape {
  /** Sends a message to the processor in the audio thread. */
  postMessage(message: unknown): void;
  /** Receives the processor's messages. */
  onmessage: ((event: { data: unknown }) => unknown) | null;
}

/** The stand-in for `AudioWorkletNode` without the DOM library. */
export interface WorkletNodeShape extends AudioNodeShape {
  /** The port to the processor. */
  readonly port: WorkletPortShape;
}

/** A context's `audioWorklet`, as far as mirkit uses it. */
export interface WorkletLoaderShape {
  /** Adds a worklet module (by URL) to the context. */
  addModule(url: string): Promise<void>;
}

/** The stand-in for `BaseAudioContext` without the DOM library: what {@link createAnalyzerNode} reads. */
export interface AudioContextShape {
  /** Sample rate of the context (Hz): the analyzer's `sr`. */
  readonly sampleRate: number;
  /** The context's clock (s). */
  readonly currentTime: number;
  /** Where the analyzer node's silent output goes, to keep it running. */
  readonly destination: unknown;
  /** Loads worklet modules; absent outside secure contexts. */
  readonly audioWorklet?: WorkletLoaderShape;
}

/** A Web Audio `AudioNode` (an {@link AudioNodeShape} where the DOM library is absent: see {@link DomTypeOr}). */
export type AudioNodeLike = DomTypeOr<'AudioNode', AudioNodeShape>;

/** The `AudioWorkletNode` that {@link createAnalyzerNode} makes (a {@link WorkletNodeShape} without the DOM library). */
export type AnalyzerWorkletNode = DomTypeOr<'AudioWorkletNode', WorkletNodeShape>;

/** A Web Audio `BaseAudioContext`: an `AudioContext` or `OfflineAudioContext` (an {@link AudioContextShape} without the DOM library). */
export type AudioContextLike = DomTypeOr<'BaseAudioContext', AudioContextShape>;

/** A frame as delivered by {@link createAnalyzerNode}: the analyzer's {@link Frame} plus context times. */
export interface NodeFrame extends Frame {
  /** AudioContext time (s) of the frame's centre: the time of the first analysed sample + `time`. */
  contextTime: number;
  /** AudioContext time (s) at which the audio thread completed the frame (end of the render quantum that completed it). */
  completedAt: number;
  /**
   * Latency of the frame in seconds at delivery: `context.currentTime` when `onFrame` runs minus
   * {@link NodeFrame.contextTime}. With `delta` (or a look-ahead `stackMemory`) it includes the
   * analyzer's `latency` frames of hold-back (4 hops with `delta`'s default width).
   */
  latency: number;
}

/** Options of {@link createAnalyzerNode}: the analyzer's (without `sr`, which is the context's) plus the wiring. */
export interface AnalyzerNodeOptions extends Omit<AnalyzerOptions, 'sr'> {
  /** Node to analyse (connected to the analyzer node); connect later with `source.connect(handle.node)` if omitted. */
  source?: AudioNodeLike;
  /**
   * Called on the main thread for every frame, in order. An error it throws is reported as an
   * uncaught error (`reportError`) and the next frames are still delivered.
   */
  onFrame: (frame: NodeFrame) => void;
  /** Called when the processor fails and stops (the message of its error); pending flushes reject. */
  onError?: (message: string) => void;
}

/** What {@link createAnalyzerNode} resolves to. */
export interface AnalyzerNodeHandle {
  /** The AudioWorkletNode (1 input downmixed to mono, 1 silent output connected to the destination so it keeps running). */
  readonly node: AnalyzerWorkletNode;
  /**
   * Ends the signal: the processor pads `nFft / 2` zeros and delivers the last frames through
   * `onFrame`; resolves after them (calls made together resolve in turn). Rejects with the
   * analyzer's `MirkitError` where the flush fails (`TOO_SHORT` with `delta` on too few frames; the
   * analyzer goes on), where the processor has failed, or with `UNSUPPORTED` once its `AudioContext` is closed.
   */
  flush(): Promise<void>;
  /** Stops the processor and disconnects the node (and the source from it). */
  close(): void;
}

const moduleUrls = new WeakMap<object, Promise<void>>();

/** Adds the worklet module to `context` once (a Blob URL of the bundled script: no bundler or server set-up). */
function loadModule(context: object, audioWorklet: WorkletLoaderShape): Promise<void> {
  let p = moduleUrls.get(context);
  if (!p) {
    const url = URL.createObjectURL(new Blob([ANALYZER_WORKLET_SOURCE], { type: 'text/javascript' }));
    p = audioWorklet.addModule(url).finally(() => URL.revokeObjectURL(url));
    moduleUrls.set(context, p);
  }
  return p;
}

/**
 * Creates a live analyzer on an AudioWorklet: the samples reaching the node (from `source`,
 * downmixed to mono) are analysed in the audio thread by {@link createAnalyzer} at the context's
 * sample rate (the FFT runs in the worklet) and each frame reaches `onFrame` on the main thread,
 * with its AudioContext time stamps and latency. Frames equal `createAnalyzer`'s on the same
 * samples (and so the offline functions', within the limits stated there). Once the first samples
 * have arrived, a render quantum in which no input is connected is analysed as silence, so that
 * frame times stay the context's times across gaps. Works with
 * `AudioContext` and `OfflineAudioContext` (which renders whole 128-sample quanta: a buffer whose
 * length is not a multiple of 128 reaches the node followed by zeros to the end of its last quantum).
 *
 * The worklet module is a self-contained script bundled into the library and loaded through a
 * Blob URL (`addModule` once per context): nothing to copy or serve. Pages with a
 * Content-Security-Policy must allow `blob:` for `worker-src`/`script-src`.
 *
 * @throws MirkitError (rejects) as {@link createAnalyzer} for bad options (checked on the main
 *   thread, on the structured clone the worklet gets, before it starts; `BAD_OPTION` for options
 *   that are not plain data, an `sr` other than the context's, an `onError` that is not a function,
 *   a `source` that is not an AudioNode or cannot be connected), `UNSUPPORTED` where the context has
 *   no `audioWorklet` or is a closed `AudioContext`.
 * @example
 * ```ts
 * const ctx = new AudioContext();
 * const mic = ctx.createMediaStreamSource(await navigator.mediaDevices.getUserMedia({ audio: true }));
 * const live = await createAnalyzerNode(ctx, { source: mic, features: ['chromaStft', 'mfcc'], onFrame: (f) => draw(f.values.chromaStft) });
 * ```
 */
export async function createAnalyzerNode(audioContext: AudioContextLike, opts: AnalyzerNodeOptions): Promise<AnalyzerNodeHandle> {
  const context = audioContext as unknown as AudioContextShape & ContextState;
  const audioWorklet = context?.audioWorklet;
  const WorkletNode = (globalThis as { AudioWorkletNode?: new (c: unknown, name: string, o: unknown) => WorkletNodeShape }).AudioWorkletNode;
  if (!audioWorklet || !WorkletNode) {
    throw new MirkitError('UNSUPPORTED', 'createAnalyzerNode needs an AudioContext with audioWorklet (a secure context: https or localhost)');
  }
  // a closed AudioContext runs no processor (an OfflineAudioContext is 'closed' once rendered, and its node still flushes)
  const closed = (): boolean => context.state === 'closed' && typeof (context as { startRendering?: unknown }).startRendering !== 'function';
  if (closed()) throw closedContext();
  if (opts === null || typeof opts !== 'object') throw new MirkitError('BAD_OPTION', 'createAnalyzerNode needs an options object { features, onFrame }');
  checkAnalyzerKeys('createAnalyzerNode', opts, NODE_KEYS);
  const { source, onFrame, onError, sr, ...analyzerOptions } = opts as AnalyzerNodeOptions & { sr?: unknown };
  if (typeof onFrame !== 'function') throw new MirkitError('BAD_OPTION', 'onFrame must be a function', { option: 'onFrame' });
  if (onError !== undefined && typeof onError !== 'function')
    throw new MirkitError('BAD_OPTION', `onError must be a function, got ${shown(onError)}`, { option: 'onError' });
  if (sr !== undefined && sr !== context.sampleRate)
    throw new MirkitError('BAD_OPTION', `sr is the context's sample rate (${context.sampleRate} Hz), got ${shown(sr)}: leave it out`, { option: 'sr' });
  const input = source as unknown as Partial<AudioNodeShape> | undefined | null;
  if (input != null && (typeof input.connect !== 'function' || typeof input.disconnect !== 'function'))
    throw new MirkitError('BAD_OPTION', `source must be an AudioNode of this context, got ${shown(source)}`, { option: 'source' });
  // what the processor gets is a structured clone: validate that (inherited keys and functions do not survive it)
  let sent: typeof analyzerOptions;
  try {
    // (a browser without structuredClone, before 2022, posts the options as they are)
    sent = typeof structuredClone === 'function' ? structuredClone(analyzerOptions) : analyzerOptions;
  } catch {
    throw new MirkitError('BAD_OPTION', 'the analyzer options must be plain data (numbers, strings, arrays, objects) to reach the audio thread', {
      option: 'options',
    });
  }
  // validate here so bad options reject instead of failing in the audio thread
  createAnalyzer({ ...sent, sr: context.sampleRate });
  await loadModule(context, audioWorklet);
  let node: WorkletNodeShape;
  try {
    node = new WorkletNode(context, 'mirkit-analyzer', {
      numberOfInputs: 1,
      numberOfOutputs: 1,
      outputChannelCount: [1],
      channelCount: 1,
      channelCountMode: 'explicit',
      channelInterpretation: 'speakers',
      processorOptions: sent,
    });
  } catch (e) {
    throw new MirkitError('UNSUPPORTED', `the analyzer's AudioWorkletNode could not be created: ${(e as Error)?.message ?? shown(e)}`);
  }
  const flushes = new FlushQueue();
  let failed: MirkitError | null = null;
  const fail = (err: MirkitError): void => {
    failed ??= err;
    onError?.(err.message);
    flushes.rejectAll(err);
  };
  const deliver = (m: WorkletMessage): void => {
    for (const f of m.frames ?? []) {
      const contextTime = (m.startTime ?? 0) + f.time;
      // each frame reaches onFrame: a throwing callback is reported as an uncaught error, as an event listener's is
      try {
        onFrame({ ...f, contextTime, completedAt: m.contextTime ?? 0, latency: context.currentTime - contextTime });
      } catch (e) {
        reportLater(e);
      }
    }
  };
  node.port.onmessage = (e) => {
    const m = e.data as WorkletMessage;
    if (m.type === 'error') return fail(workletError(m));
    deliver(m);
    if (m.type === 'flushed') flushes.settle(m.message === undefined ? null : workletError(m));
  };
  (node as { onprocessorerror?: unknown }).onprocessorerror = () => fail(new MirkitError('UNSUPPORTED', 'the analyzer processor failed in the audio thread'));
  context.addEventListener?.('statechange', () => {
    if (closed()) flushes.rejectAll(closedContext());
  });
  const close = (): void => {
    node.port.postMessage('stop');
    try {
      input?.disconnect?.(node as never);
    } catch {
      // already disconnected
    }
    node.disconnect();
  };
  try {
    input?.connect?.(node as never);
    node.connect(context.destination as never);
  } catch (e) {
    close();
    throw new MirkitError('BAD_OPTION', `source could not be connected to the analyzer: ${(e as Error)?.message ?? shown(e)}`, { option: 'source' });
  }
  return {
    node: node as unknown as AnalyzerWorkletNode,
    flush: () => {
      if (failed) return Promise.reject(failed);
      if (closed()) return Promise.reject(closedContext());
      const p = flushes.add();
      node.port.postMessage('flush');
      return p;
    },
    close,
  };
}

/** Top-level keys of {@link createAnalyzerNode}'s options (`sr`: only the context's own rate). */
const NODE_KEYS: readonly string[] = [...ANALYZER_KEYS, 'source', 'onFrame', 'onError'];

/** The part of a context's state that the node watches (absent from {@link AudioContextShape}'s stand-ins). */
interface ContextState {
  readonly state?: string;
  addEventListener?(type: 'statechange', listener: () => void): void;
}

const closedContext = (): MirkitError => new MirkitError('UNSUPPORTED', 'the AudioContext is closed: create a new one');

/** The processor's failure as a `MirkitError` (its own code where it had one). */
function workletError(m: WorkletMessage): MirkitError {
  return new MirkitError((m.code as MirkitErrorCode | undefined) ?? 'BAD_DATA', m.message ?? 'analyzer error');
}

/** Reports `e` as an uncaught error without stopping the caller (the DOM's `reportError` where there is one). */
function reportLater(e: unknown): void {
  const report = (globalThis as { reportError?: (e: unknown) => void }).reportError;
  if (report) report(e);
  else
    setTimeout(() => {
      throw e;
    });
}

/** The pending `flush()` calls, answered in order (the processor replies to each request in turn). */
class FlushQueue {
  private pending: { resolve: () => void; reject: (e: MirkitError) => void }[] = [];

  add(): Promise<void> {
    return new Promise<void>((resolve, reject) => this.pending.push({ resolve, reject }));
  }

  /** Answers the oldest pending flush: resolved, or rejected with `err`. */
  settle(err: MirkitError | null): void {
    const p = this.pending.shift();
    if (p) err ? p.reject(err) : p.resolve();
  }

  rejectAll(err: MirkitError): void {
    for (const p of this.pending.splice(0)) p.reject(err);
  }
}
