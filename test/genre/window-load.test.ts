import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { loadWindows } from '../../src/genre/window-load.js';
import { analysisWindows, classify } from '../../src/genre/classify.js';
import { loadAudio } from '../../src/audio/index.js';
import { mp3Layout } from '../../src/audio/mp3-frames.js';
import { FIXTURES_DIR, describeShared } from '../helpers/shared.js';

const SR = 22050;

/** The fixture MP3's audio frames three times over, without its Info frame (835 bytes): 90 s. */
function longMp3(): string {
  const bytes = new Uint8Array(readFileSync(join(FIXTURES_DIR, 'originals', 'fma-000002.mp3')));
  const first = mp3Layout(bytes)?.offsets[0] ?? 0;
  const head = bytes.subarray(0, first - 835);
  const audio = bytes.subarray(first);
  const out = new Uint8Array(head.length + 3 * audio.length);
  out.set(head);
  for (let i = 0; i < 3; i++) out.set(audio, head.length + i * audio.length);
  const path = join(mkdtempSync(join(tmpdir(), 'mirkit-windows-')), 'long.mp3');
  writeFileSync(path, out);
  return path;
}

describeShared('loadWindows', () => {
  it("gives the whole load's windows: same starts and lengths, samples within float32 rounding", async () => {
    const path = longMp3();
    const whole = (await loadAudio(path, { sr: SR })).y;
    const wins = (d: number) => analysisWindows(d, 30, 3);
    const parts = await loadWindows(path, SR, wins, () => true);
    expect(parts).not.toBeNull();
    const want = wins(whole.length / SR);
    expect(parts?.length).toBe(want.length);
    parts?.forEach(({ start, y }, i) => {
      const s0 = Math.round(want[i][0] * SR);
      const s1 = Math.min(whole.length, Math.round(want[i][1] * SR));
      expect(start).toBe(s0);
      expect(y.length).toBe(s1 - s0);
      let err = 0;
      for (let j = 0; j < y.length; j++) err = Math.max(err, Math.abs(y[j] - whole[s0 + j]));
      expect(err).toBeLessThan(1e-6); // the resampler's blocks differ (2.4e-7 here); its edges stay outside
    });
    // the last window reaches the end of the track (as its slice does)
    expect((parts?.at(-1)?.start ?? 0) + (parts?.at(-1)?.y.length ?? 0)).toBe(whole.length);
  });

  it('is null for a short clip, WAV, an AudioBuffer and a format whose length is not read', async () => {
    const mp3 = join(FIXTURES_DIR, 'originals', 'fma-000002.mp3');
    const wins = (d: number) => analysisWindows(d, 30, 3);
    expect(await loadWindows(mp3, SR, wins, (d) => d >= 60)).toBeNull();
    expect(await loadWindows(join(FIXTURES_DIR, 'originals', 'ballroom-waltz-105901.wav'), SR, wins, () => true)).toBeNull();
    const buffer = { sampleRate: SR, numberOfChannels: 1, getChannelData: () => new Float32Array(SR * 90) };
    expect(await loadWindows(buffer, SR, wins, () => true)).toBeNull();
    expect(await loadWindows(new Uint8Array(100), SR, wins, () => true)).toBeNull();
  });

  it("serves classify on a long track: the whole load's probabilities within 1e-6", async () => {
    const path = longMp3();
    const whole = (await loadAudio(path, { sr: SR })).y;
    const a = await classify(path);
    const b = await classify({ y: whole, sr: SR });
    expect(a.windows.map((w) => [w.start, w.end])).toEqual(b.windows.map((w) => [w.start, w.end]));
    expect(a.genre).toBe(b.genre);
    for (const k of Object.keys(b.probabilities)) expect(Math.abs(a.probabilities[k] - b.probabilities[k])).toBeLessThan(1e-6);
  });
});
