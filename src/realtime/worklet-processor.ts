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
  type: 'frames' | 'flushed' | 'error';
  frames?: Frame[];
  /** Context time (s) when the frames completed, and the context time of the signal's first sample. */
  contextTime?: number;
  startTime?: number;
  message?: string;
}

/** Posts frames, transferring their value arrays. */
function post(port: MessagePort, msg: WorkletMessage): void {
  const transfer: ArrayBuffer[] = [];
  for (const f of msg.frames ?? []) for (const k in f.values) transfer.push(f.values[k].buffer as ArrayBuffer);
  port.postMessage(msg, transfer);
}

class MirkitAnalyzerProcessor extends AudioWorkletProcessor {
  private analyzer: Analyzer;
  private startTime = -1;
  private stopped = false;

  constructor(init: { processorOptions: Omit<AnalyzerOptions, 'sr'> }) {
    super();
    this.analyzer = createAnalyzer({ ...init.processorOptions, sr: sampleRate });
    this.port.onmessage = (e: MessageEvent) => {
      if (e.data === 'flush') {
        const frames = this.analyzer.flush();
        post(this.port, { type: 'flushed', frames, contextTime: currentTime, startTime: this.startTime });
        this.startTime = -1;
      } else if (e.data === 'stop') this.stopped = true;
    };
  }

  process(inputs: Float32Array[][]): boolean {
    if (this.stopped) return false;
    const ch = inputs[0]?.[0];
    if (!ch || ch.length === 0) return true;
    if (this.startTime < 0) this.startTime = currentTime;
    try {
      const frames = this.analyzer.push(ch);
      if (frames.length) post(this.port, { type: 'frames', frames, contextTime: currentTime + ch.length / sampleRate, startTime: this.startTime });
    } catch (e) {
      post(this.port, { type: 'error', message: e instanceof Error ? e.message : String(e) });
      this.stopped = true;
      return false;
    }
    return true;
  }
}

registerProcessor('mirkit-analyzer', MirkitAnalyzerProcessor);
