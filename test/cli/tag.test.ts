import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runCli } from '../../src/cli/cli.js';
import { tag } from '../../src/tagging/index.js';
import { capture, sine, tempDir, writeWav16 } from './helpers.js';

let dir: string;
let cleanup: () => void;
beforeEach(() => ({ dir, cleanup } = tempDir()));
afterEach(() => cleanup());

function chord(seconds: number, sr: number): Float32Array {
  const a = sine(seconds, 220, 0.3, sr);
  const b = sine(seconds, 277, 0.2, sr);
  return a.map((v, i) => v + b[i]);
}

describe('mirkit tag', () => {
  it('tags each file (text and JSON equal to tag()), reports a clip too short on stderr with exit 1', async () => {
    const ok = join(dir, 'chord.wav');
    const short = join(dir, 'short.wav');
    writeWav16(ok, chord(3.2, 16000), 16000);
    writeWav16(short, chord(1, 16000), 16000);
    const out = capture();
    const err = capture();
    const status = await runCli(['tag', ok, short, '--model', 'MTT_vgg', '--top', '3', '--json'], { stdout: out, stderr: err });
    expect(status).toBe(1);
    expect(err.text).toContain('short.wav');
    const json = JSON.parse(out.text);
    expect(json[1]).toEqual({ file: short, error: expect.stringContaining('2.976') });
    const direct = await tag(ok, { model: 'MTT_vgg', top: 3 });
    expect(json[0].model).toBe('MTT_vgg');
    expect(json[0].top).toEqual(direct.top);
    expect(json[0].probabilities).toEqual(direct.probabilities);
    const text = capture();
    expect(await runCli(['tag', ok, '--model', 'MTT_vgg', '--top', '2'], { stdout: text, stderr: capture() })).toBe(0);
    expect(text.text.trim()).toBe(
      `${ok}  ${direct.top
        .slice(0, 2)
        .map((t) => `${t.tag} ${t.probability.toFixed(2)}`)
        .join(', ')}`,
    );
  });
  it('bad arguments are usage errors (exit 2)', async () => {
    expect(await runCli(['tag'], { stdout: capture(), stderr: capture() })).toBe(2);
    expect(await runCli(['tag', 'x.wav', '--model', 'nope'], { stdout: capture(), stderr: capture() })).toBe(2);
    expect(await runCli(['tag', 'x.wav', '--top', '51'], { stdout: capture(), stderr: capture() })).toBe(2);
  });
});
