/**
 * Corrupt-file corpus (issue #9): from real files (an MP3, an OGG/Vorbis, a WAV from
 * ../shared/fixtures/originals and a GTZAN FLAC), in memory: truncations at every 10 %, random byte
 * flips, wrong headers. Through `loadAudio` and `classify`, every file either decodes to finite
 * samples (a valid result) or fails with `MirkitError('DECODE_FAILED')` (`EMPTY_INPUT` where the
 * container is valid but holds no samples); nothing else escapes and no call hangs (each is bounded
 * by `timeoutMs` and a wall-clock check).
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import { loadAudio } from '../../src/audio/load.js';
import { DATA_DIR, describeShared, FIXTURES_DIR } from '../helpers/shared.js';
import { rng } from './util.js';
import { HAVE_WEIGHTS, genreModules } from './weights.js';

const SOURCES = [
  { fmt: 'mp3', path: join(FIXTURES_DIR, 'originals', 'fma-000002.mp3') },
  { fmt: 'ogg', path: join(FIXTURES_DIR, 'originals', 'librosa-brahms.hq.ogg') },
  { fmt: 'wav', path: join(FIXTURES_DIR, 'originals', 'ballroom-waltz-105901.wav') },
  { fmt: 'flac', path: join(DATA_DIR, 'gtzan', 'audio', 'blues', 'blues.00000.flac') },
] as const;

/** Decoder time limit per call, and the wall-clock bound checked around each call. */
const TIMEOUT_MS = 30_000;
const WALL_BOUND_MS = TIMEOUT_MS + 15_000;

interface Variant {
  name: string;
  bytes: Uint8Array;
}

/** The corrupt variants of one file, generated in memory (deterministic). */
function corpus(fmt: string, orig: Uint8Array): Variant[] {
  const out: Variant[] = [];
  for (let k = 0; k <= 9; k++) out.push({ name: `truncated at ${k * 10}%`, bytes: orig.slice(0, Math.floor((orig.length * k) / 10)) });
  out.push({ name: 'truncated to 100 bytes', bytes: orig.slice(0, 100) });
  const r = rng(0x5eed + fmt.length);
  const flip = (name: string, count: number, from: number, to: number) => {
    const b = orig.slice();
    for (let i = 0; i < count; i++) b[from + Math.floor(r() * (to - from))] ^= 1 + Math.floor(r() * 255);
    out.push({ name, bytes: b });
  };
  flip('16 byte flips in the first 64 bytes (header)', 16, 0, 64);
  flip('64 byte flips in the first 4 KB', 64, 0, 4096);
  flip('1000 byte flips anywhere', 1000, 0, orig.length);
  flip('1% of bytes flipped', Math.floor(orig.length / 100), 0, orig.length);
  const zeroHead = orig.slice();
  zeroHead.fill(0, 0, 512);
  out.push({ name: 'first 512 bytes zeroed', bytes: zeroHead });
  const wrongMagic = (magic: string) => {
    const b = orig.slice();
    for (let i = 0; i < magic.length; i++) b[i] = magic.charCodeAt(i);
    return b;
  };
  out.push({ name: "magic replaced by 'fLaC'", bytes: wrongMagic('fLaC') });
  out.push({ name: "magic replaced by 'OggS'", bytes: wrongMagic('OggS') });
  out.push({ name: "magic replaced by 'RIFF....WAVE'", bytes: wrongMagic('RIFF\x10\x00\x00\x00WAVEfmt ') });
  out.push({ name: "magic replaced by 'ID3'", bytes: wrongMagic('ID3\x04\x00\x00\x00\x00\x00\x00') });
  const wavHeader = new Uint8Array(
    [...'RIFF']
      .map((c) => c.charCodeAt(0))
      .concat(
        [0xff, 0xff, 0xff, 0x7f],
        [...'WAVE'].map((c) => c.charCodeAt(0)),
      ),
  );
  const prefixed = new Uint8Array(wavHeader.length + orig.length);
  prefixed.set(wavHeader);
  prefixed.set(orig, wavHeader.length);
  out.push({ name: 'a bare RIFF/WAVE header prepended', bytes: prefixed });
  const junk = new Uint8Array(4096);
  for (let i = 0; i < junk.length; i++) junk[i] = Math.floor(r() * 256);
  out.push({ name: '4 KB of random bytes', bytes: junk });
  return out;
}

type Outcome = 'ok' | 'DECODE_FAILED' | 'EMPTY_INPUT';

/** Runs one call under the robustness contract; returns its outcome and wall time. */
async function bounded<T>(what: string, f: () => Promise<T>, check: (r: T) => void): Promise<{ outcome: Outcome; ms: number }> {
  const t0 = performance.now();
  let outcome: Outcome;
  try {
    const r = await f();
    check(r);
    outcome = 'ok';
  } catch (e) {
    if (!(e instanceof MirkitError)) throw new Error(`${what}: a non-MirkitError escaped: ${(e as Error)?.stack ?? String(e)}`);
    if (e.code !== 'DECODE_FAILED' && e.code !== 'EMPTY_INPUT')
      throw new Error(`${what}: MirkitError ${e.code} (${e.message}), expected DECODE_FAILED or EMPTY_INPUT`);
    expect(e.message.length).toBeGreaterThan(15);
    outcome = e.code;
  }
  const ms = performance.now() - t0;
  if (ms > WALL_BOUND_MS) throw new Error(`${what}: took ${ms.toFixed(0)} ms (> ${WALL_BOUND_MS} ms)`);
  return { outcome, ms };
}

const finiteSamples = (r: { y: Float32Array; sr: number }) => {
  expect(r.sr).toBe(22050);
  expect(r.y.length).toBeGreaterThan(0);
  for (let i = 0; i < r.y.length; i++) if (!Number.isFinite(r.y[i])) throw new Error(`sample ${i} = ${r.y[i]}`);
};

describeShared('corrupt-file corpus', () => {
  for (const { fmt, path } of SOURCES) {
    it(`loadAudio on ${fmt}: truncations at every 10%, byte flips, wrong headers -> samples or DECODE_FAILED`, async () => {
      const orig = new Uint8Array(readFileSync(path));
      const tally: Record<string, string[]> = {};
      let slowest = 0;
      for (const v of corpus(fmt, orig)) {
        const { outcome, ms } = await bounded(`${fmt} / ${v.name}`, () => loadAudio(v.bytes, { timeoutMs: TIMEOUT_MS }), finiteSamples);
        (tally[outcome] ??= []).push(v.name);
        slowest = Math.max(slowest, ms);
      }
      // the streaming path (a duration decodes MP3/OGG/FLAC chunk by chunk) and offsets, on part of the corpus
      for (const v of corpus(fmt, orig).filter((_, i) => i % 3 === 0)) {
        await bounded(`${fmt} / ${v.name} / duration 3 s`, () => loadAudio(v.bytes, { duration: 3, timeoutMs: TIMEOUT_MS }), finiteSamples);
        await bounded(`${fmt} / ${v.name} / offset 10 s`, () => loadAudio(v.bytes, { offset: 10, duration: 1, timeoutMs: TIMEOUT_MS }), finiteSamples);
      }
      console.log(
        `${fmt}: ${Object.entries(tally)
          .map(([k, v]) => `${k}=${v.length}`)
          .join(' ')}; slowest call ${slowest.toFixed(0)} ms`,
      );
      // the empty and the 100-byte prefixes can never decode
      expect(tally.DECODE_FAILED).toContain('truncated at 0%');
      expect(tally.DECODE_FAILED).toContain('4 KB of random bytes');
    });
  }

  it('an offset past the end of a valid file -> EMPTY_INPUT; a 1 ms decoder budget -> DECODE_FAILED (timeout), not a hang', async () => {
    const orig = new Uint8Array(readFileSync(SOURCES[0].path));
    const e = await loadAudio(orig, { offset: 3600 }).catch((x: unknown) => x);
    expect(e).toBeInstanceOf(MirkitError);
    expect((e as MirkitError).code).toBe('EMPTY_INPUT');
    const { outcome } = await bounded('1 ms timeout', () => loadAudio(orig, { timeoutMs: 1 }), finiteSamples);
    expect(outcome).toBe('DECODE_FAILED');
  });

  it('a file path to a corrupt file (in os.tmpdir) -> DECODE_FAILED', async () => {
    const { mkdtemp, writeFile, rm } = await import('node:fs/promises');
    const { tmpdir } = await import('node:os');
    const dir = await mkdtemp(join(tmpdir(), 'mirkit-corrupt-'));
    try {
      const orig = new Uint8Array(readFileSync(SOURCES[0].path));
      const p = join(dir, 'half.mp3');
      await writeFile(p, orig.slice(0, 200));
      await bounded('path to 200-byte mp3', () => loadAudio(p, { timeoutMs: TIMEOUT_MS }), finiteSamples);
      const z = join(dir, 'zero.wav');
      await writeFile(z, new Uint8Array(0));
      const { outcome } = await bounded('zero-length file', () => loadAudio(z, { timeoutMs: TIMEOUT_MS }), finiteSamples);
      expect(outcome).toBe('DECODE_FAILED');
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  // classify on a subset of the corpus (each valid decode costs a full feature extraction):
  // per format the 30% and 70% truncations, the header flips, the 1000 flips and the wrong magic.
  it.runIf(HAVE_WEIGHTS)(
    'classify on corrupt files -> a valid result or DECODE_FAILED / EMPTY_INPUT',
    async () => {
      const { classify } = await genreModules();
      const pick = new Set([
        'truncated at 30%',
        'truncated at 70%',
        'truncated to 100 bytes',
        '16 byte flips in the first 64 bytes (header)',
        '1000 byte flips anywhere',
        "magic replaced by 'fLaC'",
      ]);
      const tally: Record<string, number> = {};
      for (const { fmt, path } of SOURCES) {
        const orig = new Uint8Array(readFileSync(path));
        for (const v of corpus(fmt, orig).filter((c) => pick.has(c.name))) {
          const { outcome } = await bounded(
            `classify ${fmt} / ${v.name}`,
            () => classify(v.bytes),
            (r) => {
              let sum = 0;
              for (const p of Object.values(r.probabilities)) {
                expect(Number.isFinite(p)).toBe(true);
                sum += p;
              }
              expect(sum).toBeCloseTo(1, 6);
              expect(r.probabilities).toHaveProperty(r.genre);
            },
          );
          tally[outcome] = (tally[outcome] ?? 0) + 1;
        }
      }
      console.log(`classify on corrupt files: ${JSON.stringify(tally)}`);
    },
    600_000,
  );
});
