/**
 * Stable error codes carried by {@link MirkitError}. Codes never change meaning between
 * releases, so callers may branch on them.
 */
export type MirkitErrorCode =
  | 'EMPTY_INPUT'
  | 'NON_FINITE'
  | 'BAD_SAMPLE_RATE'
  | 'BAD_OPTION'
  /** An options object holds a key the function does not accept (librosa's snake_case spelling, a typo). */
  | 'UNKNOWN_OPTION'
  | 'BAD_SHAPE'
  | 'TOO_SHORT'
  | 'DECODE_FAILED'
  | 'FILE_NOT_FOUND'
  | 'UNSUPPORTED'
  | 'BAD_MODEL'
  | 'NOT_FITTED'
  | 'BAD_LABELS'
  | 'BAD_DATA'
  /** An optional component (TensorFlow.js for the neural models) is not loaded yet; await its loader first. */
  | 'NOT_READY'
  /** An optional peer package is not installed (TensorFlow.js for the neural models); the message says what to install. */
  | 'MISSING_DEPENDENCY';

/**
 * The one error type mirkit throws for bad input, bad options or bad models.
 *
 * @example
 * ```ts
 * try { mfcc(new Float32Array(0)) } catch (e) {
 *   if (e instanceof MirkitError && e.code === 'EMPTY_INPUT') { ... }
 * }
 * ```
 */
export class MirkitError extends Error {
  /** Stable machine-readable code. */
  readonly code: MirkitErrorCode;
  /** Optional structured detail (the offending option name, value, shape...). */
  readonly details?: Record<string, unknown>;

  /**
   * @param code - stable code, see {@link MirkitErrorCode}
   * @param message - what went wrong and what to do about it
   * @param details - optional structured context
   */
  constructor(code: MirkitErrorCode, message: string, details?: Record<string, unknown>) {
    super(message);
    this.name = 'MirkitError';
    this.code = code;
    if (details !== undefined) this.details = details;
  }
}

/** True when `e` is a {@link MirkitError}, optionally of the given code. */
export function isMirkitError(e: unknown, code?: MirkitErrorCode): e is MirkitError {
  return e instanceof MirkitError && (code === undefined || e.code === code);
}
