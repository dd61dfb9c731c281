// The live page (live.html): a microphone, a chosen file or a generated clip played through an
// AudioContext into mirkit's createAnalyzerNode; chromagram, mel spectrogram and MFCC drawn as
// scrolling images, with the frame rate and the latency (context time at delivery minus the
// frame's centre time) shown.
import * as mirkit from './build/mirkit.js';

const $ = (id) => document.getElementById(id);
const status = (msg, error = false) => {
  $('status').textContent = msg;
  $('status').className = error ? 'error' : '';
};

/** A scrolling image: each frame's column drawn at the right edge, values mapped by `scale` to [0, 1]. */
function scroller(canvas, scale) {
  const g = canvas.getContext('2d');
  const h = canvas.height;
  const col = g.createImageData(1, h);
  return (values) => {
    g.drawImage(canvas, -1, 0);
    for (let r = 0; r < h; r++) {
      const v = Math.max(0, Math.min(1, scale(values[r], values)));
      const o = 4 * (h - 1 - r); // row 0 at the bottom
      col.data[o] = 255 * Math.min(1, 2 * v);
      col.data[o + 1] = 255 * Math.max(0, 2 * v - 1);
      col.data[o + 2] = 90 * (1 - v);
      col.data[o + 3] = 255;
    }
    g.putImageData(col, canvas.width - 1, 0);
  };
}

const drawChroma = scroller($('chroma'), (v) => v);
const drawMel = scroller($('mel'), (v) => (10 * Math.log10(Math.max(v, 1e-10)) + 80) / 80);
const drawMfcc = scroller($('mfcc'), (v, all) => {
  let m = 1e-9;
  for (let i = 1; i < all.length; i++) m = Math.max(m, Math.abs(all[i]));
  return 0.5 + v / (2 * m); // c0 (loudness) saturates; the shape is in c1..c19
});

let ctx = null;
let live = null;
let stopSource = null;
let count = 0;
const window1s = [];
const latencies = [];

function onFrame(f) {
  count++;
  const now = performance.now();
  window1s.push(now);
  while (window1s.length && now - window1s[0] > 1000) window1s.shift();
  latencies.push(f.latency * 1000);
  if (latencies.length > 50) latencies.shift();
  drawChroma(f.values.chromaStft);
  drawMel(f.values.melSpectrogram);
  drawMfcc(f.values.mfcc);
}

setInterval(() => {
  $('fps').textContent = window1s.length ? String(window1s.length) : '–';
  $('latency').textContent = latencies.length ? (latencies.reduce((a, b) => a + b, 0) / latencies.length).toFixed(1) : '–';
  $('count').textContent = String(count);
}, 250);

async function start(makeSource) {
  await stop();
  ctx = new AudioContext();
  $('sr').textContent = `${ctx.sampleRate} Hz`;
  const { node, stopIt } = await makeSource(ctx);
  stopSource = stopIt;
  live = await mirkit.createAnalyzerNode(ctx, {
    source: node,
    features: ['chromaStft', 'melSpectrogram', 'mfcc'],
    nFft: 2048,
    hopLength: 512,
    onFrame,
    onError: (m) => status(m, true),
  });
  await ctx.resume();
  $('stop').disabled = false;
}

async function stop() {
  if (stopSource) stopSource();
  if (live) live.close();
  if (ctx) await ctx.close();
  ctx = live = stopSource = null;
  $('stop').disabled = true;
}

const run = (label, makeSource) => async () => {
  try {
    status(`${label}…`);
    await start(makeSource);
    status(`${label}: analysing (nFft 2048, hop 512)`);
  } catch (e) {
    status(`${label}: ${e.message ?? e}`, true);
  }
};

$('mic').onclick = run('Microphone', async (c) => {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: { echoCancellation: false, noiseSuppression: false, autoGainControl: false } });
  return { node: c.createMediaStreamSource(stream), stopIt: () => stream.getTracks().forEach((t) => t.stop()) };
});

/** Plays a buffer to the speakers and into the analyzer. */
function playBuffer(c, buffer) {
  const src = c.createBufferSource();
  src.buffer = buffer;
  src.connect(c.destination);
  src.start();
  src.onended = () => status('finished');
  return { node: src, stopIt: () => src.stop() };
}

$('file').onchange = (e) => {
  const file = e.target.files?.[0];
  if (!file) return;
  run(file.name, async (c) => playBuffer(c, await c.decodeAudioData(await file.arrayBuffer())))();
};

$('synth').onclick = run('Generated clip', async (c) => {
  const y = mirkit.synthesizeClip({ sr: c.sampleRate, seconds: 20, bpm: 120, seed: 1 });
  const buffer = c.createBuffer(1, y.length, c.sampleRate);
  buffer.copyToChannel(y, 0);
  return playBuffer(c, buffer);
});

$('stop').onclick = () => stop().then(() => status('stopped'));
status('ready: pick a source');
