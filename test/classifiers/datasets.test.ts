import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadGtzanTable, parseGtzanTable } from '../../src/classifiers/index.js';
import { DATA_DIR, describeShared } from '../helpers/shared.js';

describe('parseGtzanTable', () => {
  it('keeps every column but filename, length and label', () => {
    const t = parseGtzanTable('filename,length,f1,f2,label\r\na.wav,100,1.5,-2,blues\n"b,c.wav",100,3,4e-3,jazz\n');
    expect(t.filenames).toEqual(['a.wav', 'b,c.wav']);
    expect(t.featureNames).toEqual(['f1', 'f2']);
    expect(t.X).toEqual([
      [1.5, -2],
      [3, 0.004],
    ]);
    expect(t.y).toEqual(['blues', 'jazz']);
  });
  it('rejects bad tables with BAD_DATA', () => {
    expect(() => parseGtzanTable('a,b\n1,2\n')).toThrowError(expect.objectContaining({ code: 'BAD_DATA' }));
    expect(() => parseGtzanTable('filename,f,label\nx,abc,blues\n')).toThrowError(expect.objectContaining({ code: 'BAD_DATA' }));
    expect(() => parseGtzanTable('filename,f,label\nx,1\n')).toThrowError(expect.objectContaining({ code: 'BAD_DATA' }));
  });
  it('loadGtzanTable reports a missing file', async () => {
    await expect(loadGtzanTable('/nonexistent/x.csv')).rejects.toMatchObject({ code: 'FILE_NOT_FOUND' });
  });
});

describeShared('GTZAN table', () => {
  it('has 1000 rows, 57 features, 10 genres x 100', async () => {
    const t = await loadGtzanTable(join(DATA_DIR, 'gtzan', 'features_30_sec.csv'));
    expect(t.X.length).toBe(1000);
    expect(t.featureNames.length).toBe(57);
    expect(t.featureNames[0]).toBe('chroma_stft_mean');
    expect(new Set(t.y).size).toBe(10);
  });
});
