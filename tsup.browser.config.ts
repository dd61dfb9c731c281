import { defineConfig } from 'tsup';

/**
 * A self-contained ES-module bundle of mirkit for browsers without a bundler (the example page in
 * examples/browser): every dependency bundled, browser builds of them where they have one, Node-only
 * branches (`node:*` behind dynamic imports on the file-path paths) left external and never reached.
 * `npm run build:browser` writes examples/browser/build/. Not part of the npm package: apps with a
 * bundler import `mirkit` (dist/index.js) and bundle it themselves.
 */
export default defineConfig({
  entry: { mirkit: 'examples/browser/entry.ts' },
  outDir: 'examples/browser/build',
  format: ['esm'],
  platform: 'browser',
  target: 'es2022',
  // bundle the dependencies too (tsup leaves package.json dependencies external by default)
  noExternal: ['fft.js', 'audio-decode', 'libsvm-js', '@echogarden/pffft-wasm', /^@tensorflow\//],
  // Node built-ins reached only on Node branches of emscripten/wasm loaders, and audio-decode's one codec that is not installed
  external: [/^node:/, 'fs', 'path', 'crypto', 'module', 'url', 'worker_threads', '@audio/decode-ape'],
  splitting: true,
  sourcemap: false,
  dts: false,
  clean: true,
  shims: false,
});
