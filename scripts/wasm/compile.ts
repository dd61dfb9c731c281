/**
 * Compiles a WebAssembly text file of scripts/wasm with wabt (a devDependency: the package ships the
 * binary embedded, never the compiler), with the SIMD and bulk-memory features mirkit's kernels use.
 */
import { readFileSync } from 'node:fs';
import wabtInit from 'wabt';

/** The binary module of `watPath`, validated. */
export async function compileWat(watPath: string): Promise<Uint8Array> {
  const wabt = await wabtInit();
  const module = wabt.parseWat(watPath, readFileSync(watPath, 'utf8'), { simd: true, bulk_memory: true });
  try {
    module.validate();
    return Uint8Array.from(module.toBinary({}).buffer);
  } finally {
    module.destroy();
  }
}
