/**
 * Typed option specs for the `mirkit` commands, and the one parser and one help formatter that read
 * them: a command declares its options once ({@link OptionsSpec}) and both its argument parsing and its
 * `--help` text come from that declaration, so the two cannot drift apart.
 *
 * Accepted forms: `--name value`, `--name=value`, `-x value` (single-letter alias), boolean flags
 * (`--json`, `--json=false`), `-h`/`--help`, `--` to end options, positional arguments anywhere.
 */

/** Stable codes of {@link UsageError}. */
export type UsageErrorCode =
  /** A flag the command does not declare (`--bogus`, `-z`). */
  | 'UNKNOWN_OPTION'
  /** A command name that does not exist. */
  | 'UNKNOWN_COMMAND'
  /** A required option is absent, or an option is given without its value. */
  | 'MISSING_OPTION'
  /** Too few or too many positional arguments. */
  | 'BAD_ARGUMENTS'
  /** A value of the wrong type, outside its range or choices, or options that exclude each other. */
  | 'BAD_VALUE';

/** A usage error: bad or missing arguments. The command prints it and exits with status 2. */
export class UsageError extends Error {
  /** Stable machine-readable code. */
  readonly code: UsageErrorCode;
  /** The subcommand whose `--help` explains the usage, when known. */
  readonly command?: string;

  /**
   * @param message - what is wrong with the arguments
   * @param command - the subcommand, for the "see mirkit <command> --help" hint
   * @param code - stable code (default `BAD_VALUE`)
   */
  constructor(message: string, command?: string, code: UsageErrorCode = 'BAD_VALUE') {
    super(message);
    this.name = 'UsageError';
    this.code = code;
    if (command !== undefined) this.command = command;
  }
}

/** How one option is read and documented. */
export interface OptionSpec {
  /** Value type: a flag, a string, a number, or an integer. */
  readonly type: 'boolean' | 'string' | 'number' | 'int';
  /** One line for `--help`. */
  readonly description: string;
  /** Placeholder of the value in `--help` (default `VALUE`, `N` for numbers). */
  readonly valueName?: string;
  /** Single-letter alias (`-j`). */
  readonly alias?: string;
  /** Smallest allowed value for `number`/`int`. */
  readonly min?: number;
  /** Largest allowed value for `number`/`int`. */
  readonly max?: number;
  /** Allowed values for `string` (listed in `--help`). */
  readonly choices?: readonly string[];
  /** The option may be given several times; its values are collected in an array. */
  readonly multiple?: boolean;
  /** The command refuses to run without it. */
  readonly required?: boolean;
  /** The default, as `--help` states it (the command applies it). */
  readonly defaultText?: string;
}

/** The options a command accepts, by long name (without `--`). */
export type OptionsSpec = Readonly<Record<string, OptionSpec>>;

/** The value type one option spec yields. */
export type OptionValue<S extends OptionSpec> = S['type'] extends 'boolean'
  ? boolean
  : S['type'] extends 'string'
    ? S['choices'] extends readonly (infer C extends string)[]
      ? C
      : string
    : number;

type Slot<S extends OptionSpec> = S['multiple'] extends true ? OptionValue<S>[] : OptionValue<S>;
type RequiredKeys<O extends OptionsSpec> = { [K in keyof O]: O[K]['required'] extends true ? K : never }[keyof O];

/** Parsed option values of a spec: required options present, the others optional. */
export type OptionValues<O extends OptionsSpec> = { [K in RequiredKeys<O>]: Slot<O[K]> } & { [K in Exclude<keyof O, RequiredKeys<O>>]?: Slot<O[K]> };

/** Parsed arguments: typed options, positional arguments in order. */
export interface ParsedArgs<O extends OptionsSpec = OptionsSpec> {
  /** Option values by long name (`true` for flags, an array for `multiple` options). */
  options: OptionValues<O>;
  /** Positional arguments. */
  positionals: string[];
  /** True when `-h` or `--help` was given (required options and positionals are then not checked). */
  help: boolean;
}

/** What a command takes as positional arguments. */
export interface PositionalSpec {
  /** Placeholder in the usage line, e.g. `<files...>`. */
  readonly name: string;
  /** Fewest accepted (default 0). */
  readonly min?: number;
  /** Most accepted (default unbounded). */
  readonly max?: number;
}

/**
 * Parses `argv` (without the node binary, script and subcommand) against `spec`.
 *
 * @param argv - the arguments
 * @param spec - accepted options
 * @param command - subcommand name, for error messages
 * @param positionals - bounds on positional arguments (checked unless `--help` is given)
 * @throws UsageError `UNKNOWN_OPTION`, `MISSING_OPTION` (absent required option or value), `BAD_VALUE`
 *   (type, range, choices) or `BAD_ARGUMENTS` (positional count)
 */
export function parseArgs<O extends OptionsSpec>(argv: readonly string[], spec: O, command?: string, positionals?: PositionalSpec): ParsedArgs<O> {
  const options: Record<string, string | number | boolean | (string | number | boolean)[]> = {};
  const rest: string[] = [];
  let help = false;
  const aliases = new Map<string, string>();
  for (const [name, s] of Object.entries(spec)) if (s.alias) aliases.set(s.alias, name);
  const where = command ? ` for ${command}` : '';

  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      rest.push(...argv.slice(i + 1));
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
      if (!long) throw new UsageError(`unknown option ${arg}${where}`, command, 'UNKNOWN_OPTION');
      name = long;
    } else {
      rest.push(arg);
      continue;
    }
    const s = Object.prototype.hasOwnProperty.call(spec, name) ? spec[name] : undefined;
    if (!s) throw new UsageError(`unknown option --${name}${where}`, command, 'UNKNOWN_OPTION');
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
          throw new UsageError(`--${name} needs a value`, command, 'MISSING_OPTION');
        }
        raw = argv[++i];
      }
      value = convert(name, raw, s, command);
    }
    if (s.multiple) {
      const prev = options[name];
      options[name] = [...(Array.isArray(prev) ? prev : []), value];
    } else {
      options[name] = value;
    }
  }
  if (!help) {
    for (const [name, s] of Object.entries(spec)) {
      if (s.required && options[name] === undefined) throw new UsageError(`${command ?? 'this command'} needs --${name}`, command, 'MISSING_OPTION');
    }
    if (positionals) {
      const min = positionals.min ?? 0;
      const max = positionals.max ?? Infinity;
      if (rest.length < min) throw new UsageError(`${command ?? 'this command'} needs ${positionals.name}`, command, 'BAD_ARGUMENTS');
      if (rest.length > max)
        throw new UsageError(
          `${command ?? 'this command'} takes ${max === 0 ? 'no positional arguments' : `at most ${max} of ${positionals.name}`}, got "${rest[max]}"`,
          command,
          'BAD_ARGUMENTS',
        );
    }
  }
  return { options: options as OptionValues<O>, positionals: rest, help };
}

function convert(name: string, raw: string, s: OptionSpec, command?: string): string | number {
  if (s.type === 'string') {
    if (s.choices && !s.choices.includes(raw)) throw new UsageError(`--${name} must be one of ${s.choices.join(', ')}, got "${raw}"`, command);
    // an empty path or name ('' from a shell variable that is not set) is a usage error, before any file is touched
    if (raw === '') throw new UsageError(`--${name} needs a non-empty value`, command, 'MISSING_OPTION');
    return raw;
  }
  // decimal numbers only ('0x2', ' 2 ' and '1_0' are not what a user meant to type)
  const v = /^[+-]?(\d+\.?\d*|\.\d+)(e[+-]?\d+)?$/i.test(raw) ? Number(raw) : NaN;
  if (!Number.isFinite(v)) throw new UsageError(`--${name} must be a number, got "${raw}"`, command);
  if (s.type === 'int' && !Number.isInteger(v)) throw new UsageError(`--${name} must be an integer, got "${raw}"`, command);
  if (s.min !== undefined && v < s.min) throw new UsageError(`--${name} must be at least ${s.min}, got ${raw}`, command);
  if (s.max !== undefined && v > s.max) throw new UsageError(`--${name} must be at most ${s.max}, got ${raw}`, command);
  return v;
}

/** The text a spec gives one option in `--help`: `-o, --out FILE`. */
function optionLabel(name: string, s: OptionSpec): string {
  const value = s.type === 'boolean' ? '' : ` ${s.valueName ?? (s.type === 'string' ? 'VALUE' : 'N')}`;
  return `${s.alias ? `-${s.alias}, ` : ''}--${name}${value}`;
}

/** The help text of a command, generated from its declaration. */
export interface HelpSpec {
  /** Usage line after `Usage: ` (e.g. `mirkit extract <inputs...> --set NAME --out FILE [options]`). */
  readonly usage: string;
  /** Paragraph(s) under the usage line. */
  readonly description: string;
  /** The options. */
  readonly options: OptionsSpec;
  /** Text after the options list (examples, notes), if any. */
  readonly notes?: string;
}

/**
 * Formats a command's `--help` from its spec: usage line, description, one line per option (with its
 * choices, range, default and whether it is required), `-h, --help`, then the notes.
 */
export function formatHelp(h: HelpSpec): string {
  const rows: [string, string][] = Object.entries(h.options).map(([name, s]) => {
    const extra: string[] = [];
    if (s.choices) extra.push(`one of: ${s.choices.join(', ')}`);
    if (s.min !== undefined && s.max !== undefined) extra.push(`${s.min} to ${s.max}`);
    if (s.defaultText !== undefined) extra.push(`default ${s.defaultText}`);
    if (s.multiple) extra.push('may be repeated');
    if (s.required) extra.push('required');
    return [optionLabel(name, s), extra.length ? `${s.description} (${extra.join('; ')})` : s.description];
  });
  rows.push(['-h, --help', 'show this help']);
  const width = Math.max(...rows.map(([l]) => l.length)) + 2;
  const lines = rows.map(([l, d]) => `  ${l.padEnd(width)}${d}`);
  let text = `Usage: ${h.usage}\n\n${h.description.trimEnd()}\n\nOptions:\n${lines.join('\n')}\n`;
  if (h.notes) text += `\n${h.notes.trimEnd()}\n`;
  return text;
}
