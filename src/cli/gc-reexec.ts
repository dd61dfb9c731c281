/**
 * `mirkit extract` runs in a child Node process started with V8's single-threaded garbage
 * collection. V8's concurrent marking threads otherwise compete with the extraction workers for the
 * cores: on this project's 2-core machine `mirkit extract --workers 2` went from 7.3 to 10.2 files per
 * second (1.50x -> 1.84x one worker's rate, which itself went from 4.9 to 5.6;
 * `bench/extract-scaling.ts`). Where the workers are at least as many as the cores, V8 also compiles
 * optimised code on the thread that needs it instead of on background threads, which otherwise take
 * turns with the busy workers: two workers on two cores did 100 GTZAN clips in 9.9-10.3 s instead of
 * 10.3-11.3 s (the first three files of each worker 1.22-1.33 s instead of 1.41-1.57 s); one worker
 * keeps background compilation (the other core is free for it). The flags are process-wide and must
 * be set before V8 starts (setting them later from JavaScript crashes V8), and Node does not accept
 * them in `NODE_OPTIONS`, so the command starts itself again with them. The child also gets glibc's
 * malloc settings for a batch job ({@link extractMallocEnv}). Only the command's own process is
 * tuned: the library never sets V8 flags or allocator settings.
 */
import { spawn } from 'node:child_process';
import { availableParallelism } from 'node:os';
import { parseArgs } from './args.js';
import { extractCommand } from './commands/extract.js';

/** The V8 flag `mirkit extract` runs under. */
export const EXTRACT_V8_FLAG = '--single-threaded-gc';

/** The V8 flag `mirkit extract` adds where its worker threads are at least as many as the cores. */
export const BUSY_CORES_V8_FLAG = '--no-concurrent-recompilation';

/**
 * The V8 flags for the command line `args` (after the script) of `mirkit extract`:
 * {@link EXTRACT_V8_FLAG}, and {@link BUSY_CORES_V8_FLAG} as well where `--workers` (default: the
 * CPU count) is at least `cores`. Arguments that do not parse count as the default (the child
 * process reports them).
 *
 * @param args - the command line after the script, starting with `extract`
 * @param cores - the cores the workers run on (default `os.availableParallelism()`)
 */
export function extractV8Flags(args: readonly string[], cores: number = availableParallelism()): string[] {
  let workers = cores;
  try {
    const parsed = parseArgs(args.slice(1), extractCommand.options, extractCommand.name, extractCommand.positionals);
    workers = parsed.options.workers ?? cores;
  } catch {
    // a usage error: the child says so
  }
  return workers >= cores ? [EXTRACT_V8_FLAG, BUSY_CORES_V8_FLAG] : [EXTRACT_V8_FLAG];
}

/**
 * glibc malloc settings for the extracting process, unless the user's environment sets any of them:
 * a fixed mmap threshold of 128 MiB, no trimming below 256 MiB and 64 MiB of top padding. Each file's
 * spectrogram-sized buffers (a few MiB each) are then reused from the heap instead of being mapped,
 * faulted in page by page and unmapped again while glibc raises its dynamic threshold file by file: half
 * the page faults of a run, which cost most with two workers (the threads of one process fault under
 * one lock). The extracting process keeps up to a few hundred MiB it has freed for its next files.
 * Other C libraries ignore these variables.
 *
 * @param env - the environment the command runs in
 * @returns the variables to add to it (empty where the user set one of them)
 */
export function extractMallocEnv(env: Readonly<Record<string, string | undefined>>): Record<string, string> {
  const tuning: Record<string, string> = {
    MALLOC_MMAP_THRESHOLD_: String(128 * 2 ** 20),
    MALLOC_TRIM_THRESHOLD_: String(256 * 2 ** 20),
    MALLOC_TOP_PAD_: String(64 * 2 ** 20),
  };
  return Object.keys(tuning).some((k) => env[k] !== undefined) ? {} : tuning;
}

/** Whether the command line `args` (after the script) runs `extract` in a process started without {@link EXTRACT_V8_FLAG}. */
export function needsGcReexec(args: readonly string[], execArgv: readonly string[]): boolean {
  return args[0] === 'extract' && !execArgv.includes(EXTRACT_V8_FLAG);
}

/**
 * Runs `script` with `args` in a child Node process (this process's `execArgv` plus
 * {@link extractV8Flags}) and this process's environment with {@link extractMallocEnv}, its standard
 * streams this process's, and resolves to its exit code
 * (128 + the signal's number where a signal ended it). Ctrl-C reaches the child from the terminal
 * (the same process group), so this process ignores SIGINT and leaves it to the child (which stops
 * taking files at the first, and leaves at the second); SIGTERM and SIGHUP are passed on.
 */
export function rerunWithGcFlag(script: string, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, ...extractV8Flags(args), script, ...args], {
    stdio: 'inherit',
    env: { ...process.env, ...extractMallocEnv(process.env) },
  });
  const ignore = (): void => {};
  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  process.on('SIGINT', ignore);
  process.on('SIGTERM', forward);
  process.on('SIGHUP', forward);
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code, signal) => {
      process.off('SIGINT', ignore);
      process.off('SIGTERM', forward);
      process.off('SIGHUP', forward);
      resolve(code ?? 128 + (signal ? signalNumber(signal) : 0));
    });
  });
}

/** The number of a signal (SIGINT 2, SIGTERM 15, ...), 0 where unknown. */
function signalNumber(signal: NodeJS.Signals): number {
  const numbers: Partial<Record<NodeJS.Signals, number>> = { SIGHUP: 1, SIGINT: 2, SIGQUIT: 3, SIGKILL: 9, SIGTERM: 15 };
  return numbers[signal] ?? 0;
}
