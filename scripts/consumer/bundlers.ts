/**
 * Bundles a consumer entry for the browser with esbuild, webpack 5 or Vite, each with no
 * configuration beyond the entry and the output folder (minified production builds, the defaults
 * of each tool otherwise), and measures the initial chunk: the entry's output plus every chunk it
 * imports statically (lazy `import()` chunks such as the audio decoders are not counted).
 */
import { readFileSync, statSync } from 'node:fs';
import { basename, join } from 'node:path';

/** The bundlers the consumer test runs. */
export const BUNDLERS = ['esbuild', 'webpack', 'vite'] as const;
export type Bundler = (typeof BUNDLERS)[number];

/** One bundle's outcome. */
export interface BundleResult {
  bundler: Bundler;
  /** Minified bytes of the initial chunk (entry + static imports). */
  initialBytes: number;
  /** Number of lazy chunks emitted beside it. */
  lazyChunks: number;
  /** The entry's output file (an ES module for esbuild). */
  entryFile: string;
}

/** Sum of the sizes of `start` and everything reachable from it through `staticImports`. */
function closure(start: string, staticImports: (file: string) => string[], size: (file: string) => number): number {
  const seen = new Set<string>();
  const stack = [start];
  let total = 0;
  while (stack.length) {
    const f = stack.pop()!;
    if (seen.has(f)) continue;
    seen.add(f);
    total += size(f);
    stack.push(...staticImports(f));
  }
  return total;
}

async function withEsbuild(entry: string, outDir: string): Promise<BundleResult> {
  const esbuild = await import('esbuild');
  const r = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    platform: 'browser',
    format: 'esm',
    splitting: true,
    minify: true,
    outdir: outDir,
    metafile: true,
    logLevel: 'silent',
  });
  const outputs = r.metafile.outputs;
  // the entry's own output (lazy chunks of dynamic imports have an entryPoint too)
  const entryOut = Object.keys(outputs).find((k) => outputs[k].entryPoint !== undefined && entry.endsWith(outputs[k].entryPoint!))!;
  const initial = closure(
    entryOut,
    (f) => outputs[f].imports.filter((i) => i.kind === 'import-statement' && !i.external).map((i) => i.path),
    (f) => outputs[f].bytes,
  );
  const js = Object.keys(outputs).filter((k) => k.endsWith('.js'));
  return { bundler: 'esbuild', initialBytes: initial, lazyChunks: js.length - 1, entryFile: join(process.cwd(), entryOut) };
}

async function withWebpack(entry: string, outDir: string, context: string): Promise<BundleResult> {
  const { default: webpack } = await import('webpack');
  const stats = await new Promise<import('webpack').Stats>((ok, fail) => {
    webpack({ mode: 'production', context, entry, output: { path: outDir } }, (err, s) => (err || !s ? fail(err) : ok(s)));
  });
  const json = stats.toJson({ all: false, assets: true, entrypoints: true, errors: true });
  if (stats.hasErrors()) throw new Error(`webpack: ${json.errors?.map((e) => e.message).join('\n')}`);
  const assets = json.entrypoints!.main.assets!.filter((a) => a.name.endsWith('.js'));
  const initial = assets.reduce((s, a) => s + (a.size ?? statSync(join(outDir, a.name)).size), 0);
  const all = (json.assets ?? []).filter((a) => a.name.endsWith('.js'));
  return { bundler: 'webpack', initialBytes: initial, lazyChunks: all.length - assets.length, entryFile: join(outDir, assets[0].name) };
}

interface ViteChunk {
  type: 'chunk' | 'asset';
  fileName: string;
  isEntry?: boolean;
  imports?: string[];
  code?: string;
}

async function withVite(entry: string, outDir: string, root: string): Promise<BundleResult> {
  const vite = await import('vite');
  const out = await vite.build({
    configFile: false,
    root,
    logLevel: 'silent',
    build: { outDir, emptyOutDir: true, rollupOptions: { input: entry } },
  });
  const first = (Array.isArray(out) ? out[0] : out) as { output: ViteChunk[] };
  const byName = new Map(first.output.map((c) => [c.fileName, c]));
  const entryChunk = first.output.find((c) => c.type === 'chunk' && c.isEntry)!;
  const initial = closure(
    entryChunk.fileName,
    (f) => byName.get(f)?.imports ?? [],
    (f) => Buffer.byteLength(byName.get(f)?.code ?? ''),
  );
  const chunks = first.output.filter((c) => c.type === 'chunk');
  return { bundler: 'vite', initialBytes: initial, lazyChunks: chunks.length - 1, entryFile: join(outDir, entryChunk.fileName) };
}

/** Bundles `entry` (a file inside the consumer project `root`) with `bundler` into `outDir`. */
export async function bundle(bundler: Bundler, entry: string, outDir: string, root: string): Promise<BundleResult> {
  const cwd = process.cwd();
  process.chdir(root); // each tool resolves 'mirkit' from the consumer project, as a user's build would
  try {
    if (bundler === 'esbuild') return await withEsbuild(entry, outDir);
    if (bundler === 'webpack') return await withWebpack(entry, outDir, root);
    return await withVite(entry, outDir, root);
  } finally {
    process.chdir(cwd);
  }
}

/** The text of a built file (for running it). */
export function readBundle(file: string): string {
  return readFileSync(file, 'utf8');
}

/** The file name without folders. */
export const fileName = basename;
