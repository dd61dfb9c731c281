/**
 * Child process of long-input.test.ts: synthesises a 10-minute clip (chords, clicks at 120 BPM,
 * noise), warms the code up on a short clip, then runs one stage and prints a JSON report with the
 * peak resident memory (`process.resourceUsage().maxRSS`) against the baseline after the warm-up.
 * Run: `node --import tsx test/robustness/long-input.child.ts <gtzan57|seed|classify>`.
 */
import { extractFeatures } from '../../src/genre/features.js';

const SR = 22050;
const MINUTES = Number(process.env.MIRKIT_LONG_MINUTES ?? 10);

function longClip(seconds: number): Float32Array {
  const n = Math.round(seconds * SR);
  const y = new Float32Array(n);
  const chords = [
    [261.63, 329.63, 392.0],
    [220.0, 261.63, 329.63],
    [174.61, 220.0, 261.63],
    [196.0, 246.94, 293.66],
  ];
  let x = 987654321;
  const beat = Math.round((60 / 120) * SR);
  for (let i = 0; i < n; i++) {
    const t = i / SR;
    const ch = chords[Math.floor(t / 2) % chords.length];
    let v = 0;
    for (const f of ch) v += 0.15 * Math.sin(2 * Math.PI * f * t);
    x = (Math.imul(x, 1664525) + 1013904223) >>> 0;
    const noise = x / 2 ** 32 - 0.5;
    const k = i % beat;
    v += 0.03 * noise + (k < 400 ? 0.5 * noise * (1 - k / 400) : 0);
    y[i] = v;
  }
  return y;
}

async function main() {
  const stage = process.argv[2];
  const y = longClip(MINUTES * 60);
  // warm-up: load every module and wasm, compile the hot paths, fill the filter caches
  const warm = longClip(6);
  let classify: ((i: { y: Float32Array; sr: number }) => Promise<{ genre: string; probabilities: Record<string, number> }>) | undefined;
  if (stage === 'classify') {
    classify = (await import('../../src/genre/classify.js')).classify;
    await classify({ y: warm, sr: SR });
  } else {
    extractFeatures(warm, { sr: SR, set: stage as 'gtzan57' | 'seed' });
  }
  if (global.gc) global.gc();
  const base = process.memoryUsage();
  const maxBefore = process.resourceUsage().maxRSS * 1024;
  const t0 = performance.now();
  let finite = true;
  let summary: unknown;
  if (stage === 'classify') {
    const r = await classify!({ y, sr: SR });
    finite = Object.values(r.probabilities).every(Number.isFinite);
    summary = { genre: r.genre, sum: Object.values(r.probabilities).reduce((a, b) => a + b, 0) };
  } else {
    const fv = extractFeatures(y, { sr: SR, set: stage as 'gtzan57' | 'seed' });
    finite = Array.from(fv.values).every(Number.isFinite);
    summary = { n: fv.values.length, tempo: fv.values[fv.names.indexOf('tempo')] };
  }
  const ms = performance.now() - t0;
  const peak = process.resourceUsage().maxRSS * 1024;
  process.stdout.write(
    JSON.stringify({
      stage,
      samples: y.length,
      signalBytes: y.byteLength,
      baselineRss: base.rss,
      maxRssBefore: maxBefore,
      peakRss: peak,
      peakGrowth: peak - base.rss,
      ms,
      finite,
      summary,
    }) + '\n',
  );
}

main().catch((e) => {
  process.stderr.write(String((e as Error)?.stack ?? e));
  process.exit(1);
});
