/**
 * A small deterministic music generator for the demo and examples: kick, snare and hi-hat on a
 * tempo grid, a bass line and sustained triads. No file or network needed.
 */
export interface SynthOptions {
  /** Sample rate in Hz. Default 22050. */
  sr?: number;
  /** Length in seconds. Default 30. */
  seconds?: number;
  /** Tempo in BPM. Default 120. */
  bpm?: number;
  /** Seed for the noise of the drums. Default 1. */
  seed?: number;
}

/** Generates a mono clip in [-1, 1]. */
export function synthesizeClip({ sr = 22050, seconds = 30, bpm = 120, seed = 1 }: SynthOptions = {}): Float32Array {
  const n = Math.round(sr * seconds);
  const y = new Float32Array(n);
  let s = seed >>> 0 || 1;
  const rand = (): number => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 4294967296 - 0.5;
  };
  const beat = (60 / bpm) * sr;
  const chords = [
    [261.63, 329.63, 392.0],
    [220.0, 261.63, 329.63],
    [174.61, 220.0, 261.63],
    [196.0, 246.94, 293.66],
  ];
  const bass = [65.41, 55.0, 43.65, 49.0];
  const totalBeats = Math.floor(n / beat);
  for (let b = 0; b < totalBeats; b++) {
    const start = Math.round(b * beat);
    const bar = Math.floor(b / 4) % 4;
    // kick on 1 and 3, snare on 2 and 4, hats on eighths
    const kick = b % 2 === 0;
    for (let i = 0; i < beat && start + i < n; i++) {
      const t = i / sr;
      let v = 0;
      if (kick) v += 0.6 * Math.sin(2 * Math.PI * (50 + 80 * Math.exp(-t * 30)) * t) * Math.exp(-t * 8);
      else v += 0.3 * rand() * Math.exp(-t * 20) + 0.2 * Math.sin(2 * Math.PI * 180 * t) * Math.exp(-t * 15);
      const half = i >= beat / 2 ? i - beat / 2 : i;
      v += 0.08 * rand() * Math.exp((-half / sr) * 60);
      v += 0.25 * Math.sin(2 * Math.PI * bass[bar] * t) * Math.exp(-t * 2);
      for (const f of chords[bar]) v += 0.07 * Math.sin(2 * Math.PI * f * ((start + i) / sr));
      y[start + i] += v;
    }
  }
  let peak = 0;
  for (let i = 0; i < n; i++) peak = Math.max(peak, Math.abs(y[i]));
  if (peak > 0) for (let i = 0; i < n; i++) y[i] = (0.9 * y[i]) / peak;
  return y;
}
