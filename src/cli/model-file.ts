/**
 * The model file `mirkit train --out` writes: checked before training and replaced whole. An
 * existing file is replaced only when it is itself a saved mirkit model (a retrain in place); any
 * other file (the feature CSV, a song, a symlink to one, a directory) is refused before anything is
 * fitted, and left as it was. Node only.
 */
import { MirkitError } from '../errors.js';
import { MODEL_FORMAT } from '../classifiers/base.js';

/** Saved models larger than this are not read back to check them (a model JSON is a few MB). */
const MAX_CHECKED_BYTES = 1 << 30;

const refuse = (out: string, why: string): never => {
  throw new MirkitError('BAD_OPTION', `${out} exists and ${why}; it was left untouched: choose another --out`, { path: out, option: 'out' });
};

/**
 * Checks that `out` may receive a model: absent, or a regular file holding a saved mirkit model
 * (`format: 'mirkit-model'`; a symlink is judged by what it points to). Creates its folder.
 *
 * @throws MirkitError `BAD_OPTION` when `out` exists and is anything else (nothing is changed)
 */
export async function checkModelOut(out: string): Promise<void> {
  const fs = await import('node:fs/promises');
  const path = await import('node:path');
  let size: number;
  try {
    const st = await fs.stat(out);
    if (!st.isFile()) refuse(out, 'is not a regular file');
    size = st.size;
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const link = await fs.lstat(out).catch(() => undefined);
    if (link?.isSymbolicLink()) refuse(out, 'is a symbolic link to nothing');
    await fs.mkdir(path.dirname(path.resolve(out)), { recursive: true });
    return;
  }
  if (size > MAX_CHECKED_BYTES) refuse(out, 'is too large to be a saved mirkit model');
  let format: unknown;
  try {
    format = (JSON.parse(await fs.readFile(out, 'utf8')) as { format?: unknown } | null)?.format;
  } catch {
    format = undefined;
  }
  if (format !== MODEL_FORMAT) refuse(out, 'is not a saved mirkit model (only a model file is replaced)');
}

/**
 * Writes `text` to `out` whole: into a temporary file beside it, then renamed over it, so an
 * interrupted write never leaves half a model (a symlink at `out` is replaced, its target kept).
 */
export async function writeModelFile(out: string, text: string): Promise<void> {
  const fs = await import('node:fs/promises');
  const { randomBytes } = await import('node:crypto');
  const tmp = `${out}.${randomBytes(6).toString('hex')}.tmp`;
  let created = false; // only a file this call created is removed on failure
  try {
    const file = await fs.open(tmp, 'wx');
    created = true;
    try {
      await file.writeFile(text);
    } finally {
      await file.close();
    }
    await fs.rename(tmp, out);
  } catch (e) {
    if (created) await fs.rm(tmp, { force: true }).catch(() => undefined);
    throw e;
  }
}
