/**
 * The synthetic signal every fixture in this folder was encoded from (see README.md): 1 s of
 * 16-bit stereo at 44.1 kHz, an A-major chord with a click train on each channel (the clicks of
 * the right channel half-way between those of the left), 10 ms fades at both ends.
 */
import { sampleOffset, wavFile } from '../../helpers/wav.js';

export const REF_SR = 44100;
export const REF_LENGTH = 44100;

/** The reference's 16-bit samples, channel by channel (`[left, right]`). */
export function referenceInt16(): [Int16Array, Int16Array] {
  const out: [Int16Array, Int16Array] = [new Int16Array(REF_LENGTH), new Int16Array(REF_LENGTH)];
  const chord = [220, 277.18, 329.63];
  const amps = [
    [0.2, 0.15, 0.12],
    [0.1, 0.2, 0.15],
  ];
  const fade = Math.round(0.01 * REF_SR);
  const period = REF_SR / 8; // a click every 125 ms
  for (let c = 0; c < 2; c++) {
    for (let i = 0; i < REF_LENGTH; i++) {
      const t = i / REF_SR;
      let v = 0;
      for (let k = 0; k < 3; k++) v += amps[c][k] * Math.sin(2 * Math.PI * chord[k] * t + c * (k + 1));
      // a 2 kHz burst decaying over ~1.5 ms at each click
      const since = (i + (c === 1 ? period / 2 : 0)) % period;
      if (since < 256) v += 0.3 * Math.exp(-since / 64) * Math.sin((2 * Math.PI * 2000 * since) / REF_SR);
      const g = Math.min(1, i / fade, (REF_LENGTH - 1 - i) / fade);
      out[c][i] = Math.round(v * g * 32767);
    }
  }
  return out;
}

/** The reference as float samples (int16 / 32768, as the decoders scale 16-bit PCM). */
export function referenceFloat(): [Float32Array, Float32Array] {
  return referenceInt16().map((ch) => Float32Array.from(ch, (v) => v / 32768)) as [Float32Array, Float32Array];
}

/** The reference as a 16-bit PCM WAV file (what the fixtures were encoded from). */
export function referenceWav(): Uint8Array {
  const [l, r] = referenceInt16();
  const { bytes, view } = wavFile(l.length, REF_SR, 'pcm16', 2);
  for (let i = 0; i < l.length; i++) {
    view.setInt16(sampleOffset(i, 0, 2, 'pcm16'), l[i], true);
    view.setInt16(sampleOffset(i, 1, 2, 'pcm16'), r[i], true);
  }
  return bytes;
}
