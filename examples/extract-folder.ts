/**
 * Extracts one feature vector per audio file of a folder (searched recursively) into a CSV with
 * the columns `filename, label, <feature names...>`, the form `mirkit train` reads.
 *
 *   npx tsx examples/extract-folder.ts <folder> [out.csv] [--set gtzan57|seed]
 *
 * The label is the name of the folder a file sits in (GTZAN layout: genres/blues/blues.00000.wav).
 * This is the library-call version of `mirkit extract` (which adds worker threads and resuming).
 */
import { readdir, writeFile } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import { extractFeatures, formatCsv, isAudioFileName, loadAudio, type CsvValue, type FeatureSetName } from '../src/index.js';

async function listAudio(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const d of await readdir(dir, { withFileTypes: true })) {
    if (d.name.startsWith('.')) continue;
    const full = join(dir, d.name);
    if (d.isDirectory()) out.push(...(await listAudio(full)));
    else if (d.isFile() && isAudioFileName(d.name)) out.push(full);
  }
  return out.sort();
}

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const setAt = args.indexOf('--set');
  const set = (setAt >= 0 ? args.splice(setAt, 2)[1] : 'gtzan57') as FeatureSetName;
  const [folder, out = 'features.csv'] = args;
  if (!folder) {
    console.error('usage: npx tsx examples/extract-folder.ts <folder> [out.csv] [--set gtzan57|seed]');
    process.exit(2);
  }
  const files = await listAudio(folder);
  let header: string[] | undefined;
  const rows: CsvValue[][] = [];
  for (const [i, file] of files.entries()) {
    const t0 = Date.now();
    const { y, sr } = await loadAudio(file, { sr: 22050 });
    const { names, values } = extractFeatures(y, { sr, set });
    header ??= ['filename', 'label', ...names];
    rows.push([relative(folder, file).split('\\').join('/'), basename(dirname(file)), ...values]);
    console.error(`[${i + 1}/${files.length}] ${file}  ${Date.now() - t0} ms`);
  }
  if (!header) {
    console.error(`no audio files (wav, au, flac, mp3, ogg) under ${folder}`);
    process.exit(1);
  }
  await writeFile(out, formatCsv(rows, header));
  console.log(`wrote ${rows.length} rows x ${header.length} columns to ${out}`);
}

void main();
