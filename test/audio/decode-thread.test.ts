import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { decodeAll, decodeInHalves } from '../../src/audio/decoders.js';
import { decodeTailInThread, decodeThreadReady, decodeThreadRuns, warmDecodeThread } from '../../src/audio/decode-thread.js';
import { loadAudio } from '../../src/audio/index.js';
import { FIXTURES_DIR, describeShared } from '../helpers/shared.js';

const FILES = [
  ['mp3', 'fma-000002.mp3', '@audio/decode-mp3'],
  ['oga', 'librosa-choice.hq.ogg', '@audio/decode-vorbis'],
] as const;

const bytesOf = (file: string) => new Uint8Array(readFileSync(join(FIXTURES_DIR, 'originals', file)));
const opener = async (pkg: string) => {
  const mod = (await import(pkg)) as unknown as { decoder(): Promise<{ free(): void }> };
  return () => mod.decoder();
};

/** Waits (up to 30 s) for the decode thread to have loaded `format`'s codec; false where no thread runs. */
async function ready(format: 'mp3' | 'oga'): Promise<boolean> {
  for (let i = 0; i < 300; i++) {
    if (!(await decodeThreadRuns())) return false;
    warmDecodeThread(format);
    if (decodeThreadReady(format)) return true;
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`the decode thread did not load the ${format} codec in 30 s`);
}

function sameBits(a: Float32Array, b: Float32Array): boolean {
  return a.length === b.length && Buffer.from(a.buffer, a.byteOffset, a.byteLength).equals(Buffer.from(b.buffer, b.byteOffset, b.byteLength));
}

it('rejects a thread count other than 1 or 2', async () => {
  await expect(loadAudio(new Uint8Array(8), { threads: 3 as 2 })).rejects.toMatchObject({ code: 'BAD_OPTION' });
});

describeShared('the decode thread', () => {
  it('decodes the first file of a format whole, then readies the thread for the next', async () => {
    if (!(await decodeThreadRuns())) return;
    const bytes = bytesOf('librosa-choice.hq.ogg');
    // a fresh thread: stop the running one (no answer within 1 ms)
    expect(await decodeTailInThread('oga', bytes, 1 << 30, 1)).toBeNull();
    expect(decodeThreadReady('oga')).toBe(false);
    expect(await decodeInHalves('oga', bytes, await opener('@audio/decode-vorbis'), 60_000)).toBe('later');
    const whole = await decodeAll('oga', bytes, true, 2); // decoded whole, then the thread is readied
    expect(whole.mixed).toBe(true);
    expect(await ready('oga')).toBe(true);
  });

  it('runs here (Node, main thread of the test worker process or not, two cores)', async () => {
    // vitest runs test files in worker threads or child processes: the thread starts on the main thread only
    const { isMainThread } = await import('node:worker_threads');
    const { availableParallelism } = await import('node:os');
    expect(await decodeThreadRuns()).toBe(isMainThread && availableParallelism() >= 2);
  });

  for (const [format, file, pkg] of FILES) {
    it(`decodes ${file} in two halves to the whole decode's mono mix, bit for bit`, async () => {
      const bytes = bytesOf(file);
      const whole = await decodeAll(format, bytes, true, 1);
      expect(whole.mixed).toBe(true);
      const runs = await ready(format);
      const halves = await decodeInHalves(format, bytes, await opener(pkg), 60_000);
      if (!runs) {
        expect(halves).toBeNull();
        return;
      }
      if (halves === null || halves === 'later') throw new Error(`not decoded in halves: ${halves}`);
      expect(halves.sampleRate).toBe(whole.sampleRate);
      expect(sameBits(halves.channelData[0], whole.channelData[0])).toBe(true);
    });

    it(`loads ${file} the same with threads 1 and 2`, async () => {
      const bytes = bytesOf(file);
      await ready(format);
      for (const sr of [22050, null]) {
        const one = await loadAudio(bytes, { sr, threads: 1 });
        const two = await loadAudio(bytes, { sr });
        expect(two.sr).toBe(one.sr);
        expect(sameBits(two.y, one.y)).toBe(true);
      }
    });
  }

  it('decodes the second half here when the thread does not answer in time, and starts a new thread for the next file', async () => {
    if (!(await ready('mp3'))) return;
    const bytes = bytesOf('fma-000002.mp3');
    // 1 ms: no answer in time; the thread is stopped and the job answered with null
    expect(await decodeTailInThread('mp3', bytes, 600_000, 1)).toBeNull();
    const whole = await decodeAll('mp3', bytes, true, 1);
    const tail = await decodeTailInThread('mp3', bytes, 600_000, 60_000);
    expect(tail).not.toBeNull();
    expect(sameBits(tail!.samples, whole.channelData[0].subarray(600_000))).toBe(true);
  });

  it("writes a tail into the caller's array through shared memory, file after file", async () => {
    if (!(await ready('oga'))) return;
    const bytes = bytesOf('librosa-choice.hq.ogg');
    const whole = await decodeAll('oga', bytes, true, 1);
    const n = whole.channelData[0].length;
    const start = 500_000;
    for (let round = 0; round < 2; round++) {
      const into = new Float32Array(n + 16384).fill(7);
      const tail = await decodeTailInThread('oga', bytes, start, 60_000, into);
      expect(tail?.samples.buffer).toBe(into.buffer); // written in place, not handed over
      expect(tail?.samples.byteOffset).toBe(4 * start);
      expect(sameBits(tail!.samples, whole.channelData[0].subarray(start))).toBe(true);
      expect(into[start - 1]).toBe(7); // nothing before the tail is touched
    }
    // an array with no room past the start: the tail comes back as an array of its own
    const tail = await decodeTailInThread('oga', bytes, start, 60_000, new Float32Array(start));
    expect(sameBits(tail!.samples, whole.channelData[0].subarray(start))).toBe(true);
  });

  it('does not split a file shorter than 4 s', async () => {
    if (!(await ready('mp3'))) return;
    const { mp3Layout } = await import('../../src/audio/mp3-frames.js');
    const bytes = bytesOf('fma-000002.mp3');
    // the first 100 audio frames (2.6 s) after the tag, without the Info frame
    const layout = mp3Layout(bytes)!;
    const short = bytes.subarray(0, layout.offsets[100]);
    expect(await decodeInHalves('mp3', short, await opener('@audio/decode-mp3'), 60_000)).toBeNull();
    expect(await decodeInHalves('mp3', bytes, await opener('@audio/decode-mp3'), 60_000)).not.toBeNull();
  });
});
