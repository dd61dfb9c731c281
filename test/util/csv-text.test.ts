import { describe, expect, it } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import { parseEmbeddingSet, parseGtzanTable } from '../../src/index.js';
import { csvRecords, parseCsv, parseCsvLine } from '../../src/util/csv-text.js';

describe('parseCsvLine (one record, the rules of parseCsv)', () => {
  it('splits quoted fields with commas and doubled quotes', () => {
    expect(parseCsvLine('a,"b, c","say ""hi""",')).toEqual(['a', 'b, c', 'say "hi"', '']);
    expect(parseCsvLine('')).toEqual(['']);
    expect(parseCsvLine('"two\nlines",x')).toEqual(['two\nlines', 'x']);
  });

  it('refuses an unclosed quote, text after a closing quote and a second record', () => {
    for (const bad of ['a,"b', '"a"b,c', 'a,b\nc,d']) {
      expect(() => parseCsvLine(bad)).toThrow(MirkitError);
      try {
        parseCsvLine(bad);
      } catch (e) {
        expect((e as MirkitError).code).toBe('BAD_DATA');
      }
    }
  });
});

describe('csvRecords', () => {
  it('drops blank and space-only lines, keeps empty fields', () => {
    expect(csvRecords('a,b\n  \n\n1,\r\n')).toEqual([
      ['a', 'b'],
      ['1', ''],
    ]);
    expect(parseCsv('a\n  \n')).toEqual([['a'], ['  ']]);
  });
});

describe('the table readers share the parser', () => {
  it('parseGtzanTable reads a quoted file name holding a comma and a line break', () => {
    const t = parseGtzanTable('filename,length,x,label\n"a, b\nc.wav",1,0.5,rock\n   \nd.wav,1,-2,pop\n');
    expect(t.filenames).toEqual(['a, b\nc.wav', 'd.wav']);
    expect(t.X).toEqual([[0.5], [-2]]);
    expect(t.y).toEqual(['rock', 'pop']);
  });

  it('parseGtzanTable refuses an unclosed quote instead of reading on', () => {
    expect(() => parseGtzanTable('filename,x,label\n"a.wav,1,rock\n')).toThrow(/never closed/);
  });

  it('parseEmbeddingSet reads a quoted genre', () => {
    const values = new Float32Array([1, 2, 3, 4]);
    const set = parseEmbeddingSet(new Uint8Array(values.buffer), 'track_id,genre_top\n1,"Folk, Old-Time"\n', { dtype: 'float32', dims: 4 });
    expect(set.labels).toEqual(['Folk, Old-Time']);
  });
});
