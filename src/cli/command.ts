/**
 * What one `mirkit` command is: a name, its typed option spec (from which both parsing and `--help`
 * come, see `args.ts`) and the handler that runs it. Adding a command is one file in `commands/`
 * exporting a {@link Command} and one line in `commands/index.ts`.
 */
import type { OptionsSpec, ParsedArgs, PositionalSpec } from './args.js';
import type { ClassifierLib, ClassifyFn, FeatureVector } from './lib.js';
import type { ProgressStream } from './progress.js';

/** Exit status: success. */
export const EXIT_OK = 0;
/** Exit status: the command ran and failed (a file could not be read, a model could not be built, ...). */
export const EXIT_FAILURE = 1;
/** Exit status: bad arguments. */
export const EXIT_USAGE = 2;
/** Exit status after an interrupt (Ctrl-C), as shells report SIGINT. */
export const EXIT_INTERRUPTED = 130;

/**
 * Writes `mirkit: FILE: ERROR` on stderr for each per-file failure and returns the exit status of
 * a batch command: {@link EXIT_FAILURE} when any file failed, else {@link EXIT_OK}.
 */
export function reportFileErrors(results: ReadonlyArray<{ file: string; error?: string }>, io: Pick<CliIO, 'stderr'>): number {
  let status = EXIT_OK;
  for (const r of results) {
    if (r.error !== undefined) {
      io.stderr.write(`mirkit: ${r.file}: ${r.error}\n`);
      status = EXIT_FAILURE;
    }
  }
  return status;
}

/** Streams and injected dependencies of one `runCli` call. */
export interface CliIO {
  /** Results (tables, JSON). */
  stdout: { write(text: string): unknown };
  /** Errors and progress. */
  stderr: ProgressStream;
  /** Stops a running `extract` (the entry wires it to SIGINT). */
  signal?: AbortSignal;
  /** Injected extractor for `extract` (instead of loadAudio + extractFeatures in workers). */
  extract?: (path: string) => Promise<FeatureVector>;
  /** Injected `classify` for `classify`. */
  classify?: ClassifyFn;
  /** Injected classifier classes for `train`. */
  lib?: ClassifierLib;
  /** Environment for `extract --shard auto` (default `process.env`). */
  env?: Readonly<Record<string, string | undefined>>;
}

/** One `mirkit` command: its declaration and its handler. */
export interface Command<O extends OptionsSpec = OptionsSpec> {
  /** The word after `mirkit`. */
  readonly name: string;
  /** One line for the command list of `mirkit --help`, after the name and positionals. */
  readonly summary: string;
  /** Usage line without the leading `mirkit <name> `, e.g. `<files...> [--json] [--top N]`. */
  readonly usage: string;
  /** Paragraph(s) of `--help` under the usage line. */
  readonly description: string;
  /** Text after the options in `--help` (notes, examples). */
  readonly notes?: string;
  /** The options: the one source of parsing and of the options list in `--help`. */
  readonly options: O;
  /** Bounds on positional arguments. */
  readonly positionals: PositionalSpec;
  /**
   * Runs the command with parsed, checked arguments (never called for `--help`).
   * @returns the exit status
   * @throws UsageError for argument combinations the spec cannot express; MirkitError for runtime failures
   */
  run(args: ParsedArgs<O>, io: CliIO): Promise<number>;
}

/** Declares a command with its options' types inferred (an identity function). */
export function defineCommand<const O extends OptionsSpec>(command: Command<O>): Command<O> {
  return command;
}
