import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { BUSY_CORES_V8_FLAG, EXTRACT_V8_FLAG, extractMallocEnv, extractV8Flags, needsGcReexec } from '../../src/cli/gc-reexec.js';
import { sine, tempDir, writeWav16 } from './helpers.js';

const ROOT = join(import.meta.dirname, '..', '..');
const TSX = join(ROOT, 'node_modules', 'tsx', 'dist', 'esm', 'index.mjs');

describe('mirkit extract under single-threaded garbage collection (src/cli/gc-reexec.ts)', () => {
  it('starts extract again with the flag, once, and no other command', () => {
    expect(needsGcReexec(['extract', 'in', '--set', 'gtzan57'], [])).toBe(true);
    expect(needsGcReexec(['extract', 'in'], ['--import', 'tsx'])).toBe(true);
    expect(needsGcReexec(['extract', 'in'], ['--import', 'tsx', EXTRACT_V8_FLAG])).toBe(false);
    for (const command of ['classify', 'train', 'merge', 'tag', '--help', 'extracts']) expect(needsGcReexec([command, 'x'], [])).toBe(false);
    expect(needsGcReexec([], [])).toBe(false);
  });

  it('compiles on the workers themselves only where they are at least as many as the cores', () => {
    const base = ['extract', 'in', '--set', 'gtzan57', '--out', 'o.csv'];
    const busy = [EXTRACT_V8_FLAG, BUSY_CORES_V8_FLAG];
    expect(extractV8Flags(base, 2)).toEqual(busy); // the default: a worker per core
    expect(extractV8Flags([...base, '--workers', '2'], 2)).toEqual(busy);
    expect(extractV8Flags([...base, '-j', '8'], 2)).toEqual(busy);
    expect(extractV8Flags([...base, '--workers', '1'], 2)).toEqual([EXTRACT_V8_FLAG]);
    expect(extractV8Flags([...base, '-j', '0'], 2)).toEqual([EXTRACT_V8_FLAG]); // the main thread extracts
    expect(extractV8Flags([...base, '-j', '3'], 4)).toEqual([EXTRACT_V8_FLAG]);
    expect(extractV8Flags(['extract', '--workers', 'many'], 2)).toEqual(busy); // the child reports the usage error
  });

  it('tunes glibc malloc for the extracting process unless the user set any of its variables', () => {
    expect(extractMallocEnv({ PATH: '/usr/bin' })).toEqual({
      MALLOC_MMAP_THRESHOLD_: '134217728',
      MALLOC_TRIM_THRESHOLD_: '268435456',
      MALLOC_TOP_PAD_: '67108864',
    });
    for (const k of ['MALLOC_MMAP_THRESHOLD_', 'MALLOC_TRIM_THRESHOLD_', 'MALLOC_TOP_PAD_']) expect(extractMallocEnv({ [k]: '0' })).toEqual({});
    expect(extractMallocEnv({ MALLOC_ARENA_MAX: '2' })).toHaveProperty('MALLOC_MMAP_THRESHOLD_');
  });

  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = tempDir()));
  afterEach(() => cleanup());

  it('passes SIGTERM on to the extracting process and exits 128 + 15 when it ends by it', async () => {
    const input = join(dir, 'in');
    for (let i = 0; i < 400; i++) writeWav16(join(input, `clip${i}.wav`), sine(3, 200 + i, 0.5, 22050), 22050);
    const p = spawn(
      process.execPath,
      ['--import', TSX, join(ROOT, 'src', 'cli', 'main.ts'), 'extract', input, '--set', 'gtzan57', '--out', join(dir, 'out.csv'), '--workers', '1'],
      {
        cwd: dir,
      },
    );
    let stderr = '';
    const status = await new Promise<number | null>((resolve, reject) => {
      p.stderr.on('data', (d) => {
        stderr += d;
        // the first progress line: the child is extracting
        if (/\d+\/400/.test(stderr) && !p.killed) p.kill('SIGTERM');
      });
      p.on('error', reject);
      p.on('close', (code) => resolve(code));
    });
    expect(stderr).toMatch(/\d+\/400/);
    expect(status).toBe(128 + 15);
  }, 120_000);
});
