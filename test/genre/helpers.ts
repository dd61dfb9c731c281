/** The feature-set tolerance of the issue: 1e-3 relative, or 1e-4 absolute for values near zero. */
export function closeEnough(ours: number, ref: number): boolean {
  return Math.abs(ours - ref) <= 1e-4 || Math.abs(ours - ref) <= 1e-3 * Math.abs(ref);
}
