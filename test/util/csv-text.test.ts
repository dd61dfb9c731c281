import { describe, expect, it } from 'vitest';
import { MirkitError } from '../../src/errors.js';
import { parseEmbeddingSet, parseGtzanTable } from '../../src/index.js';
import { csvRecords, decimalNumber, parseCsv, parseCsvLine } from '../../src/util/csv-text.js';

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
      { fields: ['a', 'b'], line: 1 },
      { fields: ['1', ''], line: 4 },
    ]);
    expect(parseCsv('a\n  \n')).toEqual([['a'], ['  ']]);
  });

  it('keeps a quoted empty field, and in a one-column CSV the blank lines between records, as records', () => {
    // one column: an empty line is an empty field (RFC 4180); blank lines before the header and after the last record are not records
    expect(csvRecords('\ngenre\nRock\n""\nJazz\n\n  \r\nPop\n\n\n')).toEqual([
      { fields: ['genre'], line: 2 },
      { fields: ['Rock'], line: 3 },
      { fields: [''], line: 4 },
      { fields: ['Jazz'], line: 5 },
      { fields: [''], line: 6 },
      { fields: ['  '], line: 7 },
      { fields: ['Pop'], line: 8 },
    ]);
    expect(csvRecords('genre\nRock\n""')).toEqual([
      { fields: ['genre'], line: 1 },
      { fields: ['Rock'], line: 2 },
      { fields: [''], line: 3 },
    ]);
    // several columns: blank lines are still skipped, a quoted "" is a record (of one field)
    expect(csvRecords('a,b\n\n1,2\n""\n  \n3,4\n\n').map((x) => x.fields)).toEqual([['a', 'b'], ['1', '2'], [''], ['3', '4']]);
  });
});

describe('the table readers share the parser', () => {
  it('parseGtzanTable reads a quoted file name holding a comma and a line break', () => {
    const t = parseGtzanTable('filename,length,x,label\n"a, b\nc.wav",1,0.5,rock\n   \nd.wav,1,-2,pop\n');
    expect(t.filenames).toEqual(['a, b\nc.wav', 'd.wav']);
    expect(t.X).toEqual([[0.5], [-2]]);
    expect(t.y).toEqual(['rock', 'pop']);
  });

  it('gives each record the line it starts on, counting blank lines and line breaks inside quotes', () => {
    const r = csvRecords('\ufeffh,k\n\n"x\ny\nz"\n\r\nw\r\n"a\nb"\nlast');
    expect(r.map((x) => x.line)).toEqual([1, 3, 7, 8, 10]);
    expect(r.map((x) => x.fields)).toEqual([['h', 'k'], ['x\ny\nz'], ['w'], ['a\nb'], ['last']]);
  });

  it('ragged-row and bad-value errors name the file line, past blank lines and quoted line breaks', () => {
    const text = 'filename,length,x,label\n\n"a\nb.wav",1,0.5,rock\n\nc.wav,1,-2\n';
    expect(() => parseGtzanTable(text)).toThrow(/CSV line 6 has 3 cells/);
    try {
      parseGtzanTable('filename,length,x,label\n\n\nc.wav,1,abc,pop\n');
      expect.unreachable();
    } catch (e) {
      expect((e as MirkitError).code).toBe('BAD_DATA');
      expect((e as MirkitError).message).toMatch(/CSV line 4, column 'x'/);
      expect((e as MirkitError).details?.line).toBe(4);
    }
  });

  it('parseGtzanTable refuses an unclosed quote instead of reading on', () => {
    expect(() => parseGtzanTable('filename,x,label\n"a.wav,1,rock\n')).toThrow(/never closed/);
  });

  it('parseEmbeddingSet reads a quoted genre', () => {
    const values = new Float32Array([1, 2, 3, 4]);
    const set = parseEmbeddingSet(new Uint8Array(values.buffer), 'track_id,genre_top\n1,"Folk, Old-Time"\n', { dtype: 'float32', dims: 4 });
    expect(set.labels).toEqual(['Folk, Old-Time']);
  });

  it("parseEmbeddingSet's ragged-row error names the tracks CSV's line", () => {
    const values = new Float32Array(8);
    const csv = 'track_id,genre_top\n\n1,"Folk,\nOld-Time"\n2\n';
    expect(() => parseEmbeddingSet(new Uint8Array(values.buffer), csv, { dtype: 'float32', dims: 4 })).toThrow(
      expect.objectContaining({ code: 'BAD_DATA', message: expect.stringMatching(/tracks CSV line 5 has 1 cells/), details: { line: 5 } }),
    );
  });
});

describe('decimalNumber', () => {
  it('reads decimal notation as pandas writes it, and nothing else', () => {
    expect(['12', '-0.5', '.5', '5.', ' 1e-05 ', '+3E2', '-0.0'].map(decimalNumber)).toEqual([12, -0.5, 0.5, 5, 1e-5, 300, -0]);
    for (const cell of ['0x10', '0b1', '0o7', '', ' ', 'Infinity', 'NaN', '1,5', '1e', '--1', '1 2']) expect(decimalNumber(cell)).toBeNaN();
  });

  it('parseGtzanTable refuses a hexadecimal feature instead of reading 0x10 as 16', () => {
    expect(() => parseGtzanTable('filename,length,x,label\na.wav,1,0x10,rock\n')).toThrow(
      expect.objectContaining({ code: 'BAD_DATA', message: expect.stringMatching(/column 'x' is not a finite number: "0x10"/) }),
    );
  });
});
