/**
 * The checks of the consumer test that run the packed package: strict TypeScript consumers (both
 * module resolutions), Node's ESM `import` and CJS `require`, and the esbuild bundle in headless
 * Chromium compared with Node on the same samples.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize } from 'node:path';
import { ROOT } from './setup.js';

/** A strict consumer's source: the public API used as an app would, with type annotations. */
const CONSUMER_TS = `import { classify, mfcc, tonnetz, loadAudio, MirkitError, isMirkitError, SVC, MLPClassifier, type Matrix, type MirkitErrorCode } from 'mirkit';
const y = new Float32Array(22050);
const m: Matrix = mfcc(y, { sr: 22050, nMfcc: 13 });
const t: Matrix = tonnetz(y, { sr: 22050 });
const code: MirkitErrorCode = 'MISSING_DEPENDENCY';
export async function run(bytes: Uint8Array): Promise<string> {
  const { y: z, sr } = await loadAudio(bytes, { sr: 22050 });
  const r = await classify({ y: z, sr });
  const svc = new SVC({ C: 5 });
  const mlp = new MLPClassifier();
  try { await mlp.fit([[0], [1]], ['a', 'b']); } catch (e) { if (isMirkitError(e, code) || e instanceof MirkitError) return e.code; }
  return r.genre + m.rows + t.cols + String(svc instanceof SVC);
}
`;

/** A browser consumer (DOM library on): the Web Audio types must be the DOM's own, so nodes connect both ways. */
const BROWSER_CONSUMER_TS = `import { createAnalyzerNode, type NodeFrame } from 'mirkit';
export async function live(ctx: AudioContext, osc: OscillatorNode): Promise<AudioWorkletNode> {
  const frames: NodeFrame[] = [];
  const handle = await createAnalyzerNode(ctx, { features: ['mfcc'], onFrame: (f) => frames.push(f) });
  osc.connect(handle.node);
  await createAnalyzerNode(new OfflineAudioContext(1, 128, 44100), { source: osc, features: ['rms'], onFrame: () => {} });
  return handle.node;
}
`;

/** Type-checks the strict consumer with `nodenext` and with `bundler` resolution (and a DOM one); returns failures. */
export function typeCheck(dir: string): string[] {
  writeFileSync(join(dir, 'src', 'consumer.ts'), CONSUMER_TS);
  writeFileSync(join(dir, 'src', 'browser-consumer.ts'), BROWSER_CONSUMER_TS);
  const failures: string[] = [];
  const tsc = join(ROOT, 'node_modules', 'typescript', 'bin', 'tsc');
  for (const [name, module, resolution, lib, source] of [
    ['nodenext', 'nodenext', 'nodenext', ['es2022'], 'src/consumer.ts'],
    ['bundler', 'esnext', 'bundler', ['es2022'], 'src/consumer.ts'],
    ['bundler+dom', 'esnext', 'bundler', ['es2022', 'dom'], 'src/browser-consumer.ts'],
  ] as const) {
    const config = {
      compilerOptions: { strict: true, skipLibCheck: false, module, moduleResolution: resolution, target: 'es2022', lib, types: [], noEmit: true },
      files: [source],
    };
    const file = join(dir, `tsconfig.${name}.json`);
    writeFileSync(file, JSON.stringify(config, null, 2));
    try {
      execFileSync(process.execPath, [tsc, '-p', file], { cwd: dir, encoding: 'utf8', stdio: 'pipe' });
      console.log(`strict consumer type-checks (${name} resolution, skipLibCheck: false, no @types/node, lib ${lib.join('+')})`);
    } catch (e) {
      failures.push(`tsc (${name}): ${(e as { stdout?: string }).stdout ?? String(e)}`);
    }
  }
  return failures;
}

/** The deterministic test signal (sines plus LCG noise), as text so the page builds the same one. */
export const SIGNAL_SOURCE = `(n, sr) => {
  const y = new Float32Array(n);
  let s = 12345;
  for (let i = 0; i < n; i++) {
    s = (Math.imul(s, 1103515245) + 12345) >>> 0;
    const t = i / sr;
    y[i] = Math.fround(0.3 * Math.sin(2 * Math.PI * 220 * t) + 0.2 * Math.sin(2 * Math.PI * 330 * t * (1 + 0.1 * Math.sin(t))) + 0.05 * (s / 4294967296 - 0.5) + (i % 11025 < 400 ? 0.4 * Math.sin(2 * Math.PI * 60 * t) : 0));
  }
  return y;
}`;

/** What each environment reports for the same samples. */
export interface Outcome {
  mfcc: number[];
  tonnetz: number[];
  genre: string;
  probabilities: Record<string, number>;
  missingDependency?: string;
}

const N = 12 * 22050;

const NODE_ESM = `import { mfcc, tonnetz, classify, MLPClassifier } from 'mirkit';
const signal = ${SIGNAL_SOURCE};
const y = signal(${N}, 22050);
const r = await classify({ y, sr: 22050 });
let missingDependency;
try { await new MLPClassifier().fit([[0], [1], [0], [1]], ['a', 'b', 'a', 'b']); } catch (e) { missingDependency = e.code + ': ' + e.message; }
console.log(JSON.stringify({ mfcc: Array.from(mfcc(y, { sr: 22050 }).data), tonnetz: Array.from(tonnetz(y, { sr: 22050 }).data), genre: r.genre, probabilities: r.probabilities, missingDependency }));
`;

const NODE_CJS = `const { mfcc, tonnetz, classify } = require('mirkit');
const signal = ${SIGNAL_SOURCE};
const y = signal(${N}, 22050);
classify({ y, sr: 22050 }).then((r) => {
  console.log(JSON.stringify({ mfcc: Array.from(mfcc(y, { sr: 22050 }).data), tonnetz: Array.from(tonnetz(y, { sr: 22050 }).data), genre: r.genre, probabilities: r.probabilities }));
});
`;

/** Runs the ESM and the CJS consumer scripts in Node. */
export function runNode(dir: string): { esm: Outcome; cjs: Outcome } {
  writeFileSync(join(dir, 'check-esm.mjs'), NODE_ESM);
  writeFileSync(join(dir, 'check-cjs.cjs'), NODE_CJS);
  const run = (f: string): Outcome => JSON.parse(execFileSync(process.execPath, [f], { cwd: dir, encoding: 'utf8', maxBuffer: 256 << 20 })) as Outcome;
  return { esm: run('check-esm.mjs'), cjs: run('check-cjs.cjs') };
}

/**
 * `loadAudio` of an MP3 in the installed package's Node ESM and CJS builds, with and without the
 * decode thread (the samples must be equal; each process must end by itself once done: the
 * thread never holds it open), and the installed decode thread's entry answering a job on its own
 * (its imports resolve from the package). Returns failures.
 */
export function checkDecodeThread(dir: string, mp3: string): string[] {
  const load = (require: boolean) =>
    `${require ? "const { loadAudio } = require('mirkit');" : "import { loadAudio } from 'mirkit';"}
const path = ${JSON.stringify(mp3)};
(async () => {
  // the first load starts the thread (and is decoded whole); the next, once it is ready, in halves
  await loadAudio(path);
  await new Promise((r) => setTimeout(r, 2000));
  const two = await loadAudio(path), one = await loadAudio(path, { threads: 1 });
  let same = two.y.length === one.y.length;
  for (let i = 0; same && i < one.y.length; i++) same = two.y[i] === one.y[i];
  console.log(JSON.stringify({ same, n: one.y.length }));
})();
`;
  writeFileSync(join(dir, 'thread-esm.mjs'), load(false));
  writeFileSync(join(dir, 'thread-cjs.cjs'), load(true));
  writeFileSync(
    join(dir, 'thread-entry.mjs'),
    `import { Worker } from 'node:worker_threads';
import { readFileSync } from 'node:fs';
const w = new Worker(new URL('./node_modules/mirkit/dist/platform/decode-worker.js', import.meta.url));
w.on('message', (r) => { console.log(JSON.stringify({ n: r.samples ? r.samples.length : -1, sampleRate: r.sampleRate })); w.terminate(); });
w.postMessage({ id: 0, format: 'mp3', bytes: new Uint8Array(readFileSync(${JSON.stringify(mp3)})), start: 600000 });
`,
  );
  // a timeout: a process the decode thread held open after its work would never end
  const run = (f: string) => JSON.parse(execFileSync(process.execPath, [f], { cwd: dir, encoding: 'utf8', maxBuffer: 64 << 20, timeout: 60_000 }));
  const failures: string[] = [];
  for (const f of ['thread-esm.mjs', 'thread-cjs.cjs']) {
    const r = run(f) as { same: boolean; n: number };
    if (!r.same) failures.push(`${f}: loadAudio with the decode thread differs from threads: 1`);
    console.log(`${f}: ${r.n} samples, same with and without the decode thread: ${r.same}`);
  }
  const entry = run('thread-entry.mjs') as { n: number; sampleRate: number };
  if (!(entry.n > 0 && entry.sampleRate > 0)) failures.push(`the installed decode thread entry did not decode a range (${JSON.stringify(entry)})`);
  else console.log(`installed decode thread entry: ${entry.n} samples at ${entry.sampleRate} Hz`);
  return failures;
}

const TYPES: Record<string, string> = { '.js': 'text/javascript', '.html': 'text/html', '.wasm': 'application/wasm' };

function serve(root: string): Promise<Server> {
  const server = createServer((req, res) => {
    const path = normalize(join(root, decodeURIComponent(new URL(req.url ?? '/', 'http://x').pathname)));
    if (!path.startsWith(root)) return void res.writeHead(403).end();
    try {
      const body = path.endsWith('/') || path === root ? '<!doctype html><title>mirkit consumer</title>' : readFileSync(path);
      res.writeHead(200, { 'content-type': TYPES[extname(path)] ?? 'text/html' }).end(body);
    } catch {
      res.writeHead(404).end();
    }
  });
  return new Promise((ok) => server.listen(0, '127.0.0.1', () => ok(server)));
}

/** Loads the esbuild bundles of both entries in headless Chromium and computes the same outcome. */
export async function runChromium(outDir: string, chromiumPath: string): Promise<Outcome> {
  const { chromium } = await import('playwright-core');
  const server = await serve(outDir);
  const browser = await chromium.launch({ executablePath: chromiumPath, headless: true, args: ['--no-sandbox', '--disable-gpu', '--no-first-run'] });
  try {
    const page = await browser.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(`http://127.0.0.1:${(server.address() as AddressInfo).port}/`);
    const out = (await page.evaluate(`(async () => {
      const signal = ${SIGNAL_SOURCE};
      await import('/esbuild-features/features.js');
      const { mfcc, tonnetz } = globalThis.mirkit;
      await import('/esbuild-classify/classify.js');
      const { classify } = globalThis.mirkit;
      const y = signal(${N}, 22050);
      const r = await classify({ y, sr: 22050 });
      return { mfcc: Array.from(mfcc(y, { sr: 22050 }).data), tonnetz: Array.from(tonnetz(y, { sr: 22050 }).data), genre: r.genre, probabilities: r.probabilities };
    })()`)) as Outcome;
    if (errors.length) throw new Error(`page errors: ${errors.join('; ')}`);
    return out;
  } finally {
    await browser.close();
    server.close();
  }
}

/** Largest |a - b| over the largest |b| (0 when both are all zeros). */
export function normalisedMaxError(a: number[], b: number[]): number {
  if (a.length !== b.length) return Infinity;
  let err = 0,
    scale = 0;
  for (let i = 0; i < a.length; i++) {
    err = Math.max(err, Math.abs(a[i] - b[i]));
    scale = Math.max(scale, Math.abs(b[i]));
  }
  return scale === 0 ? err : err / scale;
}
