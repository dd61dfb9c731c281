/**
 * Entry of the browser bundle used by examples/browser/index.html (`npm run build:browser`):
 * the whole mirkit API plus the demo clip generator, with every dependency bundled for the browser.
 */
export * from '../../src/index.js';
export { synthesizeClip, type SynthOptions } from '../synth.js';
