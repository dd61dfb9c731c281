/**
 * WebAssembly module bytes shared by the hand-assembled and embedded modules: the header every
 * module starts with, and the host's SIMD check.
 */

/** The first eight bytes of every WebAssembly binary: the magic `\0asm` and version 1. */
export const WASM_HEADER: readonly number[] = [0x00, 0x61, 0x73, 0x6d, 0x01, 0x00, 0x00, 0x00];

/** A tiny module whose one function uses a v128 value: valid only where WebAssembly SIMD is. */
const SIMD_PROBE = new Uint8Array([
  ...WASM_HEADER,
  ...[0x01, 0x05, 0x01, 0x60, 0x00, 0x01, 0x7b], // type section: () -> v128
  ...[0x03, 0x02, 0x01, 0x00], // function section: one function of type 0
  ...[0x0a, 0x08, 0x01, 0x06, 0x00, 0x41, 0x00, 0xfd, 0x0f, 0x0b], // code: i32.const 0; i8x16.splat; end
]);

/** True where WebAssembly exists and validates SIMD instructions. */
export function wasmSimdSupported(): boolean {
  try {
    return typeof WebAssembly === 'object' && WebAssembly.validate(SIMD_PROBE);
  } catch {
    return false;
  }
}
