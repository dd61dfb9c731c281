import { shown } from '../util/shown.js';
/**
 * Progress reporting for batch commands: a redrawn bar with rate and time left on a terminal, plain
 * periodic lines otherwise (logs, CI, pipes).
 */

/** Where progress goes: a writable stream such as `process.stderr`. */
export interface ProgressStream {
  /** Writes text. */
  write(text: string): unknown;
  /** True for a terminal: the bar is redrawn in place. */
  isTTY?: boolean;
  /** Terminal width in characters. */
  columns?: number;
}

/** Options of {@link createProgress}. */
export interface ProgressOptions {
  /** Number of items to process. */
  total: number;
  /** Output stream (default: nothing is written). */
  stream?: ProgressStream;
  /** Label at the start of each line (default `'mirkit'`). */
  label?: string;
  /** Clock in milliseconds (default `Date.now`); injectable for tests. */
  now?: () => number;
  /** Minimum milliseconds between two plain lines when the stream is not a terminal (default 10000). */
  lineIntervalMs?: number;
  /** Minimum milliseconds between two redraws of the bar (default 100). */
  redrawIntervalMs?: number;
}

/** A progress reporter, see {@link createProgress}. */
export interface Progress {
  /** Records one finished item (`failed` when it ended in an error). */
  tick(failed?: boolean): void;
  /** Writes the final state (and ends the bar's line). */
  finish(): void;
  /** Items done so far (failed included). */
  readonly done: number;
  /** Items failed so far. */
  readonly failed: number;
}

/** Formats seconds as `m:ss` or `h:mm:ss`. */
export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '--:--';
  const s = Math.round(seconds);
  const h = Math.floor(s / 3600);
  const m = Math.floor((s % 3600) / 60);
  const ss = String(s % 60).padStart(2, '0');
  return h > 0 ? `${h}:${shown(m).padStart(2, '0')}:${ss}` : `${m}:${ss}`;
}

/**
 * Creates a progress reporter for `total` items. On a terminal (`stream.isTTY`) it redraws one line
 * `label [#####-----] 12/100  12%  3.4 files/s  0:26 left  1 failed`; elsewhere it writes that status
 * as a plain line at most every `lineIntervalMs`, and always at the end.
 *
 * @param opts - see {@link ProgressOptions}
 */
export function createProgress(opts: ProgressOptions): Progress {
  const { total, stream } = opts;
  const label = opts.label ?? 'mirkit';
  const now = opts.now ?? Date.now;
  const tty = !!stream?.isTTY;
  const lineInterval = opts.lineIntervalMs ?? 10_000;
  const redrawInterval = opts.redrawIntervalMs ?? 100;
  const start = now();
  let done = 0;
  let failed = 0;
  let last = -Infinity;
  let lastWrittenDone = -1;
  let finished = false;

  const status = (): string => {
    const elapsed = (now() - start) / 1000;
    const rate = elapsed > 0 ? done / elapsed : 0;
    const left = rate > 0 ? (total - done) / rate : NaN;
    const pct = total > 0 ? Math.floor((100 * done) / total) : 100;
    const parts = [`${done}/${total}`, `${shown(pct).padStart(3)}%`, `${rate.toFixed(rate < 10 ? 2 : 1)} files/s`];
    parts.push(done < total ? `${formatDuration(left)} left` : `${formatDuration(elapsed)} total`);
    if (failed > 0) parts.push(`${failed} failed`);
    return parts.join('  ');
  };
  const bar = (): string => {
    const text = status();
    const cols = stream?.columns ?? 80;
    const width = Math.max(10, Math.min(40, cols - label.length - text.length - 6));
    const fill = total > 0 ? Math.round((width * done) / total) : width;
    return `${label} [${'#'.repeat(fill)}${'-'.repeat(width - fill)}] ${text}`;
  };
  const draw = (force: boolean) => {
    if (!stream) return;
    const t = now();
    if (tty) {
      if (!force && t - last < redrawInterval) return;
      last = t;
      stream.write(`\r${bar()}\x1b[K`);
    } else {
      if (!force && t - last < lineInterval) return;
      last = t;
      lastWrittenDone = done;
      stream.write(`${label}: ${status()}\n`);
    }
  };
  if (tty) draw(true);
  else last = start;

  return {
    tick(isFailed = false) {
      done++;
      if (isFailed) failed++;
      draw(tty && done === total);
    },
    finish() {
      if (finished) return;
      finished = true;
      if (!stream) return;
      if (tty) {
        draw(true);
        stream.write('\n');
      } else if (lastWrittenDone !== done) draw(true);
    },
    get done() {
      return done;
    },
    get failed() {
      return failed;
    },
  };
}
