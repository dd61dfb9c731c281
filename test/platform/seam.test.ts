// The platform seam: outside src/platform (and the Node-only CLI), no module may load a Node built-in at
// run time, or bundlers fail on it in a browser build (CI's consumer test found one in embeddings.ts).
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { describe, expect, it } from 'vitest';

const SRC = join(__dirname, '..', '..', 'src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const p = join(dir, name);
    return statSync(p).isDirectory() ? sources(p) : p.endsWith('.ts') ? [p] : [];
  });
}

/** Runtime loads of `node:*`: static imports that are not `import type`, dynamic `import()` and `require()`. */
function runtimeNodeImports(text: string): string[] {
  const found: string[] = [];
  for (const m of text.matchAll(/^\s*import\s+(?!type\b)[^;]*?from\s+['"](node:[^'"]+)['"]/gm)) found.push(m[1]);
  for (const m of text.matchAll(/(?<!typeof\s)\bimport\(\s*['"](node:[^'"]+)['"]\s*\)/g)) found.push(m[1]);
  for (const m of text.matchAll(/\brequire\(\s*['"](node:[^'"]+)['"]\s*\)/g)) found.push(m[1]);
  return found;
}

describe('platform seam', () => {
  it('the scanner sees each kind of runtime import and ignores type-only ones', () => {
    expect(runtimeNodeImports("import { a } from 'node:fs';")).toEqual(['node:fs']);
    expect(runtimeNodeImports("const fs = await import('node:fs/promises');")).toEqual(['node:fs/promises']);
    expect(runtimeNodeImports("const m = require('node:module');")).toEqual(['node:module']);
    expect(runtimeNodeImports("import type * as F from 'node:fs/promises';\nlet f: typeof import('node:fs/promises');")).toEqual([]);
  });

  it('no module outside src/platform and src/cli loads a Node built-in', () => {
    const offenders: string[] = [];
    for (const file of sources(SRC)) {
      const rel = relative(SRC, file);
      if (rel.startsWith('platform') || rel.startsWith('cli')) continue;
      for (const spec of runtimeNodeImports(readFileSync(file, 'utf8'))) offenders.push(`${rel}: ${spec}`);
    }
    expect(offenders).toEqual([]);
  });
});
