import { copyFile, mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'tsup';

/**
 * A self-contained ES-module bundle of mirkit for browsers without a bundler (the example page in
 * examples/browser): every dependency bundled, browser builds of them where they have one, Node-only
 * code replaced by src/platform/browser.ts (as the published package's `#platform` alias does).
 * `npm run build:browser` writes examples/browser/build/ (`--out-dir` elsewhere, as the browser test
 * does). PFFFT's two wasm binaries are copied beside the bundle (`pffft-simd.wasm`,
 * `pffft-nonsimd.wasm`); the page hands them to `useWasmFft({ wasmBinary })`.
 * Not part of the npm package: apps with a bundler import `mirkit` (dist/index.js) themselves.
 */
export default defineConfig((cli) => {
  const outDir = cli.outDir ?? 'examples/browser/build';
  return {
    entry: { mirkit: 'examples/browser/entry.ts' },
    outDir,
    format: ['esm'],
    platform: 'browser',
    target: 'es2022',
    // bundle the dependencies too (tsup leaves package.json dependencies external by default)
    noExternal: ['fft.js', 'audio-type', /^@audio\//],
    // the browser side of the platform seam, as the package's `#platform` alias gives bundlers
    esbuildPlugins: [
      {
        name: 'mirkit-platform-browser',
        setup(build) {
          build.onResolve({ filter: /platform\/node\.js$/ }, (a) => ({ path: join(a.resolveDir, a.path.replace(/node\.js$/, 'browser.ts')) }));
        },
      },
    ],
    splitting: true,
    sourcemap: false,
    dts: false,
    clean: true,
    shims: false,
    async onSuccess() {
      const pffft = join(dirname(fileURLToPath(import.meta.url)), 'node_modules', '@echogarden', 'pffft-wasm');
      await mkdir(outDir, { recursive: true });
      await copyFile(join(pffft, 'dist', 'simd', 'pffft.wasm'), join(outDir, 'pffft-simd.wasm'));
      await copyFile(join(pffft, 'dist', 'non-simd', 'pffft.wasm'), join(outDir, 'pffft-nonsimd.wasm'));
    },
  };
});
