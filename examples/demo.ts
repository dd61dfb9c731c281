/**
 * The main job on a fresh machine: `npm run demo` (or `npx tsx examples/demo.ts`).
 *
 * Without an argument it synthesises a 30 s clip (examples/synth.ts: drums, bass and triads at
 * 120 BPM), with a path (`npm run demo -- song.mp3`) it loads that file. Then it times the main
 * feature stages one by one, extracts the 57-value GTZAN feature vector, names the genre with the
 * bundled model and prints the probabilities as bars.
 *
 * Options: `--json` prints one JSON object instead of the report.
 */
import { performance } from 'node:perf_hooks';
import {
  chromaStft,
  classify,
  extractFeatures,
  hpssAudio,
  isMirkitError,
  loadAudio,
  melSpectrogram,
  mfcc,
  onsetStrength,
  tempo,
  tonnetz,
  type ClassifyResult,
} from '../src/index.js';
import { synthesizeClip } from './synth.js';

/** One timed stage. */
export interface StageTime {
  stage: string;
  ms: number;
  note: string;
}

/** Runs `fn`, recording its wall time under `stage`. */
async function timed<T>(times: StageTime[], stage: string, fn: () => T | Promise<T>, note: (r: T) => string = () => ''): Promise<T> {
  const t0 = performance.now();
  const r = await fn();
  times.push({ stage, ms: performance.now() - t0, note: note(r) });
  return r;
}

/** Probabilities as a bar list, most probable first. */
export function formatBars(probabilities: Record<string, number>, width = 30): string {
  const entries = Object.entries(probabilities).sort((a, b) => b[1] - a[1]);
  const pad = Math.max(...entries.map(([g]) => g.length));
  return entries
    .map(([g, p]) => {
      const n = Math.round(p * width);
      return `  ${g.padEnd(pad)}  ${'█'.repeat(n)}${'·'.repeat(width - n)}  ${(p * 100).toFixed(1).padStart(5)} %`;
    })
    .join('\n');
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const json = args.includes('--json');
  const file = args.find((a) => !a.startsWith('--'));
  const sr = 22050;
  const times: StageTime[] = [];

  let y: Float32Array;
  let source: string;
  if (file) {
    y = (
      await timed(
        times,
        'loadAudio',
        () => loadAudio(file, { sr }),
        (r) => `${(r.y.length / sr).toFixed(1)} s`,
      )
    ).y;
    source = file;
  } else {
    y = await timed(
      times,
      'synthesizeClip',
      () => synthesizeClip({ sr, seconds: 30, bpm: 120, seed: 1 }),
      (r) => `${(r.length / sr).toFixed(1)} s`,
    );
    source = 'synthesised clip (examples/synth.ts: 30 s, 120 BPM, seed 1)';
  }

  const shape = (m: { rows: number; cols: number }) => `${m.rows} x ${m.cols}`;
  await timed(times, 'melSpectrogram', () => melSpectrogram(y, { sr }), shape);
  await timed(times, 'mfcc', () => mfcc(y, { sr, nMfcc: 20 }), shape);
  await timed(times, 'chromaStft', () => chromaStft(y, { sr }), shape);
  await timed(times, 'tonnetz', () => tonnetz(y, { sr }), shape);
  const env = await timed(
    times,
    'onsetStrength',
    () => onsetStrength(y, { sr }),
    (r) => `${r.length} frames`,
  );
  const bpm = await timed(
    times,
    'tempo',
    () => tempo(null, { sr, onsetEnvelope: env }),
    (r) => `${r.toFixed(1)} BPM`,
  );
  await timed(
    times,
    'hpssAudio',
    () => hpssAudio(y),
    (r) => `${r.harmonic.length} + ${r.percussive.length} samples`,
  );
  await timed(
    times,
    'extractFeatures',
    () => extractFeatures(y, { sr, set: 'gtzan57' }),
    (r) => `${r.values.length} values`,
  );
  const result: ClassifyResult = await timed(
    times,
    'classify',
    () => classify({ y, sr }),
    (r) => `${r.windows.length} window(s)`,
  );

  if (json) {
    console.log(
      JSON.stringify(
        { source, seconds: y.length / sr, tempo: bpm, genre: result.genre, model: result.model, probabilities: result.probabilities, times },
        null,
        2,
      ),
    );
    return;
  }
  console.log(`mirkit demo: ${source}`);
  console.log(`${(y.length / sr).toFixed(1)} s at ${sr} Hz, tempo ${bpm.toFixed(1)} BPM\n`);
  console.log(`genre: ${result.genre}   (model ${result.model})`);
  console.log(formatBars(result.probabilities));
  console.log('\nstage times (wall clock, this machine):');
  const pad = Math.max(...times.map((t) => t.stage.length));
  for (const t of times) console.log(`  ${t.stage.padEnd(pad)}  ${t.ms.toFixed(1).padStart(9)} ms   ${t.note}`);
  console.log('\n(classify runs extractFeatures + the bundled model end to end; the first call also restores the model.)');
}

main().catch((e: unknown) => {
  if (isMirkitError(e)) console.error(`mirkit demo: ${e.code}: ${e.message}`);
  else console.error(e);
  process.exit(1);
});
