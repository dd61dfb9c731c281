/**
 * Every code block of README.md runs: the ```ts blocks (each must be marked `<!-- runnable ... -->`)
 * are executed with tsx, `'mirkit'` mapped to src/index.ts, in a folder holding the files they
 * name (song.mp3, features_30_sec.csv from ../shared); the shell blocks name only npm scripts and
 * example files that exist.
 */
import { execFile } from 'node:child_process';
import { copyFileSync, existsSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { COMMANDS } from '../../src/cli/commands/index.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DATA_DIR, describeShared, FIXTURES_DIR } from '../helpers/shared.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');
const readme = readFileSync(join(root, 'README.md'), 'utf8');

interface Block {
  lang: string;
  code: string;
  runnable: boolean;
  line: number;
}

/** The fenced code blocks of a markdown text, with whether an `<!-- runnable` comment precedes each. */
function codeBlocks(md: string): Block[] {
  const lines = md.split('\n');
  const out: Block[] = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\w*)/.exec(lines[i]);
    if (!open) continue;
    const start = i;
    const body: string[] = [];
    for (i++; i < lines.length && !lines[i].startsWith('```'); i++) body.push(lines[i]);
    let prev = start - 1;
    while (prev >= 0 && lines[prev].trim() === '') prev--;
    out.push({ lang: open[1], code: body.join('\n'), runnable: prev >= 0 && lines[prev].startsWith('<!-- runnable'), line: start + 1 });
  }
  return out;
}

const blocks = codeBlocks(readme);
const tsBlocks = blocks.filter((b) => b.lang === 'ts');

describe('README.md', () => {
  it('keeps the two fresh-machine commands exactly', () => {
    expect(readme).toContain('```sh\nnpm ci && npm run demo\n```');
    expect(readme).toContain('```sh\nnpm ci && npm test\n```');
  });

  it('marks every TypeScript block runnable (so every one is run below)', () => {
    expect(tsBlocks.length).toBeGreaterThanOrEqual(2);
    expect(tsBlocks.filter((b) => !b.runnable).map((b) => `README.md:${b.line}`)).toEqual([]);
  });

  it('names only npm scripts, example files and CLI commands that exist', () => {
    const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { scripts: Record<string, string>; bin: Record<string, string> };
    for (const [, script] of readme.matchAll(/npm run ([\w:-]+)/g)) expect(pkg.scripts, `npm run ${script}`).toHaveProperty([script]);
    for (const [, file] of readme.matchAll(/(examples\/[\w/.-]+\.(?:ts|js|html))/g)) expect(existsSync(join(root, file)), file).toBe(true);
    for (const [, name] of readme.matchAll(/`([\w-]+\.ts)` \|/g)) expect(existsSync(join(root, 'examples', name)), name).toBe(true);
    expect(pkg.bin).toHaveProperty('mirkit');
    // every `npx mirkit <command> ... --option` line names a declared command and its declared options
    for (const [line, cmd] of readme.matchAll(/npx mirkit (\w+)[^\n]*/g)) {
      const command = COMMANDS.find((c) => c.name === cmd);
      expect(command, `README: ${line}`).toBeDefined();
      for (const [, opt] of line.replace(/#.*/, '').matchAll(/ --([\w-]+)/g))
        expect(Object.keys(command!.options).concat('help'), `README: ${line}`).toContain(opt);
    }
    expect(existsSync(join(root, 'docs')) || readme.includes('docs/model-card.md')).toBe(true);
  });
});

describeShared('README.md TypeScript blocks', () => {
  let tmp = '';
  beforeAll(() => {
    tmp = mkdtempSync(join(tmpdir(), 'mirkit-readme-'));
    copyFileSync(join(FIXTURES_DIR, 'originals', 'fma-000002.mp3'), join(tmp, 'song.mp3'));
    copyFileSync(join(DATA_DIR, 'gtzan', 'features_30_sec.csv'), join(tmp, 'features_30_sec.csv'));
    symlinkSync(join(DATA_DIR, 'fma', 'vggish'), join(tmp, 'vggish'), 'dir');
  });
  afterAll(() => {
    if (tmp) rmSync(tmp, { recursive: true, force: true });
  });
  const src = pathToFileURL(join(root, 'src', 'index.ts')).href;
  const tsx = join(root, 'node_modules', '.bin', 'tsx');

  const expected: RegExp[] = [/^MFCC 20x\d+, Tonnetz 6x\d+\n\w+ \(\d+%\)\n$/, /^5-fold accuracy 0\.\d{3}, macro F1 0\.\d{3}\n\w+\n$/];
  tsBlocks.forEach((block, i) => {
    it(`runs the block at README.md:${block.line}`, async () => {
      expect(block.code).toMatch(/from 'mirkit'/);
      const file = join(tmp, `block-${i}.mts`);
      writeFileSync(file, block.code.replaceAll("from 'mirkit'", `from ${JSON.stringify(src)}`));
      const { stdout } = await promisify(execFile)(tsx, [file], { cwd: tmp, timeout: 840_000, maxBuffer: 16 << 20 });
      if (expected[i]) expect(stdout).toMatch(expected[i]);
      if (i === 1) expect(Number(/accuracy (0\.\d+)/.exec(stdout)![1])).toBeGreaterThan(0.6);
    }, 900_000);
  });
});
