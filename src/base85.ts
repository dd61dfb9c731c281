/**
 * Base-85 text for binary data embedded in the package (the PFFFT module, the power kernel): ZeroMQ's
 * Z85 alphabet (RFC 32), which holds no quote or backslash, so the text sits in a plain string
 * literal; 5 characters per 4 bytes (base64 takes 5.33), no `atob` or `Buffer`, so every host
 * decodes it alike.
 * @internal
 * @packageDocumentation
 */

const ALPHABET = '0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ.-:+=^!/*?&<>()[]{}@%$#';

/** Bytes -> base-85 text; the bytes are padded with zeros to a multiple of 4. @internal */
export function bytesToBase85(bytes: Uint8Array): string {
  const parts: string[] = [];
  for (let i = 0; i < bytes.length; i += 4) {
    let v = ((bytes[i] << 24) | ((bytes[i + 1] ?? 0) << 16) | ((bytes[i + 2] ?? 0) << 8) | (bytes[i + 3] ?? 0)) >>> 0;
    let group = '';
    for (let j = 0; j < 5; j++) {
      group = ALPHABET[v % 85] + group;
      v = Math.floor(v / 85);
    }
    parts.push(group);
  }
  return parts.join('');
}

/** Base-85 text (a multiple of 5 characters) -> its bytes (4 per 5 characters, padding included). @internal */
export function base85ToBytes(text: string): Uint8Array {
  const lookup = new Uint8Array(128);
  for (let i = 0; i < 85; i++) lookup[ALPHABET.charCodeAt(i)] = i;
  const out = new Uint8Array((text.length / 5) * 4);
  for (let i = 0, o = 0; o < out.length; i += 5, o += 4) {
    let v = 0;
    for (let j = 0; j < 5; j++) v = v * 85 + lookup[text.charCodeAt(i + j)];
    out[o] = v >>> 24;
    out[o + 1] = (v >>> 16) & 255;
    out[o + 2] = (v >>> 8) & 255;
    out[o + 3] = v & 255;
  }
  return out;
}
