// The example page's script: decode a file with Web Audio or generate the demo clip, then time
// mirkit's stages, draw the chromagram and show the genre probabilities.
// State for tests and the console: window.mirkitDemo (samples, result, times).

const $ = (id) => document.getElementById(id);
const status = (text, error = false) => {
  $('status').textContent = text;
  $('status').className = error ? 'error' : '';
};
/** Lets the page repaint between long synchronous stages. */
const tick = () => new Promise((r) => setTimeout(r, 0));

const demo = (window.mirkitDemo = { ready: false, busy: false, runs: 0, samples: null, sr: 22050, result: null, times: [], error: null });

let mirkit;
try {
  mirkit = await import('./build/mirkit.js');
} catch (e) {
  demo.error = String(e);
  status('could not load ./build/mirkit.js: run `npm run build:browser` in the mirkit checkout first (' + e + ')', true);
  throw e;
}

// The FFT: mirkit's default (fft: 'auto') is its embedded PFFFT WebAssembly SIMD module,
// instantiated synchronously on first use: nothing to fetch or await here.
demo.fftBackend = mirkit.resolveFft('auto');

/** Magma-like colour map, t in [0, 1] -> [r, g, b]. */
const MAGMA = [
  [0, 0, 4],
  [28, 16, 68],
  [79, 18, 123],
  [129, 37, 129],
  [181, 54, 122],
  [229, 80, 100],
  [251, 135, 97],
  [254, 194, 135],
  [252, 253, 191],
];
function magma(t) {
  const x = Math.min(1, Math.max(0, t)) * (MAGMA.length - 1);
  const i = Math.min(MAGMA.length - 2, Math.floor(x));
  const f = x - i;
  return MAGMA[i].map((v, k) => Math.round(v + f * (MAGMA[i + 1][k] - v)));
}

function drawChroma(m) {
  const canvas = $('chroma');
  canvas.width = m.cols;
  canvas.height = m.rows;
  const ctx = canvas.getContext('2d');
  const img = ctx.createImageData(m.cols, m.rows);
  for (let r = 0; r < m.rows; r++) {
    const y = m.rows - 1 - r; // pitch class C at the bottom
    for (let c = 0; c < m.cols; c++) {
      const [R, G, B] = magma(m.data[r * m.cols + c]);
      const o = (y * m.cols + c) * 4;
      img.data[o] = R;
      img.data[o + 1] = G;
      img.data[o + 2] = B;
      img.data[o + 3] = 255;
    }
  }
  ctx.putImageData(img, 0, 0);
  $('chroma-section').classList.remove('hidden');
}

function showResult(result) {
  $('genre').textContent = `Genre: ${result.genre}  (model ${result.model})`;
  const bars = $('bars');
  bars.replaceChildren();
  const entries = Object.entries(result.probabilities).sort((a, b) => b[1] - a[1]);
  entries.forEach(([genre, p], i) => {
    const name = document.createElement('div');
    name.textContent = genre;
    const bar = document.createElement('div');
    bar.className = 'bar';
    const fill = document.createElement('div');
    fill.style.width = `${(p * 100).toFixed(2)}%`;
    bar.append(fill);
    const num = document.createElement('div');
    num.className = 'num';
    num.textContent = `${(p * 100).toFixed(1)} %`;
    for (const el of [name, bar, num]) {
      if (i === 0) el.classList.add('top');
      bars.append(el);
    }
  });
  $('result').classList.remove('hidden');
}

function showTimes(times) {
  const body = $('times');
  body.replaceChildren();
  for (const { stage, ms, note } of times) {
    const tr = document.createElement('tr');
    for (const text of [stage, `${ms.toFixed(1)} ms`, note]) {
      const td = document.createElement('td');
      td.textContent = text;
      tr.append(td);
    }
    body.append(tr);
  }
  $('times-section').classList.remove('hidden');
}

async function timed(times, stage, fn, note = () => '') {
  status(`${stage}…`);
  await tick();
  const t0 = performance.now();
  const r = await fn();
  times.push({ stage, ms: performance.now() - t0, note: note(r) });
  return r;
}

/** Analyses mono samples at 22050 Hz: chromagram, feature vector, genre. */
async function analyse(y, sr, times, label) {
  const chroma = await timed(
    times,
    'chromaStft',
    () => mirkit.chromaStft(y, { sr }),
    (m) => `${m.rows} x ${m.cols}`,
  );
  drawChroma(chroma);
  await timed(
    times,
    'extractFeatures',
    () => mirkit.extractFeatures(y, { sr, set: 'gtzan57' }),
    (f) => `${f.values.length} values`,
  );
  const result = await timed(
    times,
    'classify',
    () => mirkit.classify({ y, sr }),
    (r) => `${r.windows.length} window(s)`,
  );
  demo.samples = y;
  demo.sr = sr;
  demo.result = result;
  demo.times = times;
  demo.fftBackend = mirkit.resolveFft('auto');
  demo.runs++;
  showResult(result);
  showTimes(times);
  status(`done: ${label}, ${(y.length / sr).toFixed(1)} s (FFT backend: ${demo.fftBackend})`);
  return result;
}

async function run(job) {
  if (demo.busy) return null;
  demo.busy = true;
  demo.error = null;
  $('generate').disabled = true;
  $('file').disabled = true;
  try {
    return await job();
  } catch (e) {
    demo.error = String(e?.message ? e.message : e);
    status(`failed: ${demo.error}`, true);
    return null;
  } finally {
    demo.busy = false;
    $('generate').disabled = false;
    $('file').disabled = false;
  }
}

/** The demo clip of examples/synth.ts (30 s, 120 BPM, seed 1), generated in the page. */
demo.generate = () =>
  run(async () => {
    const times = [];
    const sr = 22050;
    const y = await timed(
      times,
      'synthesizeClip',
      () => mirkit.synthesizeClip({ sr, seconds: 30, bpm: 120, seed: 1 }),
      (y) => `${(y.length / sr).toFixed(1)} s`,
    );
    return analyse(y, sr, times, 'generated clip');
  });

/** A user's file: Web Audio decodes it, mirkit's loadAudio downmixes and resamples to 22050 Hz. */
demo.analyseFile = (file) =>
  run(async () => {
    const times = [];
    const bytes = await timed(
      times,
      'read file',
      () => file.arrayBuffer(),
      (b) => `${(b.byteLength / 1e6).toFixed(2)} MB`,
    );
    const decoded = await timed(
      times,
      'decodeAudioData',
      () => new OfflineAudioContext(1, 1, 44100).decodeAudioData(bytes),
      (b) => `${b.numberOfChannels} ch, ${b.sampleRate} Hz`,
    );
    demo.decoded = decoded.getChannelData(0);
    const { y, sr } = await timed(
      times,
      'loadAudio (downmix + resample)',
      () => mirkit.loadAudio(decoded, { sr: 22050 }),
      (a) => `${a.y.length} samples`,
    );
    return analyse(y, sr, times, file.name);
  });

/** The samples of the last analysis (or another Float32Array) as base64 of their float32 bytes (for tests). */
demo.samplesBase64 = (a = demo.samples) => {
  const u8 = new Uint8Array(a.buffer, a.byteOffset, a.byteLength);
  let s = '';
  for (let i = 0; i < u8.length; i += 0x8000) s += String.fromCharCode.apply(null, u8.subarray(i, i + 0x8000));
  return btoa(s);
};

$('generate').addEventListener('click', () => void demo.generate());
$('file').addEventListener('change', (e) => {
  const file = e.target.files?.[0];
  if (file) void demo.analyseFile(file);
});
demo.ready = true;
status(`ready (FFT backend: ${demo.fftBackend}): pick a file or generate a clip`);
