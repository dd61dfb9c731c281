import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseArgs, UsageError } from '../../src/cli/args.js';
import { EXIT_FAILURE, EXIT_OK, EXIT_USAGE, helpText, runCli } from '../../src/cli/cli.js';
import { capture } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');

function io() {
  return { stdout: capture(), stderr: capture() };
}

describe('parseArgs', () => {
  const spec = {
    out: { type: 'string', alias: 'o', description: 'output' },
    workers: { type: 'int', min: 0, max: 64, alias: 'j', description: 'threads' },
    sr: { type: 'number', description: 'rate' },
    json: { type: 'boolean', description: 'as JSON' },
    model: { type: 'string', choices: ['svc', 'knn'], description: 'model' },
    tag: { type: 'string', multiple: true, description: 'tags' },
  } as const;

  it('reads --name value, --name=value, aliases, flags and positionals', () => {
    const a = parseArgs(['a.wav', '--out', 'f.csv', '-j', '3', '--sr=16000', '--json', 'b.wav', '--tag', 'x', '--tag=y'], spec);
    expect(a).toEqual({ options: { out: 'f.csv', workers: 3, sr: 16000, json: true, tag: ['x', 'y'] }, positionals: ['a.wav', 'b.wav'], help: false });
  });

  it('takes everything after -- as positional, and negative numbers as values', () => {
    expect(parseArgs(['--sr', '-5', '--', '--json', '-x'], spec)).toMatchObject({ options: { sr: -5 }, positionals: ['--json', '-x'] });
  });

  it('sees -h and --help anywhere', () => {
    expect(parseArgs(['x', '--help'], spec).help).toBe(true);
    expect(parseArgs(['-h'], spec).help).toBe(true);
  });

  it('rejects unknown options, missing values, bad numbers and choices', () => {
    expect(() => parseArgs(['--nope'], spec, 'extract')).toThrow(/^unknown option --nope for extract$/);
    try {
      parseArgs(['--nope'], spec, 'extract');
    } catch (e) {
      expect(e).toBeInstanceOf(UsageError);
      expect(e).toMatchObject({ code: 'UNKNOWN_OPTION', command: 'extract' });
    }
    expect(() => parseArgs(['-z'], spec)).toThrow(/unknown option -z/);
    expect(() => parseArgs(['--out'], spec)).toThrow(/--out needs a value/);
    expect(() => parseArgs(['--out', '--json'], spec)).toThrow(/--out needs a value/);
    expect(() => parseArgs(['--workers', '2.5'], spec)).toThrow(/integer/);
    expect(() => parseArgs(['--workers', '-1'], spec)).toThrow(/at least 0/);
    expect(() => parseArgs(['--sr', 'fast'], spec)).toThrow(/number/);
    expect(() => parseArgs(['--model', 'tree'], spec)).toThrow(/one of svc, knn/);
    expect(() => parseArgs(['--json=maybe'], spec)).toThrow(/flag/);
    // an empty value (an unset shell variable) is a usage error; --out '' left a stray '.mirkit.json'
    expect(() => parseArgs(['--out', ''], spec)).toThrow(expect.objectContaining({ code: 'MISSING_OPTION', message: '--out needs a non-empty value' }));
    expect(() => parseArgs(['--out='], spec)).toThrow(/non-empty/);
    // decimal numbers only
    for (const raw of ['0x2', ' 2 ', '1_0', '', 'Infinity']) expect(() => parseArgs(['--workers', raw], spec), raw).toThrow(UsageError);
    expect(parseArgs(['--sr', '1.5e4', '--workers', '+3'], spec).options).toMatchObject({ sr: 15000, workers: 3 });
    expect(parseArgs(['--sr', '.5'], spec).options).toMatchObject({ sr: 0.5 });
  });
});

describe('runCli usage', () => {
  it('prints the general help with exit 0, and with exit 2 when no command is given', async () => {
    const a = io();
    expect(await runCli(['--help'], a)).toBe(EXIT_OK);
    expect(a.stdout.text).toContain('Usage: mirkit <command>');
    const b = io();
    expect(await runCli([], b)).toBe(EXIT_USAGE);
    expect(b.stderr.text).toContain('Commands:');
  });

  it.each(['classify', 'extract', 'train'])('%s --help prints its usage and exits 0', async (cmd) => {
    const a = io();
    expect(await runCli([cmd, '--help'], a)).toBe(EXIT_OK);
    expect(a.stdout.text).toBe(helpText(cmd));
    expect(a.stdout.text).toContain(`Usage: mirkit ${cmd}`);
    expect(a.stderr.text).toBe('');
    const b = io();
    expect(await runCli(['help', cmd], b)).toBe(EXIT_OK);
    expect(b.stdout.text).toBe(helpText(cmd));
  });

  it.each([
    [['frobnicate'], /unknown command "frobnicate"/],
    [['extract', 'x.wav', '--out', 'f.csv'], /extract needs --set \(see mirkit extract --help\)/],
    [['extract', 'x.wav', '--set', 'mfcc', '--out', 'f.csv'], /--set must be one of gtzan57, seed/],
    [['extract', '--set', 'gtzan57', '--out', 'f.csv'], /at least one audio file or folder/],
    [['extract', 'x', '--set', 'seed', '--out', 'f.csv', '--workers', 'many'], /--workers must be a number/],
    [['train', '--features', 'f.csv', '--model', 'tree', '--out', 'm.json'], /--model must be one of svc, logreg, forest, boosting, mlp, knn/],
    [['train', '--features', 'f.csv', '--model', 'svc'], /train needs --out/],
    [['train', '--features', 'f.csv', '--model', 'svc', '--out', 'm.json', '--folds', '1'], /--folds must be 0/],
    [['classify'], /at least one audio file/],
    [['classify', 'a.wav', '--top', '0'], /--top must be at least 1/],
  ])('%j is a usage error: one line on stderr, exit 2', async (argv, message) => {
    const a = io();
    expect(await runCli(argv as string[], a)).toBe(EXIT_USAGE);
    expect(a.stderr.text).toMatch(message);
    expect(a.stderr.text.startsWith('mirkit: ')).toBe(true);
    expect(a.stderr.text.trimEnd().split('\n')).toHaveLength(1);
    expect(a.stdout.text).toBe('');
  });

  it('reports a runtime failure (a MirkitError message as it is) with exit 1', async () => {
    const a = io();
    expect(
      await runCli(['extract', '/nonexistent/mirkit-dir', '--set', 'gtzan57', '--out', '/tmp/never.csv', '--workers', '0'], {
        ...a,
        extract: async () => ({ names: [], values: [] }),
      }),
    ).toBe(EXIT_FAILURE);
    expect(a.stderr.text).toBe('mirkit: no such file or folder: /nonexistent/mirkit-dir\n');
  });
});

describe('the mirkit process (src/cli/main.ts under tsx)', () => {
  const run = (...args: string[]) =>
    spawnSync(process.execPath, ['--import', 'tsx', join(ROOT, 'src', 'cli', 'main.ts'), ...args], { cwd: ROOT, encoding: 'utf8', timeout: 60_000 });

  it('exits 0 with help on stdout, 2 with one error line on stderr', () => {
    const ok = run('extract', '--help');
    expect(ok.status).toBe(0);
    expect(ok.stdout).toContain('Usage: mirkit extract');
    const bad = run('train', '--bogus');
    expect(bad.status).toBe(2);
    expect(bad.stderr).toBe('mirkit: unknown option --bogus for train (see mirkit train --help)\n');
    expect(bad.stdout).toBe('');
  });
});

describe('help is generated from the option specs', () => {
  it('lists every option of every command with its alias, choices and default, and every command in the general help', async () => {
    const { COMMANDS } = await import('../../src/cli/commands/index.js');
    for (const c of COMMANDS) {
      const h = helpText(c.name);
      expect(h.startsWith(`Usage: mirkit ${c.name}`)).toBe(true);
      for (const [name, s] of Object.entries(c.options)) {
        const line = h.split('\n').find((l) => l.includes(`--${name}`) && l.includes(s.description));
        expect(line, `--${name} of ${c.name}`).toBeDefined();
        if (s.alias) expect(line).toContain(`-${s.alias}, --${name}`);
        for (const choice of s.choices ?? []) expect(line).toContain(choice);
        if (s.defaultText) expect(line).toContain(`default ${s.defaultText}`);
        // And the parser takes what the help lists.
        const value = s.type === 'boolean' ? [] : [s.choices?.[0] ?? (s.type === 'string' ? 'x' : String(s.min ?? 1))];
        expect(parseArgs([`--${name}`, ...value, '--help'], c.options, c.name).help).toBe(true);
      }
      expect(helpText()).toMatch(new RegExp(`\\n  ${c.name}\\b.*${c.summary.replace(/[()]/g, '.')}`));
    }
  });

  it('mirkit --version prints the package version', async () => {
    const { readFileSync } = await import('node:fs');
    const version = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8')).version as string;
    for (const flag of ['--version', '-V', 'version']) {
      const a = io();
      expect(await runCli([flag], a)).toBe(EXIT_OK);
      expect(a.stdout.text).toBe(`${version}\n`);
    }
  });

  it('an unknown flag or command is a typed usage error', async () => {
    const a = io();
    expect(await runCli(['--bogus'], a)).toBe(EXIT_USAGE);
    expect(a.stderr.text).toMatch(/^mirkit: unknown option --bogus/);
    for (const [argv, code] of [
      [['extract', '--nope'], 'UNKNOWN_OPTION'],
      [['merge', 'a.csv'], 'MISSING_OPTION'],
      [['train', 'x', '--features', 'f', '--model', 'svc', '--out', 'o'], 'BAD_ARGUMENTS'],
    ] as const) {
      const { COMMANDS } = await import('../../src/cli/commands/index.js');
      const c = COMMANDS.find((k) => k.name === argv[0])!;
      expect(() => parseArgs(argv.slice(1), c.options, c.name, c.positionals)).toThrow(expect.objectContaining({ code }));
    }
  });
});
