/**
 * The AudioWorklet script stored in src/realtime/worklet-source.ts is the bundle of the current
 * worklet-processor.ts and everything it reaches: fails when a change to the analyzer or a kernel
 * was not followed by `npm run build:worklet`.
 */
import { describe, expect, it } from 'vitest';
import { ANALYZER_WORKLET_SOURCE } from '../../src/realtime/worklet-source.js';
import { bundleWorklet } from '../../scripts/build-worklet.js';

describe('src/realtime/worklet-source.ts', () => {
  it('is the bundle of the current sources (run npm run build:worklet when this fails)', async () => {
    const fresh = await bundleWorklet();
    expect(ANALYZER_WORKLET_SOURCE.length).toBe(fresh.length);
    expect(ANALYZER_WORKLET_SOURCE === fresh).toBe(true);
    // self-contained: registers its processor, imports nothing
    expect(fresh).toContain('registerProcessor("mirkit-analyzer"');
    expect(fresh).not.toMatch(/\bimport\s*\(|\brequire\(/);
  }, 60_000);
});
