/**
 * Renders the chromagram, Tonnetz and MFCC of a clip to one SVG file (hand-written SVG, no plotting
 * dependency), in the manner of `librosa.display.specshow`: magma for the non-negative chroma,
 * coolwarm around zero for Tonnetz and MFCC.
 *
 *   npx tsx examples/plot-features.ts [audio file] [--out features.svg]
 *
 * Without an audio file it plots the synthesised demo clip (examples/synth.ts). The output path is
 * `--out FILE` (`-o`, `--out=FILE`) or an argument ending in `.svg`; its folder is created. Default: ./features.svg.
 */
import { mkdir, writeFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { chromaStft, loadAudio, mfcc, tonnetz, type Matrix } from '../src/index.js';
import { synthesizeClip } from './synth.js';

type Rgb = [number, number, number];

/** Anchor colours of matplotlib's magma (0 -> 1). */
const MAGMA: Rgb[] = [
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
/** Anchor colours of matplotlib's coolwarm (-1 -> 1). */
const COOLWARM: Rgb[] = [
  [59, 76, 192],
  [98, 130, 234],
  [141, 176, 254],
  [184, 208, 249],
  [221, 221, 221],
  [245, 196, 173],
  [244, 154, 123],
  [222, 96, 77],
  [180, 4, 38],
];

/** The colour at `t` in [0, 1] of a piecewise-linear colour map, as `#rrggbb`. */
export function colourAt(map: readonly Rgb[], t: number): string {
  const x = Math.min(1, Math.max(0, Number.isFinite(t) ? t : 0)) * (map.length - 1);
  const i = Math.min(map.length - 2, Math.floor(x));
  const f = x - i;
  const c = map[i].map((v, k) => Math.round(v + f * (map[i + 1][k] - v)));
  return `#${c.map((v) => v.toString(16).padStart(2, '0')).join('')}`;
}

/** A matrix averaged over groups of frames so that it has at most `maxCols` columns. */
function poolColumns(m: Matrix, maxCols: number): Matrix {
  const cols = Math.min(m.cols, maxCols);
  const data = new Float64Array(m.rows * cols);
  for (let c = 0; c < cols; c++) {
    const a = Math.floor((c * m.cols) / cols);
    const b = Math.max(a + 1, Math.floor(((c + 1) * m.cols) / cols));
    for (let r = 0; r < m.rows; r++) {
      let s = 0;
      for (let k = a; k < b; k++) s += m.data[r * m.cols + k];
      data[r * cols + c] = s / (b - a);
    }
  }
  return { rows: m.rows, cols, data };
}

/** Each row scaled to zero mean and unit variance (so that every MFCC coefficient is visible). */
function standardiseRows(m: Matrix): Matrix {
  const data = new Float64Array(m.data.length);
  for (let r = 0; r < m.rows; r++) {
    let mean = 0;
    for (let c = 0; c < m.cols; c++) mean += m.data[r * m.cols + c];
    mean /= m.cols;
    let v = 0;
    for (let c = 0; c < m.cols; c++) v += (m.data[r * m.cols + c] - mean) ** 2;
    const sd = Math.sqrt(v / m.cols) || 1;
    for (let c = 0; c < m.cols; c++) data[r * m.cols + c] = (m.data[r * m.cols + c] - mean) / sd;
  }
  return { rows: m.rows, cols: m.cols, data };
}

/** One panel to draw: a matrix with its row labels and value range. */
export interface Panel {
  title: string;
  m: Matrix;
  rowLabels: string[];
  map: 'magma' | 'coolwarm';
  /** Value range mapped onto the colour map; default: [0, max] for magma, [-max|x|, max|x|] for coolwarm. */
  range?: [number, number];
}

const esc = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;');

/**
 * An SVG document with the panels stacked, row 0 at the bottom as in librosa's plots, a time axis
 * in seconds and a colour bar per panel.
 */
export function renderSvg(panels: Panel[], seconds: number, { width = 1000, maxCols = 400 } = {}): string {
  const left = 70,
    right = 90,
    plotW = width - left - right,
    rowH = 12,
    gap = 58,
    top = 40;
  const heights = panels.map((p) => Math.max(6, Math.min(rowH, 240 / p.m.rows)) * p.m.rows);
  const height = top + heights.reduce((a, b) => a + b + gap, 0);
  const out: string[] = [];
  out.push(
    `<svg xmlns="http://www.w3.org/2000/svg" width="${width}" height="${height}" viewBox="0 0 ${width} ${height}" font-family="sans-serif" font-size="11">`,
  );
  out.push(`<rect width="${width}" height="${height}" fill="white"/>`);
  out.push('<defs>');
  for (const [id, map] of [
    ['magma', MAGMA],
    ['coolwarm', COOLWARM],
  ] as const) {
    out.push(`<linearGradient id="${id}" x1="0" y1="1" x2="0" y2="0">`);
    map.forEach((_, i) => out.push(`<stop offset="${i / (map.length - 1)}" stop-color="${colourAt(map, i / (map.length - 1))}"/>`));
    out.push('</linearGradient>');
  }
  out.push('</defs>');
  let y0 = top;
  panels.forEach((p, pi) => {
    const h = heights[pi];
    const m = poolColumns(p.m, maxCols);
    let lo: number, hi: number;
    if (p.range) [lo, hi] = p.range;
    else {
      let maxAbs = 0,
        max = -Infinity;
      for (const v of m.data) {
        maxAbs = Math.max(maxAbs, Math.abs(v));
        max = Math.max(max, v);
      }
      [lo, hi] = p.map === 'magma' ? [0, max || 1] : [-(maxAbs || 1), maxAbs || 1];
    }
    const map = p.map === 'magma' ? MAGMA : COOLWARM;
    const cw = plotW / m.cols,
      ch = h / m.rows;
    out.push(`<text x="${left}" y="${y0 - 8}" font-size="13" font-weight="bold">${esc(p.title)}</text>`);
    out.push(`<g shape-rendering="crispEdges">`);
    for (let r = 0; r < m.rows; r++) {
      const yy = (y0 + h - (r + 1) * ch).toFixed(2);
      // merge runs of equal colour into one rect
      let c = 0;
      while (c < m.cols) {
        const col = colourAt(map, (m.data[r * m.cols + c] - lo) / (hi - lo));
        let e = c + 1;
        while (e < m.cols && colourAt(map, (m.data[r * m.cols + e] - lo) / (hi - lo)) === col) e++;
        out.push(
          `<rect x="${(left + c * cw).toFixed(2)}" y="${yy}" width="${((e - c) * cw + 0.3).toFixed(2)}" height="${(ch + 0.3).toFixed(2)}" fill="${col}"/>`,
        );
        c = e;
      }
    }
    out.push('</g>');
    out.push(`<rect x="${left}" y="${y0}" width="${plotW}" height="${h}" fill="none" stroke="#333"/>`);
    const every = Math.ceil(p.rowLabels.length / Math.max(1, Math.floor(h / 11)));
    p.rowLabels.forEach((lab, r) => {
      if (r % every) return;
      out.push(`<text x="${left - 6}" y="${(y0 + h - (r + 0.5) * ch + 4).toFixed(1)}" text-anchor="end">${esc(lab)}</text>`);
    });
    const step = seconds > 60 ? 10 : seconds > 20 ? 5 : seconds > 5 ? 1 : 0.5;
    for (let t = 0; t <= seconds + 1e-9; t += step) {
      const x = (left + (t / seconds) * plotW).toFixed(1);
      out.push(`<line x1="${x}" y1="${y0 + h}" x2="${x}" y2="${y0 + h + 4}" stroke="#333"/>`);
      out.push(`<text x="${x}" y="${y0 + h + 16}" text-anchor="middle">${+t.toFixed(1)}</text>`);
    }
    if (pi === panels.length - 1) out.push(`<text x="${left + plotW / 2}" y="${y0 + h + 32}" text-anchor="middle">time (s)</text>`);
    const bx = left + plotW + 18;
    out.push(`<rect x="${bx}" y="${y0}" width="14" height="${h}" fill="url(#${p.map})" stroke="#333"/>`);
    out.push(`<text x="${bx + 18}" y="${y0 + 9}">${+hi.toPrecision(3)}</text>`);
    out.push(`<text x="${bx + 18}" y="${y0 + h}">${+lo.toPrecision(3)}</text>`);
    y0 += h + gap;
  });
  out.push('</svg>');
  return out.join('\n') + '\n';
}

async function main(): Promise<void> {
  // --out FILE, --out=FILE, -o FILE, or a positional ending in .svg (after the audio file or alone).
  const { values, positionals } = parseArgs({ options: { out: { type: 'string', short: 'o' } }, allowPositionals: true });
  const svgs = positionals.filter((a) => a.toLowerCase().endsWith('.svg'));
  const audio = positionals.filter((a) => !a.toLowerCase().endsWith('.svg'));
  if (audio.length > 1 || svgs.length > 1 || (svgs.length > 0 && values.out !== undefined)) {
    throw new Error('usage: plot-features.ts [audio file] [--out features.svg]');
  }
  const out = values.out ?? svgs[0] ?? 'features.svg';
  await mkdir(dirname(resolve(out)), { recursive: true });
  const sr = 22050;
  const input = audio[0];
  const y = input ? (await loadAudio(input, { sr })).y : synthesizeClip({ sr, seconds: 30, bpm: 120, seed: 1 });
  const seconds = y.length / sr;
  const chroma = chromaStft(y, { sr });
  const tn = tonnetz(y, { sr });
  const mf = mfcc(y, { sr, nMfcc: 20 });
  const svg = renderSvg(
    [
      {
        title: 'Chromagram (chromaStft)',
        m: chroma,
        rowLabels: ['C', 'C#', 'D', 'D#', 'E', 'F', 'F#', 'G', 'G#', 'A', 'A#', 'B'],
        map: 'magma',
        range: [0, 1],
      },
      { title: 'Tonnetz (tonnetz)', m: tn, rowLabels: ['5th x', '5th y', 'm3 x', 'm3 y', 'M3 x', 'M3 y'], map: 'coolwarm' },
      {
        title: 'MFCC (mfcc, 20 coefficients; each standardised over time)',
        m: standardiseRows(mf),
        rowLabels: Array.from({ length: mf.rows }, (_, i) => String(i)),
        map: 'coolwarm',
      },
    ],
    seconds,
  );
  await writeFile(out, svg);
  console.log(
    `wrote ${out} (${(svg.length / 1024).toFixed(0)} KiB): chroma ${chroma.rows}x${chroma.cols}, tonnetz ${tn.rows}x${tn.cols}, mfcc ${mf.rows}x${mf.cols}, ${seconds.toFixed(1)} s of ${input ?? 'the synthesised clip'}`,
  );
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
