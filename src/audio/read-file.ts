/**
 * Reading an audio file's bytes in Node for `loadAudio`: regular files only, bounded by
 * {@link MAX_INPUT_BYTES}, in one buffer of their own.
 */
import { MirkitError } from '../errors.js';
import { MAX_INPUT_BYTES } from '../limits.js';
import { nodeFs } from '../platform/node.js';

/**
 * The bytes of the audio file at `path` (Node only). Throws `UNSUPPORTED` for a FIFO, device or
 * socket (reading one could block or never end) and for a file above {@link MAX_INPUT_BYTES},
 * `FILE_NOT_FOUND` when it cannot be read.
 */
export async function readFileBytes(path: string, take?: (byteLength: number) => ArrayBuffer | undefined): Promise<Uint8Array> {
  const fs = await nodeFs(); // UNSUPPORTED outside Node (the browser build's platform module)
  try {
    // stat before open: opening a FIFO blocks until a writer comes, and a device reads forever
    const st = await fs.stat(path);
    if (!st.isFile() && !st.isDirectory()) {
      const kind = st.isFIFO()
        ? 'a FIFO (named pipe)'
        : st.isCharacterDevice() || st.isBlockDevice()
          ? 'a device'
          : st.isSocket()
            ? 'a socket'
            : 'not a regular file';
      throw new MirkitError(
        'UNSUPPORTED',
        `cannot read audio file '${path}': it is ${kind}; loadAudio reads regular files (read a stream yourself and pass the bytes)`,
        { path },
      );
    }
    if (st.size > MAX_INPUT_BYTES) throw tooLarge(path, st.size);
    return await readWhole(fs, path, take);
  } catch (e) {
    if (e instanceof MirkitError) throw e;
    const code = (e as { code?: string }).code;
    const why =
      code === 'ENOENT'
        ? 'no such file'
        : code === 'EISDIR'
          ? 'it is a directory'
          : code === 'EACCES'
            ? 'permission denied'
            : String((e as Error)?.message ?? e);
    throw new MirkitError('FILE_NOT_FOUND', `cannot read audio file '${path}': ${why}`, { path, cause: code });
  }
}

/**
 * The whole file in one buffer of its own (`take`'s, else a fresh one; never a slice of a shared
 * pool), read with few round trips: open, stat, one read of the whole size (more only where the OS returns
 * less or the size is unknown), close.
 */
async function readWhole(fs: typeof import('node:fs/promises'), path: string, take?: (byteLength: number) => ArrayBuffer | undefined): Promise<Uint8Array> {
  const h = await fs.open(path, 'r');
  try {
    const { size } = await h.stat();
    // a spare buffer the caller owns, else Buffer.allocUnsafeSlow: an unpooled buffer of its own,
    // not zero-filled (the read fills it; a short read is cut below), which spares touching every
    // page twice
    const spare = size > 0 ? take?.(size) : undefined;
    let buf: Uint8Array = spare ? new Uint8Array(spare, 0, size) : Buffer.allocUnsafeSlow(size > 0 ? size : 1 << 16);
    let at = 0;
    for (;;) {
      if (at === buf.length) {
        if (size > 0) break; // all the bytes stat announced
        if (buf.length >= MAX_INPUT_BYTES) throw tooLarge(path, buf.length);
        const grown: Uint8Array = Buffer.allocUnsafeSlow(2 * buf.length); // size unknown (a pipe, /proc): read to the end
        grown.set(buf);
        buf = grown;
      }
      const { bytesRead } = await h.read(buf, at, buf.length - at, at);
      if (bytesRead === 0) break;
      at += bytesRead;
    }
    return at === buf.length ? buf : buf.slice(0, at);
  } finally {
    await h.close();
  }
}

/** `UNSUPPORTED`: an input above {@link MAX_INPUT_BYTES} (1 GiB). */
export function tooLarge(what: string, bytes: number): MirkitError {
  return new MirkitError(
    'UNSUPPORTED',
    `'${what}' holds ${bytes} bytes or more, above loadAudio's bound of ${MAX_INPUT_BYTES} bytes (1 GiB): split the file first`,
    { bytes, bound: MAX_INPUT_BYTES },
  );
}
