/**
 * The example page (examples/browser) in headless Chromium: generates the demo clip in the page,
 * classifies it there with the browser bundle, and checks that the genre and probabilities equal
 * Node's `classify({ y, sr })` on the same samples.
 *
 * Needs Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH); without it the test skips with a
 * message, except under CI where it must run (.ci/run installs chromium). Never downloads a browser.
 */
import { execFile } from 'node:child_process';
import { existsSync, mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { closeBrowserTest, describeBrowser, launchChromium } from '../helpers/browser.js';
import { classify, loadAudio, resolveFft } from '../../src/index.js';
import { synthesizeClip } from '../../examples/synth.js';
import { startServer } from '../../examples/browser/serve.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

/** A 16-bit PCM mono WAV file. */
function wav16(y: Float32Array, sr: number): Buffer {
  const b = Buffer.alloc(44 + y.length * 2);
  b.write('RIFF', 0, 'ascii');
  b.writeUInt32LE(36 + y.length * 2, 4);
  b.write('WAVEfmt ', 8, 'ascii');
  b.writeUInt32LE(16, 16);
  b.writeUInt16LE(1, 20);
  b.writeUInt16LE(1, 22);
  b.writeUInt32LE(sr, 24);
  b.writeUInt32LE(sr * 2, 28);
  b.writeUInt16LE(2, 32);
  b.writeUInt16LE(16, 34);
  b.write('data', 36, 'ascii');
  b.writeUInt32LE(y.length * 2, 40);
  for (let i = 0; i < y.length; i++) b.writeInt16LE(Math.max(-32768, Math.min(32767, Math.round(y[i] * 32767))), 44 + 2 * i);
  return b;
}

interface PageOutcome {
  error: string | null;
  result: { genre: string; probabilities: Record<string, number>; model: string } | null;
  sr: number;
  samples: string;
  times: { stage: string; ms: number }[];
  fftBackend: string;
}

describeBrowser('examples/browser in headless Chromium', () => {
  let tmp: string;
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'mirkit-browser-'));
    const buildDir = join(tmp, 'build');
    // a fresh browser bundle of the working tree, in a private folder (the user's build is left alone)
    await promisify(execFile)(join(root, 'node_modules', '.bin', 'tsup'), ['--config', 'tsup.browser.config.ts', '--out-dir', buildDir], {
      cwd: root,
      timeout: 600_000,
      maxBuffer: 64 << 20,
    });
    expect(existsSync(join(buildDir, 'mirkit.js'))).toBe(true);
    server = await startServer({ root, buildDir });
    context = await launchChromium(join(tmp, 'profile'), ['--disable-quic']);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
  }, 900_000);

  afterAll(async () => {
    await closeBrowserTest(context, server, tmp);
  }, 120_000);

  it('generates the clip in the page and classifies it exactly as Node does', async () => {
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/examples/browser/index.html`, { timeout: 180_000 });
    await page.waitForFunction(() => (window as any).mirkitDemo?.ready || (window as any).mirkitDemo?.error, null, { timeout: 300_000 });
    await page.click('#generate');
    await page.waitForFunction(() => (window as any).mirkitDemo.result || (window as any).mirkitDemo.error, null, { timeout: 600_000, polling: 500 });
    const out: PageOutcome = await page.evaluate(() => {
      const d = (window as any).mirkitDemo;
      return {
        error: d.error,
        result: d.result && { genre: d.result.genre, probabilities: d.result.probabilities, model: d.result.model },
        sr: d.sr,
        samples: d.samples ? d.samplesBase64() : '',
        times: d.times,
        fftBackend: d.fftBackend,
      };
    });
    expect(pageErrors).toEqual([]);
    expect(out.error).toBeNull();
    expect(out.result).not.toBeNull();

    // the page's samples are the examples/synth.ts clip, bit for bit
    const bytes = Buffer.from(out.samples, 'base64');
    const y = new Float32Array(bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength));
    expect(out.sr).toBe(22050);
    const ref = synthesizeClip({ sr: 22050, seconds: 30, bpm: 120, seed: 1 });
    expect(y.length).toBe(ref.length);
    let maxDiff = 0;
    for (let i = 0; i < y.length; i++) maxDiff = Math.max(maxDiff, Math.abs(y[i] - ref[i]));
    expect(maxDiff).toBe(0);

    // Node's classify on the same samples: same genre, same probabilities
    const node = await classify({ y, sr: out.sr });
    // both sides on the same FFT: the default, PFFFT-wasm SIMD (embedded; the page fetches nothing for it)
    expect(out.fftBackend).toBe(resolveFft('auto')); // the page compiled PFFFT synchronously on the main thread
    expect(out.fftBackend).toBe('wasm-simd');
    const browser = out.result!;
    expect(browser.genre).toBe(node.genre);
    expect(browser.model).toBe(node.model);
    expect(Object.keys(browser.probabilities).sort()).toEqual(Object.keys(node.probabilities).sort());
    for (const [g, p] of Object.entries(node.probabilities)) expect(Math.abs(browser.probabilities[g] - p)).toBeLessThanOrEqual(1e-6);

    // the page shows what it computed
    if (process.env.MIRKIT_BROWSER_SCREENSHOT) await page.screenshot({ path: process.env.MIRKIT_BROWSER_SCREENSHOT, fullPage: true });
    await expect(page.textContent('#genre')).resolves.toContain(node.genre);
    expect(await page.locator('#bars .bar').count()).toBe(Object.keys(node.probabilities).length);
    expect(out.times.map((t) => t.stage)).toEqual(['synthesizeClip', 'chromaStft', 'extractFeatures', 'classify']);
    const exact = Object.entries(node.probabilities).every(([g, p]) => browser.probabilities[g] === p);
    const maxP = Math.max(...Object.entries(node.probabilities).map(([g, p]) => Math.abs(browser.probabilities[g] - p)));
    console.log(
      `browser vs Node (FFT ${out.fftBackend}): genre ${browser.genre} both; probabilities ${exact ? 'bit-identical' : `max |diff| ${maxP.toExponential(2)}`}; page times ${out.times.map((t) => `${t.stage} ${t.ms.toFixed(0)} ms`).join(', ')}`,
    );
  }, 900_000);
  it('decodes a picked WAV file with Web Audio and classifies it as Node classifies the file', async () => {
    // 44100 Hz, so Web Audio decodes without resampling and mirkit's resample brings it to 22050 Hz on both sides
    const sr = 44100;
    const y = synthesizeClip({ sr, seconds: 12, bpm: 96, seed: 7 });
    const wav = join(tmp, 'picked.wav');
    writeFileSync(wav, wav16(y, sr));
    const before = await page.evaluate(() => (window as any).mirkitDemo.runs as number);
    await page.setInputFiles('#file', wav);
    await page.waitForFunction((n) => (window as any).mirkitDemo.runs > n || (window as any).mirkitDemo.error, before, { timeout: 600_000, polling: 500 });
    const out = await page.evaluate(() => {
      const d = (window as any).mirkitDemo;
      return {
        error: d.error as string | null,
        genre: d.result?.genre as string,
        probabilities: d.result?.probabilities as Record<string, number>,
        stages: (d.times as { stage: string }[]).map((t) => t.stage),
        samples: d.samples ? (d.samplesBase64() as string) : '',
        decoded: d.decoded ? (d.samplesBase64(d.decoded) as string) : '',
      };
    });
    expect(out.error).toBeNull();
    expect(out.stages).toEqual(['read file', 'decodeAudioData', 'loadAudio (downmix + resample)', 'chromaStft', 'extractFeatures', 'classify']);
    const f32 = (b64: string) => {
      const b = Buffer.from(b64, 'base64');
      return new Float32Array(b.buffer.slice(b.byteOffset, b.byteOffset + b.byteLength));
    };
    const maxDiff = (a: Record<string, number>, b: Record<string, number>) => Math.max(...Object.keys(a).map((g) => Math.abs(a[g] - b[g])));

    // mirkit in the page == mirkit in Node on the samples the page analysed (22050 Hz, after loadAudio)
    const pageY = f32(out.samples);
    const same = await classify({ y: pageY, sr: 22050 });
    expect(out.genre).toBe(same.genre);
    expect(maxDiff(same.probabilities, out.probabilities)).toBeLessThanOrEqual(1e-6);

    // Web Audio's decoding differs from mirkit's WAV reader only in the int16 scale (Chromium divides
    // positive samples by 32767, negative ones by 32768; mirkit, like libsndfile/librosa, by 32768)
    const nodeDecoded = (await loadAudio(wav, { sr: null })).y;
    const decoded = f32(out.decoded);
    expect(decoded.length).toBe(nodeDecoded.length);
    let dmax = 0;
    for (let i = 0; i < decoded.length; i++) dmax = Math.max(dmax, Math.abs(decoded[i] - nodeDecoded[i]));
    expect(dmax).toBeLessThan(4e-5);

    // so Node's classify on the file itself agrees to that precision
    const node = await classify(wav);
    expect(out.genre).toBe(node.genre);
    expect(maxDiff(node.probabilities, out.probabilities)).toBeLessThan(1e-3);
    console.log(
      `picked WAV: genre ${out.genre} in both; page vs Node on the page's samples: max |dp| ${maxDiff(same.probabilities, out.probabilities).toExponential(2)}; ` +
        `Web Audio vs mirkit WAV decoding: max |dy| ${dmax.toExponential(2)} -> page vs Node classify(file): max |dp| ${maxDiff(node.probabilities, out.probabilities).toExponential(2)}`,
    );
  }, 900_000);
});
