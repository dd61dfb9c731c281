/**
 * The `mirkit` command line: subcommand dispatch, `--version`, help texts, exit codes and error
 * printing. The commands themselves are declared in `commands/` (one spec object + handler each);
 * `main.ts` calls {@link runCli} with the process's arguments and streams, tests with their own.
 */
import { isMirkitError } from '../errors.js';
import { formatHelp, parseArgs, UsageError } from './args.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, type CliIO, type Command } from './command.js';
import { COMMANDS } from './commands/index.js';
import { errorMessage } from './worker.js';
import pkg from '../../package.json';

export { EXIT_FAILURE, EXIT_INTERRUPTED, EXIT_OK, EXIT_USAGE, type CliIO } from './command.js';

/** The package version `mirkit --version` prints. */
export const VERSION: string = (pkg as { version: string }).version;

function commandNamed(name: string | undefined): Command | undefined {
  return COMMANDS.find((c) => c.name === name);
}

function mainHelp(): string {
  const rows = COMMANDS.map((c) => [c.name, c.summary]);
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  return `mirkit ${VERSION}: music information retrieval from the command line

Usage: mirkit <command> [options]

Commands:
${rows.map(([l, s]) => `  ${l.padEnd(width)}${s}`).join('\n')}

Options:
  -V, --version   print the version
  -h, --help      show this help

Run 'mirkit <command> --help' for a command's options.
Exit status: 0 success, 1 failure, 2 bad arguments, 130 interrupted.
`;
}

/** The help text of a command (generated from its spec), or the general help for `undefined` or an unknown name. */
export function helpText(command?: string): string {
  const c = commandNamed(command);
  return c ? formatHelp(c) : mainHelp();
}

/**
 * Runs the `mirkit` command line and resolves with its exit status (it never calls `process.exit`).
 * Results go to `io.stdout`; errors go to `io.stderr` as one line `mirkit: <message>`
 * (a MirkitError's message as it is).
 *
 * @param argv - the arguments after the program name, e.g. `['extract', 'genres', '--set', 'gtzan57', '--out', 'f.csv']`
 * @param io - streams and injected dependencies, see {@link CliIO}
 * @returns 0 on success, 1 on a runtime failure, 2 on a usage error, 130 when interrupted
 */
export async function runCli(argv: readonly string[], io: CliIO): Promise<number> {
  const [name, ...rest] = argv;
  try {
    switch (name) {
      case undefined:
        io.stderr.write(mainHelp());
        return EXIT_USAGE;
      case '-h':
      case '--help':
      case 'help':
        io.stdout.write(helpText(rest[0]));
        return EXIT_OK;
      case '-V':
      case '--version':
      case 'version':
        io.stdout.write(`${VERSION}\n`);
        return EXIT_OK;
    }
    const command = commandNamed(name);
    if (!command) {
      const code = name.startsWith('-') ? 'UNKNOWN_OPTION' : 'UNKNOWN_COMMAND';
      const what = name.startsWith('-') ? `unknown option ${name}` : `unknown command "${name}"`;
      throw new UsageError(`${what}: use ${COMMANDS.map((c) => c.name).join(', ')} (mirkit --help)`, undefined, code);
    }
    const args = parseArgs(rest, command.options, command.name, command.positionals);
    if (args.help) {
      io.stdout.write(formatHelp(command));
      return EXIT_OK;
    }
    return await command.run(args, io);
  } catch (e) {
    if (e instanceof UsageError) {
      const hint = e.command ? ` (see mirkit ${e.command} --help)` : '';
      io.stderr.write(`mirkit: ${e.message}${hint}\n`);
      return EXIT_USAGE;
    }
    io.stderr.write(`mirkit: ${isMirkitError(e) ? e.message : errorMessage(e)}\n`);
    return EXIT_FAILURE;
  }
}
