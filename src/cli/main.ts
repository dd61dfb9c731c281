#!/usr/bin/env node
/**
 * Entry of the `mirkit` command (built as `dist/cli.js` and `dist/cli.cjs`). The same file is the
 * entry of `mirkit extract`'s worker threads: with extraction `workerData` it serves files instead of
 * reading the command line.
 *
 * @module
 */
import { fileURLToPath } from 'node:url';
import { isMainThread, workerData } from 'node:worker_threads';
import { runCli } from './cli.js';
import { needsGcReexec, rerunWithGcFlag } from './gc-reexec.js';
import { isExtractWorkerData, runExtractWorker } from './worker.js';

if (!isMainThread && isExtractWorkerData(workerData)) {
  runExtractWorker();
} else if (needsGcReexec(process.argv.slice(2), process.execArgv)) {
  // `extract` runs under single-threaded garbage collection, in a child process started with it
  rerunWithGcFlag(fileURLToPath(import.meta.url), process.argv.slice(2)).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`mirkit: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
} else {
  const controller = new AbortController();
  let interrupts = 0;
  process.on('SIGINT', () => {
    // First Ctrl-C: stop taking files, keep what is written. Second: leave at once.
    if (++interrupts > 1) process.exit(130);
    controller.abort();
  });
  runCli(process.argv.slice(2), { stdout: process.stdout, stderr: process.stderr, signal: controller.signal }).then(
    (code) => {
      process.exitCode = code;
    },
    (e: unknown) => {
      process.stderr.write(`mirkit: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exitCode = 1;
    },
  );
}
