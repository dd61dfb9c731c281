/**
 * Worker threads for `mirkit extract`. A worker runs the command's own entry file (the built
 * `dist/cli.js`/`dist/cli.cjs`, or `src/cli/main.ts` through tsx when running from source) with
 * {@link ExtractWorkerData} as its `workerData`; the entry sees the flag and calls
 * {@link runExtractWorker} instead of the command line. So no separate worker bundle is needed.
 */
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import { startWorkerThread, type NodeBuiltins } from '../platform/node-worker.js';

/** The built-ins the worker start needs (the CLI runs on Node only: imported statically). */
const NODE: NodeBuiltins = { readFileSync, createRequire, dirname, join, fileURLToPath, pathToFileURL, Worker };
import { createPathExtractor, TEST_FEATURE_SET } from './extractor.js';
import { libraryFunction, type FeatureVector } from './lib.js';

/** The `workerData` that turns the entry file into an extraction worker. */
export interface ExtractWorkerData {
  /** Marker. */
  mirkitExtractWorker: true;
  /** Feature set name. */
  set: string;
  /** Decoding sample rate (Hz). */
  sr: number;
}

/** True when `data` is {@link ExtractWorkerData}. */
export function isExtractWorkerData(data: unknown): data is ExtractWorkerData {
  return typeof data === 'object' && data !== null && (data as ExtractWorkerData).mirkitExtractWorker === true;
}

type ToWorker = { id: number; path: string };
type FromWorker =
  | { type: 'result'; id: number; names: string[]; values: Float64Array }
  | { type: 'error'; id: number; message: string }
  | { type: 'fatal'; message: string };

/** One-line message of any thrown value. */
export function errorMessage(e: unknown): string {
  const m = e instanceof Error ? e.message : String(e);
  return m.replace(/\s*[\r\n]+\s*/g, ' ').trim() || 'unknown error';
}

/**
 * The worker side: answers each `{ id, path }` message with the file's features or its error. Called by
 * the entry file when {@link isExtractWorkerData}(`workerData`).
 */
export function runExtractWorker(): void {
  const port = parentPort;
  if (!port || !isExtractWorkerData(workerData)) throw new Error('runExtractWorker must run in an extraction worker thread');
  const extract = createPathExtractor(workerData.set, workerData.sr);
  if (workerData.set !== TEST_FEATURE_SET) {
    // A build without the functions the workers call stops the run once, not file by file.
    Promise.all([libraryFunction('loadAudio'), libraryFunction('extractFeatures')]).catch((e: unknown) =>
      port.postMessage({ type: 'fatal', message: errorMessage(e) } satisfies FromWorker),
    );
  }
  port.on('message', (msg: ToWorker) => {
    extract(msg.path).then(
      (fv) => port.postMessage({ type: 'result', id: msg.id, names: fv.names, values: Float64Array.from(fv.values) } satisfies FromWorker),
      (e) => port.postMessage({ type: 'error', id: msg.id, message: errorMessage(e) } satisfies FromWorker),
    );
  });
}

/** The file this module was loaded from: the CLI bundle when built, `worker.ts` when run from source. */
function selfFile(): string {
  // CJS bundle: __filename; ESM (bundle, tsx, vitest): import.meta.url.
  if (typeof __filename === 'string' && __filename !== '') return __filename;
  return fileURLToPath(import.meta.url);
}

/**
 * Starts one extraction worker thread for `set` at `sr`.
 *
 * @returns the `Worker`; talk to it through {@link ExtractWorker}
 */
function startWorker(set: string, sr: number): Worker {
  const self = selfFile();
  const data: ExtractWorkerData = { mirkitExtractWorker: true, set, sr };
  // from source, the worker loads main.ts (through tsx)
  return startWorkerThread(NODE, /\.[cm]?ts$/.test(self) ? join(dirname(self), 'main.ts') : self, data);
}

/** Thrown by {@link ExtractWorker.run} when the worker thread cannot start (the whole run should stop). */
export class WorkerStartError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'WorkerStartError';
  }
}

/**
 * One extraction worker thread: `run(path)` resolves with the file's features or rejects with its error.
 * Up to {@link ExtractWorker.depth} files may be in flight at once, so the thread reads the next file
 * while it computes the current one and never waits for the main thread between files.
 */
export class ExtractWorker {
  /** Files in flight per worker. */
  static readonly depth = 2;
  private worker: Worker | undefined;
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: (fv: FeatureVector) => void; reject: (e: Error) => void }>();

  /**
   * @param set - feature set name
   * @param sr - decoding sample rate (Hz)
   */
  constructor(
    private readonly set: string,
    private readonly sr: number,
  ) {}

  private ensure(): Worker {
    if (this.worker) return this.worker;
    const w = startWorker(this.set, this.sr);
    const fail = (e: Error) => {
      if (this.worker === w) this.worker = undefined;
      const all = [...this.pending.values()];
      this.pending.clear();
      for (const p of all) p.reject(e);
    };
    w.on('message', (m: FromWorker) => {
      if (m.type === 'fatal') {
        fail(new WorkerStartError(`extraction worker failed to start: ${m.message}`));
        void w.terminate();
        return;
      }
      const p = this.pending.get(m.id);
      if (!p) return;
      this.pending.delete(m.id);
      if (m.type === 'result') p.resolve({ names: m.names, values: m.values });
      else p.reject(new Error(m.message));
    });
    w.on('error', (e) => fail(new Error(`extraction worker crashed: ${errorMessage(e)}`)));
    w.on('exit', (code) => fail(new Error(`extraction worker exited with code ${code}`)));
    this.worker = w;
    return w;
  }

  /** Extracts one file in the worker; a crashed worker is restarted on the next call. */
  run(path: string): Promise<FeatureVector> {
    if (this.pending.size >= ExtractWorker.depth) return Promise.reject(new Error(`ExtractWorker runs at most ${ExtractWorker.depth} files at a time`));
    let w: Worker;
    try {
      w = this.ensure();
    } catch (e) {
      return Promise.reject(e instanceof Error ? e : new Error(String(e)));
    }
    const id = this.nextId++;
    return new Promise<FeatureVector>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      w.postMessage({ id, path } satisfies ToWorker);
    });
  }

  /** Stops the worker thread. */
  async close(): Promise<void> {
    const w = this.worker;
    this.worker = undefined;
    if (w) await w.terminate();
  }
}
