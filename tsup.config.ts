import { readdir, readFile, writeFile } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';
import { defineConfig } from 'tsup';

/**
 * The published layout (see package.json `exports` / `imports`):
 * - `dist/**.js`: the library as ES modules, one file per source file (not bundled), so that
 *   consumer bundlers drop whole unused modules (`sideEffects: false`) and split every lazy
 *   `import()` (compressed-format decoders, TensorFlow.js) into chunks of its own. The one import
 *   that differs between environments, `platform/node.js`, is rewritten to the `#platform` alias,
 *   which package.json maps to `platform/node.js` under the `node` condition and to
 *   `platform/browser.js` everywhere else.
 * - `dist/index.cjs`: the same library as one CommonJS file for `require('mirkit')` in Node.
 * - `dist/index.d.ts` / `dist/index.d.cts`: one self-contained declaration file (no third-party types).
 * - `dist/cli.js`: the `mirkit` command, one ES module (also the extraction workers' entry).
 */
const DEPENDENCIES = [/^node:/, /^@audio\//, 'audio-type', 'fft.js', '@echogarden/pffft-wasm', 'libsvm-js', /^@tensorflow\//];

/** Rewrites `../platform/node.js` (any depth) to `#platform` in the unbundled ES modules. */
async function aliasPlatform(dir: string): Promise<void> {
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (!entry.isFile() || !entry.name.endsWith('.js')) continue;
    const file = join(entry.parentPath, entry.name);
    if (relative(dir, file).split(sep)[0] === 'platform') continue;
    const text = await readFile(file, 'utf8');
    const next = text.replace(/(["'])(?:\.\.?\/)+platform\/node\.js\1/g, '"#platform"');
    if (next !== text) await writeFile(file, next);
  }
}

export default defineConfig([
  {
    entry: ['src/**/*.ts', '!src/cli/**'],
    outDir: 'dist',
    format: ['esm'],
    bundle: false,
    platform: 'neutral',
    target: 'es2022',
    sourcemap: false,
    dts: false,
    async onSuccess() {
      await aliasPlatform('dist');
    },
  },
  {
    entry: { index: 'src/index.ts' },
    outDir: 'dist',
    format: ['cjs'],
    platform: 'node',
    target: 'es2022',
    sourcemap: false,
    dts: { entry: { index: 'src/index.ts' } },
    shims: true,
    // audio-type is an ES module only, whose default export a `require` does not give (Node 20.19+
    // requires it as its namespace): its few lines are bundled into the CommonJS file instead
    external: DEPENDENCIES.filter((d) => d !== 'audio-type'),
    noExternal: ['audio-type'],
    // (npm run build then copies index.d.cts to index.d.ts: one declaration file serves both entries)
  },
  {
    entry: { cli: 'src/cli/main.ts' },
    outDir: 'dist',
    format: ['esm'],
    platform: 'node',
    target: 'es2022',
    sourcemap: false,
    dts: false,
    splitting: false,
    shims: true,
    external: DEPENDENCIES,
  },
]);
