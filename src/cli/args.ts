/**
 * Command-line argument parsing for the `mirkit` command (no dependency): `--name value`,
 * `--name=value`, boolean flags, `-h`/`--help`, `--` to end options, positional arguments.
 */

/** A usage error: bad or missing arguments. The command prints it and exits with status 2. */
export class UsageError extends Error {
  /** The subcommand whose `--help` explains the usage, when known. */
  readonly command?: string;

  /**
   * @param message - what is wrong with the arguments
   * @param command - the subcommand, for the "see mirkit <command> --help" hint
   */
  constructor(message: string, command?: string) {
    super(message);
    this.name = 'UsageError';
    if (command !== undefined) this.command = command;
  }
}

/** How one option is read: a boolean flag, a string, or a number (`int` requires an integer). */
export interface OptionSpec {
  /** Value type. */
  type: 'boolean' | 'string' | 'number' | 'int';
  /** Single-letter alias (`-n`). */
  alias?: string;
  /** Smallest allowed value for `number`/`int`. */
  min?: number;
  /** Allowed values for `string`. */
  choices?: readonly string[];
  /** Options that may be given several times collect their values in an array. */
  multiple?: boolean;
}

/** The options a subcommand accepts, by long name (without `--`). */
export type OptionsSpec = Record<string, OptionSpec>;

/** Parsed arguments: options by long name, positional arguments in order. */
export interface ParsedArgs {
  /** Option values (`true` for flags; an array for `multiple` options). */
  options: Record<string, string | number | boolean | (string | number)[]>;
  /** Positional arguments. */
  positionals: string[];
  /** True when `-h` or `--help` was given. */
  help: boolean;
}

/**
 * Parses `argv` (without the node binary, script and subcommand) against `spec`.
 *
 * @param argv - the arguments
 * @param spec - accepted options
 * @param command - subcommand name, for error messages
 * @throws UsageError for an unknown option, a missing or malformed value, or a value outside `choices`/`min`
 */
export function parseArgs(argv: readonly string[], spec: OptionsSpec, command?: string): ParsedArgs {
  const options: ParsedArgs['options'] = {};
  const positionals: string[] = [];
  let help = false;
  const aliases = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.alias) aliases.set(s.alias, name);
  const where = command ? ` for ${command}` : '';

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (arg === '-h' || arg === '--help') {
      help = true;
      continue;
    }
    let name: string;
    let inline: string | undefined;
    if (arg.startsWith('--')) {
      const eq = arg.indexOf('=');
      name = eq >= 0 ? arg.slice(2, eq) : arg.slice(2);
      if (eq >= 0) inline = arg.slice(eq + 1);
    } else if (arg.length === 2 && arg[0] === '-' && arg[1] !== '-' && !/\d/.test(arg[1])) {
      const long = aliases.get(arg[1]);
      if (!long) throw new UsageError(`unknown option ${arg}${where}`, command);
      name = long;
    } else {
      positionals.push(arg);
      continue;
    }
    const s = spec[name];
    if (!s) throw new UsageError(`unknown option --${name}${where}`, command);
    let value: string | number | boolean;
    if (s.type === 'boolean') {
      if (inline !== undefined) {
        if (inline !== 'true' && inline !== 'false') throw new UsageError(`--${name} is a flag: give it alone (or =true/=false), got "${inline}"`, command);
        value = inline === 'true';
      } else value = true;
    } else {
      let raw = inline;
      if (raw === undefined) {
        if (i + 1 >= argv.length || (argv[i + 1].startsWith('-') && argv[i + 1] !== '-' && !/^-\d/.test(argv[i + 1]))) {
          throw new UsageError(`--${name} needs a value`, command);
        }
        raw = argv[++i];
      }
      value = convert(name, raw, s, command);
    }
    if (s.multiple) {
      const prev = options[name];
      options[name] = [...(Array.isArray(prev) ? prev : []), value as string | number];
    } else {
      options[name] = value;
    }
  }
  return { options, positionals, help };
}

function convert(name: string, raw: string, s: OptionSpec, command?: string): string | number {
  if (s.type === 'string') {
    if (s.choices && !s.choices.includes(raw)) throw new UsageError(`--${name} must be one of ${s.choices.join(', ')}, got "${raw}"`, command);
    return raw;
  }
  const v = raw.trim() === '' ? NaN : Number(raw);
  if (!Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${raw}"`, command);
  if (s.type === 'int' && !Number.isInteger(v)) throw new UsageError(`--${name} must be an integer, got "${raw}"`, command);
  if (s.min !== undefined && v < s.min) throw new UsageError(`--${name} must be at least ${s.min}, got ${raw}`, command);
  return v;
}
