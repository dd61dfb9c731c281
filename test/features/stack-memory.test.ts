import { describe, expect, it } from 'vitest';
import { createStackMemoryKernel, stackMemory } from '../../src/features/stack-memory.js';
import { chromaStft } from '../../src/features/chroma.js';
import { MirkitError } from '../../src/errors.js';
import { CLIPS, describeShared, fixtureAudio, fixtureFeature, normalisedMaxError } from '../helpers/shared.js';
import { firstColumns, moreMatrix } from '../helpers/more-fixture.js';
import { thrownCode } from '../helpers/errors.js';
import { withinHangBound } from '../helpers/hang-guard.js';

describeShared('stackMemory vs librosa.feature.stack_memory on the default chroma_stft (6 clips)', () => {
  for (const clip of CLIPS) {
    it(clip, () => {
      const ref = moreMatrix(clip, 'feature.stack_memory');
      const fromRef = stackMemory(fixtureFeature(clip, 'chroma_stft'));
      const fromOurs = stackMemory(chromaStft(fixtureAudio(clip), { sr: 22050 }));
      expect([fromOurs.rows, fromOurs.cols]).toEqual([ref.rows, ref.fullCols]);
      const e1 = normalisedMaxError(firstColumns(fromRef, ref.cols), ref.data);
      const e2 = normalisedMaxError(firstColumns(fromOurs, ref.cols), ref.data);
      console.log(`stack_memory ${clip}: ${e1.toExponential(2)} (librosa's chroma), ${e2.toExponential(2)} (ours)`);
      expect(e1).toBe(0);
      expect(e2).toBeLessThanOrEqual(1e-4);
    });
  }
});

describe('stackMemory', () => {
  const data = Float64Array.from([1, 2, 3, 4, 10, 20, 30, 40]); // 2 rows x 4 frames
  const m = { rows: 2, cols: 4, data };
  it('stacks past frames with zeros in front (delay > 0)', () => {
    const s = stackMemory(m, { nSteps: 3, delay: 1 });
    expect(s.rows).toBe(6);
    expect(Array.from(s.data)).toEqual([1, 2, 3, 4, 10, 20, 30, 40, 0, 1, 2, 3, 0, 10, 20, 30, 0, 0, 1, 2, 0, 0, 10, 20]);
  });
  it('stacks future frames with zeros behind (delay < 0)', () => {
    const s = stackMemory(m, { nSteps: 2, delay: -2 });
    expect(Array.from(s.data)).toEqual([1, 2, 3, 4, 10, 20, 30, 40, 3, 4, 0, 0, 30, 40, 0, 0]);
  });
  it('rejects nSteps < 1 and delay 0', () => {
    expect(() => stackMemory(m, { nSteps: 0 })).toThrow(MirkitError);
    expect(() => stackMemory(m, { delay: 0 })).toThrow(MirkitError);
  });
  it('refuses a result of more than 2^28 values (BAD_OPTION), before allocating', () => {
    const long = { rows: 1, cols: 1 << 23, data: new Float32Array(1 << 23) };
    expect(thrownCode(() => stackMemory(long, { nSteps: 1025 }))).toBe('BAD_OPTION');
  });
  it('the streaming kernel equals the batch function (0 frames late for delay > 0)', () => {
    for (const opts of [{}, { nSteps: 3, delay: 2 }, { nSteps: 3, delay: -1 }]) {
      const batch = stackMemory(m, opts);
      const k = createStackMemoryKernel(2, opts);
      const cols: Float64Array[] = [];
      for (let t = 0; t < 4; t++) cols.push(...k.push([data[t], data[4 + t]]));
      expect(cols.length).toBe(Math.max(0, 4 - k.latency));
      cols.push(...k.flush());
      expect(cols.length).toBe(4);
      for (let t = 0; t < 4; t++) for (let r = 0; r < batch.rows; r++) expect(cols[t][r]).toBe(batch.data[r * 4 + t]);
    }
    expect(createStackMemoryKernel(2, { nSteps: 3, delay: -1 }).latency).toBe(2);
  });
  it('the streaming kernel holds only the frames pushed, whatever the delay (no ring of |delay| x nSteps frames up front)', () => {
    for (const opts of [
      { nSteps: 1025, delay: 16777216 },
      { nSteps: 1025, delay: -16777216 },
      { nSteps: 2, delay: 4000000 },
    ]) {
      const cols = withinHangBound(() => {
        const k = createStackMemoryKernel(2, opts);
        const out: Float64Array[] = [];
        for (let t = 0; t < 4; t++) out.push(...k.push([data[t], data[4 + t]]));
        out.push(...k.flush());
        return out;
      });
      const batch = stackMemory(m, opts);
      expect(cols.length).toBe(4);
      for (let t = 0; t < 4; t++) for (let r = 0; r < batch.rows; r++) expect(cols[t][r]).toBe(batch.data[r * 4 + t]);
    }
  });
});
