/**
 * Names the genre of audio files with the bundled model.
 *
 *   npx tsx examples/classify-file.ts song.mp3 [more files...]
 *
 * Any format `loadAudio` decodes (wav, mp3, ogg, flac, ...). A track longer than 30 s is judged in
 * up to three 30 s windows spread over it, whose probabilities are averaged.
 */
import { classify, isMirkitError } from '../src/index.js';

async function main(): Promise<void> {
  const files = process.argv.slice(2);
  if (files.length === 0) {
    console.error('usage: npx tsx examples/classify-file.ts <audio files...>');
    process.exit(2);
  }
  let failed = 0;
  for (const file of files) {
    try {
      const { genre, probabilities, windows } = await classify(file);
      const top = Object.entries(probabilities)
        .sort((a, b) => b[1] - a[1])
        .slice(0, 3)
        .map(([g, p]) => `${g} ${(p * 100).toFixed(1)}%`)
        .join(', ');
      console.log(`${file}: ${genre}  (${top}; ${windows.length} window${windows.length === 1 ? '' : 's'})`);
    } catch (e) {
      failed++;
      console.error(`${file}: ${isMirkitError(e) ? `${e.code}: ${e.message}` : String(e)}`);
    }
  }
  if (failed) process.exit(1);
}

void main();
