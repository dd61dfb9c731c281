/**
 * The per-function key lists of src/option-keys.ts and src/constructor-option-keys.ts: the records
 * of src/option-table.ts hold exactly them, and a minified esbuild bundle that uses one list holds
 * no other (the point of one export per function: a consumer bundle of `{ mfcc }` does not carry
 * the keys of every other entry point).
 */
import { build } from 'esbuild';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import * as C from '../src/constructor-option-keys.js';
import * as K from '../src/option-keys.js';
import { CONSTRUCTOR_OPTIONS, ENTRY_POINT_OPTIONS } from '../src/option-table.js';

const src = join(resolve(dirname(fileURLToPath(import.meta.url)), '..'), 'src');

/** Minified bundle text of an entry module that hands `names` of `module` to the page. */
async function bundleOf(module: string, names: string[]): Promise<string> {
  const r = await build({
    stdin: {
      contents: `import { ${names.join(', ')} } from '${join(src, module)}';\nglobalThis.keys = [${names.join(', ')}];\n`,
      resolveDir: src,
      loader: 'ts',
    },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    write: false,
    logLevel: 'silent',
  });
  return r.outputFiles[0].text;
}

describe('per-function option key lists', () => {
  it('every list of the two records is an export of the key modules, and every export is in a record', () => {
    const entryLists = new Set<unknown>(Object.values(ENTRY_POINT_OPTIONS));
    const ctorLists = new Set<unknown>(Object.values(CONSTRUCTOR_OPTIONS));
    for (const [name, list] of Object.entries(K)) expect(entryLists.has(list), name).toBe(true);
    for (const [name, list] of Object.entries(C)) expect(ctorLists.has(list), name).toBe(true);
    const exported = new Set<unknown>([...Object.values(K), ...Object.values(C)]);
    for (const [fn, list] of [...Object.entries(ENTRY_POINT_OPTIONS), ...Object.entries(CONSTRUCTOR_OPTIONS)]) expect(exported.has(list), fn).toBe(true);
  });

  it('a bundle using MFCC_OPTIONS holds mfcc keys and none of the keys only other functions accept', async () => {
    const text = await bundleOf('option-keys.ts', ['MFCC_OPTIONS']);
    for (const key of K.MFCC_OPTIONS) expect(text, key).toContain(`"${key}"`);
    const mfccKeys = new Set<string>(K.MFCC_OPTIONS);
    const others = [...new Set(Object.values(ENTRY_POINT_OPTIONS).flat())].filter((k) => !mfccKeys.has(k));
    expect(others.length).toBeGreaterThan(100);
    for (const key of others) expect(text, key).not.toContain(`"${key}"`);
  });

  it('a bundle using SVC_OPTIONS holds none of the keys only other classes accept', async () => {
    const text = await bundleOf('constructor-option-keys.ts', ['SVC_OPTIONS']);
    for (const key of C.SVC_OPTIONS) expect(text, key).toContain(`"${key}"`);
    const svcKeys = new Set<string>(C.SVC_OPTIONS);
    for (const key of new Set(Object.values(CONSTRUCTOR_OPTIONS).flat())) if (!svcKeys.has(key)) expect(text, key).not.toContain(`"${key}"`);
  });
});
