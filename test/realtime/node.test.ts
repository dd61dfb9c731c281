/**
 * createAnalyzerNode in headless Chromium: a known buffer played by an AudioBufferSourceNode in an
 * OfflineAudioContext through the AudioWorklet analyzer; the frames that reach the main thread
 * must equal the offline functions on the same samples (normalised max error <= 1e-4), in order,
 * with their time stamps.
 *
 * Needs Debian's chromium (/usr/bin/chromium, or CHROMIUM_PATH); without it the test skips with a
 * message, except under CI where it must run. Never downloads a browser.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { BrowserContext, Page } from 'playwright-core';
import { closeBrowserTest, describeBrowser, launchChromium } from '../helpers/browser.js';
import { chromaStft, delta, melSpectrogram, mfcc, onsetStrength, powerToDb, rms, spectralCentroid, stackMemory, yin, type Matrix } from '../../src/index.js';
import { normalisedMaxError } from '../helpers/shared.js';
import { startServer } from '../../examples/browser/serve.js';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..');

const SR = 22050;
const FEATURES = ['melSpectrogram', 'mfcc', 'chromaStft', 'spectralCentroid', 'rms', 'onsetStrength'] as const;

/**
 * A deterministic test signal: a gliding tone, a chord and clicks over low noise (4 s). Its length
 * is a whole number of 128-sample render quanta: the context renders whole quanta, so a shorter
 * last quantum would reach the node padded with zeros.
 */
function testSignal(): Float32Array {
  const n = 128 * 690;
  const y = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (s * 1103515245 + 12345) >>> 0;
    const t = i / SR;
    const noise = (s / 4294967296 - 0.5) * 0.02;
    const glide = 0.3 * Math.sin(2 * Math.PI * (220 * t + 40 * t * t));
    const chord = t > 2 ? 0.2 * (Math.sin(2 * Math.PI * 261.63 * t) + Math.sin(2 * Math.PI * 329.63 * t) + Math.sin(2 * Math.PI * 392 * t)) : 0;
    const click = i % 5512 < 40 ? 0.5 * Math.exp(-(i % 5512) / 8) : 0;
    y[i] = noise + glide + chord + click;
  }
  return y;
}

interface PageFrame {
  index: number;
  time: number;
  contextTime: number;
  latency: number;
  values: Record<string, number[]>;
}

describeBrowser('createAnalyzerNode in headless Chromium', () => {
  let tmp: string;
  let server: Server;
  let context: BrowserContext;
  let page: Page;
  const pageErrors: string[] = [];

  beforeAll(async () => {
    tmp = mkdtempSync(join(tmpdir(), 'mirkit-node-'));
    // the node's module as a plain script exposing `mirkitRealtime` (the page needs nothing else)
    await build({
      entryPoints: [join(root, 'src', 'realtime', 'node.ts')],
      bundle: true,
      format: 'iife',
      globalName: 'mirkitRealtime',
      platform: 'browser',
      target: 'es2022',
      outfile: join(tmp, 'realtime.js'),
    });
    writeFileSync(join(tmp, 'index.html'), '<!doctype html><meta charset="utf-8"><script src="realtime.js"></script><p>mirkit node test</p>');
    server = await startServer({ root: tmp });
    context = await launchChromium(join(tmp, 'profile'), ['--autoplay-policy=no-user-gesture-required']);
    page = await context.newPage();
    page.on('pageerror', (e) => pageErrors.push(String(e)));
    const { port } = server.address() as AddressInfo;
    await page.goto(`http://127.0.0.1:${port}/index.html`, { timeout: 120_000 });
  }, 300_000);

  afterAll(async () => {
    await closeBrowserTest(context, server, tmp);
  }, 60_000);

  /** Plays `y` through a node with these features and options; returns the frames onFrame saw, in order. */
  const play = (y: Float32Array, features: readonly string[], options: object = {}): Promise<PageFrame[]> =>
    page.evaluate(
      async ({ samples, sr, features, options }) => {
        const ctx = new OfflineAudioContext(1, samples.length, sr);
        const buf = ctx.createBuffer(1, samples.length, sr);
        buf.copyToChannel(Float32Array.from(samples), 0);
        const src = ctx.createBufferSource();
        src.buffer = buf;
        const got: PageFrame[] = [];
        const live = await (window as any).mirkitRealtime.createAnalyzerNode(ctx, {
          source: src,
          features,
          options,
          onFrame: (f: any) => {
            const values: Record<string, number[]> = {};
            for (const k in f.values) values[k] = Array.from(f.values[k] as Float32Array);
            got.push({ index: f.index, time: f.time, contextTime: f.contextTime, latency: f.latency, values });
          },
        });
        src.start(0);
        await ctx.startRendering();
        await live.flush();
        return got;
      },
      { samples: Array.from(y), sr: SR, features: [...features], options },
    );

  it('delivers frames equal to the offline functions on the same samples', async () => {
    const y = testSignal();
    const frames = await play(y, FEATURES);
    expect(pageErrors).toEqual([]);
    const T = 1 + Math.floor(y.length / 512);
    expect(frames.map((f) => f.index)).toEqual(Array.from({ length: T }, (_, t) => t));
    for (const f of frames) {
      expect(f.time).toBeCloseTo((f.index * 512) / SR, 9);
      // the source starts at context time 0
      expect(f.contextTime).toBeCloseTo(f.time, 9);
      expect(Number.isFinite(f.latency)).toBe(true);
    }
    const column = (name: string): Matrix => {
      const rows = frames[0].values[name].length;
      const data = new Float64Array(rows * T);
      frames.forEach((f, t) => f.values[name].forEach((v, r) => (data[r * T + t] = v)));
      return { rows, cols: T, data };
    };
    const mel = melSpectrogram(y, { sr: SR });
    const melDb = powerToDb(mel, { topDb: null });
    const onset = onsetStrength(null, { sr: SR, S: melDb });
    const refs: Record<string, Matrix> = {
      melSpectrogram: mel,
      mfcc: mfcc(null, { S: melDb }),
      chromaStft: chromaStft(y, { sr: SR, tuning: 0 }),
      spectralCentroid: spectralCentroid(y, { sr: SR }),
      rms: rms(y),
      onsetStrength: { rows: 1, cols: onset.length, data: onset },
    };
    for (const name of FEATURES) {
      const got = column(name);
      expect([name, got.rows]).toEqual([name, refs[name].rows]);
      const err = normalisedMaxError(got.data, refs[name].data);
      expect(err, `${name}: ${err}`).toBeLessThanOrEqual(1e-4);
    }
  }, 300_000);

  it('delivers yin, and delta / stackMemory frames held back until known, equal to the offline functions', async () => {
    const y = testSignal();
    const yinOpts = { fmin: 65.40639132514966, fmax: 2093.004522404789 };
    const frames = await play(y, ['mfcc', 'delta', 'rms', 'stackMemory', 'yin'], {
      delta: { feature: 'mfcc' },
      stackMemory: { feature: 'rms', nSteps: 3, delay: -2 },
      yin: yinOpts,
    });
    expect(pageErrors).toEqual([]);
    const T = 1 + Math.floor(y.length / 512);
    expect(frames.map((f) => f.index)).toEqual(Array.from({ length: T }, (_, t) => t));
    const column = (name: string): Matrix => {
      const rows = frames[0].values[name].length;
      const data = new Float64Array(rows * T);
      frames.forEach((f, t) => f.values[name].forEach((v, r) => (data[r * T + t] = v)));
      return { rows, cols: T, data };
    };
    const M = mfcc(null, { S: powerToDb(melSpectrogram(y, { sr: SR }), { topDb: null }) });
    const refs: Record<string, Matrix> = {
      delta: delta(M),
      stackMemory: stackMemory(rms(y), { nSteps: 3, delay: -2 }),
      yin: { rows: 1, cols: T, data: yin(y, { ...yinOpts, sr: SR }) },
    };
    for (const name of Object.keys(refs)) {
      const got = column(name);
      expect([name, got.rows, got.cols]).toEqual([name, refs[name].rows, refs[name].cols]);
      const err = normalisedMaxError(got.data, refs[name].data);
      expect(err, `${name}: ${err}`).toBeLessThanOrEqual(1e-4);
    }
  }, 300_000);

  it('answers hostile use with typed rejections, delivers every frame past a throwing onFrame, and keeps context times across an input gap', async () => {
    // its own page: a throwing onFrame is reported as an uncaught error there
    const { port } = server.address() as AddressInfo;
    const hostile = await context.newPage();
    const uncaught: string[] = [];
    hostile.on('pageerror', (e) => uncaught.push(String(e)));
    await hostile.goto(`http://127.0.0.1:${port}/index.html`, { timeout: 120_000 });
    const r = await hostile.evaluate(async () => {
      const { createAnalyzerNode } = (window as any).mirkitRealtime;
      const noop = () => {};
      /** The outcome of `p` within 5 s: 'ok', the MirkitError code, another error's name, or 'TIMEOUT' (a hang). */
      const outcome = (p: Promise<unknown>): Promise<string> =>
        Promise.race([
          p.then(
            () => 'ok',
            (e: any) => (e?.name === 'MirkitError' ? e.code : `${e?.name}: ${e?.message}`),
          ),
          new Promise<string>((ok) => setTimeout(() => ok('TIMEOUT'), 5000)),
        ]);
      const offline = (seconds: number) => new OfflineAudioContext(1, Math.round(seconds * 22050), 22050);
      const out: Record<string, unknown> = {};
      // a flush the analyzer refuses (delta on too few frames) rejects with its code; the node goes on
      {
        const ctx = offline((128 * 8) / 22050);
        const osc = ctx.createOscillator();
        const h = await createAnalyzerNode(ctx, { source: osc, features: ['mfcc', 'delta'], onFrame: noop });
        osc.start();
        await ctx.startRendering();
        out.tooShort = await outcome(h.flush());
      }
      // onFrame that throws on every frame: every frame still arrives, and flush settles
      {
        const ctx = offline(1);
        const osc = ctx.createOscillator();
        let calls = 0;
        const h = await createAnalyzerNode(ctx, {
          source: osc,
          features: ['rms'],
          nFft: 64,
          hopLength: 32,
          onFrame: () => {
            calls++;
            throw new Error('user');
          },
        });
        osc.start();
        await ctx.startRendering();
        out.throwingFlush = await outcome(h.flush());
        out.throwingCalls = calls;
        // two flushes at once both settle
        out.twoFlushes = await Promise.all([outcome(h.flush()), outcome(h.flush())]);
      }
      // options checked on what the worklet gets, keys, callbacks, source and sample rate
      const ctx = offline(1);
      const bad = (o: object) => outcome(createAnalyzerNode(ctx, { features: ['mfcc'], onFrame: noop, ...o }));
      out.inherited = await outcome(createAnalyzerNode(ctx, { features: ['yin'], onFrame: noop, options: Object.create({ yin: { fmin: 100, fmax: 1000 } }) }));
      out.misspelt = await bad({ hop_length: 256 });
      out.misspeltGroup = await bad({ options: { mfc: {} } });
      out.misspeltInGroup = await bad({ options: { melSpectrogram: { nMel: 64 } } });
      out.notCloneable = await bad({ options: { mfcc: { lifter: () => 1 } } });
      out.otherSr = await bad({ sr: 44100 });
      out.onError = await bad({ onError: 5 });
      out.sourceNumber = await bad({ source: 5 });
      out.sourceOtherContext = await bad({ source: offline(1).createOscillator() });
      // a closed context
      const live = new AudioContext({ sampleRate: 22050 });
      const h = await createAnalyzerNode(live, { features: ['rms'], onFrame: noop });
      await live.close();
      out.flushClosed = await outcome(h.flush());
      out.createClosed = await outcome(createAnalyzerNode(live, { features: ['rms'], onFrame: noop }));
      // an input gap: a click at 0 s, its source ends at 0.5 s, a second click connected at 1.0 s
      {
        const g = offline(2);
        const click = (at: number) => {
          const b = g.createBuffer(1, 11025, 22050);
          b.getChannelData(0).fill(0.5, 0, 64);
          const s = g.createBufferSource();
          s.buffer = b;
          return s;
        };
        const first = click(0);
        const loud: number[] = [];
        const node = await createAnalyzerNode(g, {
          source: first,
          features: ['rms'],
          nFft: 512,
          hopLength: 128,
          onFrame: (f: any) => f.values.rms[0] > 0.05 && loud.push(f.contextTime),
        });
        first.start(0);
        g.suspend(1.0).then(() => {
          const second = click(1);
          second.connect(node.node);
          second.start(1.0);
          g.resume();
        });
        await g.startRendering();
        await node.flush();
        out.gapTimes = loud;
      }
      return out;
    });
    await hostile.close();
    expect(r.tooShort).toBe('TOO_SHORT');
    expect(r.throwingFlush).toBe('ok');
    // 1 s renders whole 128-sample quanta: 173 x 128 samples
    expect(r.throwingCalls).toBe(1 + Math.floor((173 * 128) / 32));
    expect(uncaught.length).toBeGreaterThan(0); // the throws were reported, not swallowed
    expect(r.twoFlushes).toEqual(['ok', 'ok']);
    expect(r.inherited).toBe('BAD_OPTION');
    expect([r.misspelt, r.misspeltGroup, r.misspeltInGroup]).toEqual(['UNKNOWN_OPTION', 'UNKNOWN_OPTION', 'UNKNOWN_OPTION']);
    expect([r.notCloneable, r.otherSr, r.onError, r.sourceNumber, r.sourceOtherContext]).toEqual([
      'BAD_OPTION',
      'BAD_OPTION',
      'BAD_OPTION',
      'BAD_OPTION',
      'BAD_OPTION',
    ]);
    expect([r.flushClosed, r.createClosed]).toEqual(['UNSUPPORTED', 'UNSUPPORTED']);
    // the frames of each click sit at its own context time (within a frame: nFft / 2 / sr = 12 ms)
    const times = r.gapTimes as number[];
    expect(times.filter((t) => t < 0.1).length).toBeGreaterThan(0);
    const second = times.filter((t) => t > 0.5);
    expect(second.length).toBeGreaterThan(0);
    expect(Math.abs(second[0] - 1.0)).toBeLessThan(0.025);
  }, 300_000);

  it('examples/browser/live.html plays the generated clip through the node and draws its frames', async () => {
    // the page's bundle (examples/browser/entry.ts) built into a private folder, served as build/
    const buildDir = join(tmp, 'build');
    await build({
      entryPoints: { mirkit: join(root, 'examples', 'browser', 'entry.ts') },
      bundle: true,
      format: 'esm',
      platform: 'browser',
      target: 'es2022',
      outdir: buildDir,
      external: ['node:*', 'fs', 'path', 'crypto', 'module', 'url', 'worker_threads', '@audio/decode-ape'],
      logLevel: 'error',
    });
    const pageServer = await startServer({ root, buildDir });
    try {
      const { port } = pageServer.address() as AddressInfo;
      const live = await context.newPage();
      const errors: string[] = [];
      live.on('pageerror', (e) => errors.push(String(e)));
      await live.goto(`http://127.0.0.1:${port}/examples/browser/live.html`, { timeout: 120_000 });
      await live.waitForFunction(() => document.getElementById('status')!.textContent!.startsWith('ready'), null, { timeout: 120_000 });
      await live.click('#synth');
      await live.waitForFunction(() => Number(document.getElementById('count')!.textContent) > 40, null, { timeout: 60_000, polling: 250 });
      const shown = await live.evaluate(() => ({
        status: document.getElementById('status')!.textContent,
        fps: Number(document.getElementById('fps')!.textContent),
        latency: Number(document.getElementById('latency')!.textContent),
      }));
      expect(errors).toEqual([]);
      expect(shown.status).toContain('analysing');
      expect(shown.fps).toBeGreaterThan(0);
      expect(Number.isFinite(shown.latency)).toBe(true);
      await live.close();
    } finally {
      pageServer.closeAllConnections();
      await new Promise<void>((ok) => pageServer.close(() => ok()));
    }
  }, 300_000);
});
