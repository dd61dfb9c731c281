import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  dts: { entry: { index: 'src/index.ts' } },
  sourcemap: false,
  clean: true,
  target: 'es2022',
  platform: 'neutral',
  splitting: false,
  shims: true,
  external: [/^node:/, 'fft.js', '@echogarden/pffft-wasm', 'libsvm-js', 'audio-decode', /^@tensorflow\//],
});
