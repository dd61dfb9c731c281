/**
 * The public API changes only by additions: every line of the committed docs/api-report.txt (an
 * export of src/index.ts with its kind, or a public member of an exported interface, class or
 * object type) must still be there, and the report must be current (`npm run api-report`
 * rewrites it; review the diff: a removed or renamed line is a breaking change).
 */
import { describe, expect, it } from 'vitest';
import { apiReport, committedApiReport } from '../../scripts/api-report.js';

describe('API report (docs/api-report.txt)', () => {
  const current = apiReport();
  const committed = committedApiReport();

  it('lists the exports and their members', () => {
    // a few anchors of ../shared/API.md, so that an empty or broken report cannot pass
    for (const line of ['function mfcc', 'function classify', 'function createAnalyzer', 'class SVC.fit', 'interface MfccOptions.nMfcc']) {
      expect(current, line).toContain(line);
    }
    expect(current.length).toBeGreaterThan(1000);
  });

  it('keeps every committed entry (no export or member removed or renamed)', () => {
    const have = new Set(current);
    const removed = committed.filter((l) => !have.has(l));
    expect(removed, `removed from the public API:\n${removed.join('\n')}`).toEqual([]);
  });

  it('is up to date (run npm run api-report after adding to the API)', () => {
    const known = new Set(committed);
    const added = current.filter((l) => !known.has(l));
    expect(added, `new in the public API, not yet in docs/api-report.txt:\n${added.join('\n')}`).toEqual([]);
  });
}, 120_000);
