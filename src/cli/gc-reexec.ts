/**
 * `mirkit extract` runs in a child Node process started with V8's single-threaded garbage
 * collection. V8's concurrent marking threads otherwise compete with the extraction workers for the
 * cores: on this project's 2-core machine `mirkit extract --workers 2` went from 7.3 to 10.2 files per
 * second (1.50x -> 1.84x one worker's rate, which itself went from 4.9 to 5.6;
 * `bench/extract-scaling.ts`). The flag is process-wide and must be set before V8 starts (setting it
 * later from JavaScript crashes V8), and Node does not accept it in `NODE_OPTIONS`, so the command
 * starts itself again with it. Only the command's own process is tuned: the library never sets V8 flags.
 */
import { spawn } from 'node:child_process';

/** The V8 flag `mirkit extract` runs under. */
export const EXTRACT_V8_FLAG = '--single-threaded-gc';

/** Whether the command line `args` (after the script) runs `extract` in a process started without {@link EXTRACT_V8_FLAG}. */
export function needsGcReexec(args: readonly string[], execArgv: readonly string[]): boolean {
  return args[0] === 'extract' && !execArgv.includes(EXTRACT_V8_FLAG);
}

/**
 * Runs `script` with `args` in a child Node process (this process's `execArgv` plus
 * {@link EXTRACT_V8_FLAG}), its standard streams this process's, and resolves to its exit code
 * (128 + the signal's number where a signal ended it). Ctrl-C reaches the child from the terminal
 * (the same process group), so this process ignores SIGINT and leaves it to the child (which stops
 * taking files at the first, and leaves at the second); SIGTERM and SIGHUP are passed on.
 */
export function rerunWithGcFlag(script: string, args: readonly string[]): Promise<number> {
  const child = spawn(process.execPath, [...process.execArgv, EXTRACT_V8_FLAG, script, ...args], { stdio: 'inherit' });
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
