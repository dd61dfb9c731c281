/**
 * The speed goals of the issues, as a ratio to librosa's time for the same stage on the same clip
 * (wall-clock medians): issue 15 (the short stages, HPSS, the feature sets, `classify` and loading
 * on the default path; the `fft: 'js'` path's own goals) and issue 20 (the newer stages on the
 * default path). {@link goalFor} reads a benchmark row's stage label; `npm run bench` prints the
 * goal and whether the row meets it.
 */

/** Goals on the default path (`auto`) and, where the issue sets one, with `fft: 'js'`. */
const GOALS: Array<{ stage: RegExp; auto: number; js?: number }> = [
  // issue 15: short stages
  { stage: /^(melSpectrogram|mfcc \(20\)|onsetStrength|tempo|beatTrack|chromaStft|chromaCqt|tonnetz)$/, auto: 0.5, js: 1 },
  { stage: /^hpssAudio$/, auto: 0.08, js: 0.2 },
  { stage: /^extractFeatures (seed|gtzan57)$/, auto: 0.12, js: 1 / 3 },
  { stage: /^classify 30 s \(\{ y, sr \}\)$/, auto: 0.08 },
  { stage: /^loadAudio .*\.(mp3|ogg)$/, auto: 1 },
  // issue 20: the newer stages (pyin: 0.1)
  {
    stage:
      /^(delta \(order [12]\)|stackMemory|onsetDetect|onsetDetect \(backtrack\)|onsetBacktrack|tempogram|fourierTempogram \|\.\||plp|yin \(C2\.\.C7\)|vqt \(84 bins, \|V\|\)|chromaVqt|trim|split)$/,
    auto: 0.5,
  },
  { stage: /^pyin /, auto: 0.1 },
];

/**
 * The goal (ratio to librosa's time) of a benchmark row, from its label `"<path>: <stage>"` (`path`
 * `auto (...)` or `js`; a label without a path is the default path's), or `undefined` where no
 * issue sets one.
 */
export function goalFor(label: string): number | undefined {
  const m = /^(auto \([^)]*\)|js): (.*)$/.exec(label);
  const path = m ? (m[1] === 'js' ? 'js' : 'auto') : 'auto';
  const stage = m ? m[2] : label;
  const g = GOALS.find((x) => x.stage.test(stage));
  return g ? (path === 'js' ? g.js : g.auto) : undefined;
}
