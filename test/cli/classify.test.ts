import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { classifyJson, formatClassifyText, runClassify, topGenres } from '../../src/cli/classify.js';
import { runCli } from '../../src/cli/cli.js';
import type { ClassifyFn } from '../../src/cli/lib.js';
import { MirkitError } from '../../src/errors.js';
import { DATA_DIR, HAVE_SHARED, describeShared } from '../helpers/shared.js';
import { capture } from './helpers.js';

const fakeClassify: ClassifyFn = async (path) => {
  if (path.includes('broken')) throw new MirkitError('DECODE_FAILED', `could not decode ${path}: unknown format`);
  return {
    genre: path.includes('rock') ? 'rock' : 'jazz',
    probabilities: path.includes('rock') ? { rock: 0.7, metal: 0.2, blues: 0.06, jazz: 0.04 } : { jazz: 0.5, blues: 0.25, rock: 0.25, metal: 0 },
    model: 'fake',
    windows: 3,
  };
};

describe('runClassify', () => {
  it('classifies each file, keeps going after a failure, lists the top genres', async () => {
    const r = await runClassify({ files: ['a-rock.wav', 'broken.mp3', 'b.wav'], top: 2, classify: fakeClassify });
    expect(r.map((x) => x.file)).toEqual(['a-rock.wav', 'broken.mp3', 'b.wav']);
    expect(r[0].top).toEqual([
      { genre: 'rock', probability: 0.7 },
      { genre: 'metal', probability: 0.2 },
    ]);
    expect(r[1].error).toBe('could not decode broken.mp3: unknown format');
    expect(r[2].top).toEqual([
      { genre: 'jazz', probability: 0.5 },
      { genre: 'blues', probability: 0.25 }, // a tie is broken by name
    ]);
    expect(topGenres({ a: 0.1, b: 0.9 }, 5)).toHaveLength(2);
    expect(formatClassifyText(r)).toBe('a-rock.wav  rock  (rock 0.70, metal 0.20)\nb.wav       jazz  (jazz 0.50, blues 0.25)\n');
    expect(classifyJson(r)[1]).toEqual({ file: 'broken.mp3', error: 'could not decode broken.mp3: unknown format' });
  });

  it('prints text or JSON from the command line; a failed file is a stderr line and exit 1', async () => {
    const stdout = capture();
    const stderr = capture();
    expect(await runCli(['classify', 'x-rock.ogg', '--top', '1'], { stdout, stderr, classify: fakeClassify })).toBe(0);
    expect(stdout.text).toBe('x-rock.ogg  rock  (rock 0.70)\n');
    expect(stderr.text).toBe('');

    const js = capture();
    const err = capture();
    expect(await runCli(['classify', '--json', 'x-rock.ogg', 'broken.wav'], { stdout: js, stderr: err, classify: fakeClassify })).toBe(1);
    const parsed = JSON.parse(js.text);
    expect(parsed).toEqual([
      {
        file: 'x-rock.ogg',
        genre: 'rock',
        top: [
          { genre: 'rock', probability: 0.7 },
          { genre: 'metal', probability: 0.2 },
          { genre: 'blues', probability: 0.06 },
        ],
        probabilities: { rock: 0.7, metal: 0.2, blues: 0.06, jazz: 0.04 },
        model: 'fake',
        windows: 3,
      },
      { file: 'broken.wav', error: 'could not decode broken.wav: unknown format' },
    ]);
    expect(err.text).toBe('mirkit: broken.wav: could not decode broken.wav: unknown format\n');
  });
});

// The bundled model through the package's classify, on a real GTZAN clip.
const lib = (await import('../../src/index.js').catch(() => ({}))) as Record<string, unknown>;
const haveClassify = typeof lib.classify === 'function';

describeShared('mirkit classify with the bundled model', () => {
  (HAVE_SHARED && haveClassify ? it : it.todo)('names one of the GTZAN genres for a real clip, probabilities summing to 1', async () => {
    const stdout = capture();
    const stderr = capture();
    const file = join(DATA_DIR, 'gtzan', 'audio', 'metal', 'metal.00000.flac');
    expect(await runCli(['classify', '--json', '--top', '10', file], { stdout, stderr })).toBe(0);
    const [r] = JSON.parse(stdout.text);
    expect(['blues', 'classical', 'country', 'disco', 'hiphop', 'jazz', 'metal', 'pop', 'reggae', 'rock']).toContain(r.genre);
    const total = Object.values(r.probabilities as Record<string, number>).reduce((a, b) => a + b, 0);
    expect(total).toBeCloseTo(1, 6);
    expect(r.top[0].genre).toBe(r.genre);
    expect(typeof r.model).toBe('string');
  });
});

describe('mirkit classify --model', () => {
  it('classifies with a saved neural (MLP) genre model, as mirkit train saves it', async () => {
    const { writeFileSync } = await import('node:fs');
    const { savedMlpGenreModel } = await import('../helpers/models.js');
    const { sine, tempDir, writeWav16 } = await import('./helpers.js');
    const { dir, cleanup } = tempDir();
    try {
      const model = join(dir, 'mlp.json');
      writeFileSync(model, JSON.stringify(savedMlpGenreModel()));
      const wav = join(dir, 'clip.wav');
      writeWav16(wav, sine(2, 440, 0.5, 22050), 22050);
      const stdout = capture();
      const stderr = capture();
      expect(await runCli(['classify', wav, '--model', model, '--json'], { stdout, stderr })).toBe(0);
      expect(stderr.text).toBe('');
      const [r] = JSON.parse(stdout.text);
      expect(r).toMatchObject({ genre: 'a', model: 'hand-mlp' });
      expect(r.probabilities.a).toBeCloseTo(0.75, 5);
      const bad = capture();
      expect(await runCli(['classify', wav, '--model', join(dir, 'none.json')], { stdout: capture(), stderr: bad })).toBe(1);
      expect(bad.text).toMatch(/^mirkit: cannot read the model/);
      // a JSON object that is no model: reported once, as the model's fault, before any audio is read
      const notModel = join(dir, 'config.json');
      writeFileSync(notModel, '{"format":"mirkit-model"}');
      const wrong = capture();
      const out = capture();
      expect(await runCli(['classify', wav, join(dir, 'missing.wav'), '--model', notModel], { stdout: out, stderr: wrong })).toBe(1);
      expect(wrong.text).toBe(`mirkit: the model ${notModel}: mirkit model JSON has no type\n`);
      expect(out.text).toBe('');
    } finally {
      cleanup();
    }
  }, 60_000);
});
