/**
 * `mirkit extract` runs in a child Node process started with V8's single-threaded garbage
 * collection. V8's concurrent marking threads otherwise compete with the extraction workers for the
 * cores: on this project's 2-core machine `mirkit extract --workers 2` went from 7.3 to 10.2 files per
 * second (1.50x -> 1.84x one worker's rate, which itself went from 4.9 to 5.6;
 * `bench/extract-scaling.ts`). The flag is process-wide and must be set before V8 starts (setting it
 * later from JavaScript crashes V8), and Node does not accept it in `NODE_OPTIONS`, so the command
 * starts itself again with it. The child also gets glibc's malloc settings for a batch job
 * ({@link extractMallocEnv}). Only the command's own process is tuned: the library never sets V8 flags
 * or allocator settings.
 */
import { spawn } from 'node:child_process';

/** The V8 flag `mirkit extract` runs under. */
export const EXTRACT_V8_FLAG = '--single-threaded-gc';

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
 * {@link EXTRACT_V8_FLAG}) and this process's environment with {@link extractMallocEnv}, its standard
 * streams this process's, and resolves to its exit code
 * (128 + the signal's number where a signal ended it). Ctrl-C reaches the child from the terminal
 * (the same process group), so this process ignores SIGINT and leaves it to the child (which stops
 * taking files at the first, and leaves at the second); SIGTERM and SIGHUP are passed on.
 */
export function rerunWithGcFlag(script: string, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, EXTRACT_V8_FLAG, script, ...args], {
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
