/**
 * The AudioWorklet side of {@link createAnalyzerNode}: an `AudioWorkletProcessor` registered as
 * `'mirkit-analyzer'` that pushes every 128-sample render quantum (channel 0, the node downmixes
 * to mono) into a {@link createAnalyzer} analyzer running in the audio thread (FFT included) and
 * posts the completed frames to the main thread, with the context time at which they completed.
 *
 * This file is not imported by the library: `npm run build:worklet` bundles it with everything it
 * reaches (the analyzer, the kernels, the embedded PFFFT) into one self-contained script, stored
 * as a string in `worklet-source.ts`, which the node loads through a Blob URL, so no bundler or
 * server configuration is needed. @internal
 */
import { createAnalyzer } from './analyzer.js';
import type { Analyzer, AnalyzerOptions, Frame } from './types.js';

/** The AudioWorkletGlobalScope names this file uses (not in TypeScript's DOM lib). */
declare const currentTime: number;
declare const sampleRate: number;
declare function registerProcessor(name: string, ctor: unknown): void;
declare class AudioWorkletProcessor {
  readonly port: MessagePort;
}

/** Messages the processor posts: frames, or the reply to a `'flush'` request. @internal */
export interface WorkletMessage {
  /** `'error'`: the processor failed and stopped; `'flushed'` with `message`: that flush failed (the analyzer goes on). */
  type: 'frames' | 'flushed' | 'error';
  frames?: Frame[];
  /** Context time (s) when the frames completed, and the context time of the signal's first sample. */
  contextTime?: number;
  startTime?: number;
  message?: string;
  /** The `MirkitError` code of the failure, where it was one. */
  code?: string;
}

/** The message and code of a caught error. */
function failure(e: unknown): Pick<WorkletMessage, 'message' | 'code'> {
  const code = (e as { code?: unknown })?.code;
  return { message: e instanceof Error ? e.message : String(e), code: typeof code === 'string' ? code : undefined };
}

/** Posts frames, transferring their value arrays. */
function post(port: MessagePort, msg: WorkletMessage): void {
  const transfer: ArrayBuffer[] = [];
  for (const f of msg.frames ?? []) for (const k in f.values) transfer.push(f.values[k].buffer as ArrayBuffer);
  port.postMessage(msg, transfer);
}

class MirkitAnalyzerProcessor extends AudioWorkletProcessor {
  private analyzer: Analyzer | null = null;
  private startTime = -1;
  private stopped = false;
  /** Zeros for the render quanta in which no input is connected, once the signal has started. */
  private silence = new Float32Array(128);

  constructor(init: { processorOptions: Omit<AnalyzerOptions, 'sr'> }) {
    super();
    try {
      this.analyzer = createAnalyzer({ ...init.processorOptions, sr: sampleRate });
    } catch (e) {
      // the node validated these options; report rather than fail without a word
      this.stopped = true;
      post(this.port, { type: 'error', ...failure(e) });
    }
    this.port.onmessage = (e: MessageEvent) => {
      if (e.data === 'flush') {
        let frames: Frame[] = [];
        let failed: Pick<WorkletMessage, 'message' | 'code'> | null = null;
        try {
          frames = this.analyzer?.flush() ?? [];
        } catch (err) {
          failed = failure(err); // e.g. TOO_SHORT with delta: the analyzer is reset and goes on
        }
        post(this.port, { type: 'flushed', frames, contextTime: currentTime, startTime: this.startTime, ...failed });
        this.startTime = -1;
      } else if (e.data === 'stop') this.stopped = true;
    };
  }

  process(inputs: Float32Array[][], outputs: Float32Array[][]): boolean {
    if (this.stopped || !this.analyzer) return false;
    let ch = inputs[0]?.[0];
    if (!ch || ch.length === 0) {
      // no input connected: before the signal starts nothing is analysed; after, the quantum is
      // silence, so that frame times stay the context's times
      if (this.startTime < 0) return true;
      const n = outputs[0]?.[0]?.length || 128;
      if (this.silence.length !== n) this.silence = new Float32Array(n);
      ch = this.silence;
    }
    if (this.startTime < 0) this.startTime = currentTime;
    try {
      const frames = this.analyzer.push(ch);
      if (frames.length) post(this.port, { type: 'frames', frames, contextTime: currentTime + ch.length / sampleRate, startTime: this.startTime });
    } catch (e) {
      post(this.port, { type: 'error', ...failure(e) });
      this.stopped = true;
      return false;
    }
    return true;
  }
}

registerProcessor('mirkit-analyzer', MirkitAnalyzerProcessor);
