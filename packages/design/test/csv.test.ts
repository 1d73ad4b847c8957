import { describe, expect, it } from 'vitest';
import { DesignError, readCsvTable, type DesignErrorCode } from '../src/index.js';

const utf8 = (text: string): Uint8Array => new TextEncoder().encode(text);

function csvError(source: string | Uint8Array, categorical?: string[]): DesignError {
  try {
    readCsvTable(source, categorical ? { categorical } : {});
  } catch (e) {
    expect(e).toBeInstanceOf(DesignError);
    return e as DesignError;
  }
  throw new Error('expected readCsvTable to throw');
}

describe('readCsvTable: typed columns', () => {
  it('reads numbers as numbers, labels as strings, and listed columns as labels', () => {
    const { table, columns, kinds } = readCsvTable('y,x,state,age\n1,0.5,Ohio,2\n0,-1e-3,Utah,10\n', { categorical: ['age'] });
    expect(columns).toEqual(['y', 'x', 'state', 'age']);
    expect(kinds).toEqual({ y: 'numeric', x: 'numeric', state: 'categorical', age: 'categorical' });
    expect(table).toEqual({ y: [1, 0], x: [0.5, -0.001], state: ['Ohio', 'Utah'], age: ['2', '10'] });
  });

  it('reads NA and empty cells as missing values (null) in numeric and label columns', () => {
    const { table } = readCsvTable('y,x,g\nNA,1,a\n,2,\n1,NA,b\n');
    expect(table).toEqual({ y: [null, null, 1], x: [1, 2, null], g: ['a', null, 'b'] });
  });

  it('reads the UTF-8 byte-order mark, CRLF line ends and quoted fields', () => {
    const text = '\uFEFFy,"name, full",note\r\n1,"Smith, J.","said ""hi""\r\nthen left"\r\n0,Ünal,plain\r\n';
    for (const source of [text, utf8(text)]) {
      const { table, columns } = readCsvTable(source);
      expect(columns).toEqual(['y', 'name, full', 'note']);
      expect(table).toEqual({ y: [1, 0], 'name, full': ['Smith, J.', 'Ünal'], note: ['said "hi"\r\nthen left', 'plain'] });
    }
  });

  it('skips blank lines and trims spaces around cells', () => {
    expect(readCsvTable('y , x\n 1 , 2 \n\n0,3\n').table).toEqual({ y: [1, 0], x: [2, 3] });
  });
});

describe('readCsvTable: refuses what it cannot read exactly', () => {
  const cases: { label: string; source: string | Uint8Array; categorical?: string[]; code: DesignErrorCode; message: RegExp; column?: string; row?: number; value?: unknown }[] = [
    {
      label: 'a bad cell in a numeric column',
      source: 'y,x\n1,2\n0,3..1\n1,4\n',
      code: 'not-numeric',
      message: /column 'x' is numeric but row 2 \(line 3\) holds '3\.\.1'; expected a number/,
      column: 'x',
      row: 2,
      value: '3..1',
    },
    { label: 'Inf in a numeric column', source: 'y,x\n1,Inf\n0,1\n', code: 'not-numeric', message: /row 1 .*'Inf'/, row: 1 },
    { label: 'a hexadecimal number', source: 'y,x\n1,0x10\n0,1\n', code: 'not-numeric', message: /'0x10'/ },
    { label: 'a thousands separator', source: 'y,x\n1,"1,000"\n0,1\n', code: 'not-numeric', message: /'1,000'/ },
    { label: 'a duplicate header name', source: 'y,x,x\n1,2,3\n', code: 'duplicate-column', message: /column 'x' twice \(columns 2 and 3\)/, column: 'x' },
    { label: 'an empty header name', source: 'y,,x\n1,2,3\n', code: 'empty-column-name', message: /column 2 of the header has no name/ },
    { label: 'an empty file', source: '', code: 'empty-table', message: /the file is empty/ },
    { label: 'a header without rows', source: 'y,x\n', code: 'empty-table', message: /header \(y, x\) but no rows/ },
    { label: 'a short row', source: 'y,x\n1,2\n3\n', code: 'invalid-csv', message: /not valid CSV \(line 3\)/ },
    { label: 'an unclosed quote', source: 'y,x\n1,"2\n', code: 'invalid-csv', message: /not valid CSV/ },
    { label: 'an unknown categorical column', source: 'y,x\n1,2\n', categorical: ['z'], code: 'unknown-column', message: /unknown column 'z'.*available columns: y, x/ },
    {
      label: 'Latin-1 bytes',
      source: Uint8Array.from([...utf8('y,city\n1,M'), 0xfc, ...utf8('nchen\n')]),
      code: 'invalid-encoding',
      message: /not UTF-8: byte 0xFC at line 2 \(byte 11\)/,
    },
    { label: 'an overlong UTF-8 sequence', source: Uint8Array.from([...utf8('y\n'), 0xc0, 0xaf, 0x0a]), code: 'invalid-encoding', message: /byte 0xC0 at line 2/ },
    { label: 'a truncated UTF-8 sequence', source: Uint8Array.from([...utf8('y\n1\n'), 0xe2, 0x82]), code: 'invalid-encoding', message: /byte 0xE2 at line 3/ },
  ];
  for (const c of cases) {
    it(c.label, () => {
      const error = csvError(c.source, c.categorical);
      expect(error.code).toBe(c.code);
      expect(error.message).toMatch(c.message);
      if (c.column !== undefined) expect(error.column).toBe(c.column);
      if (c.row !== undefined) expect(error.row).toBe(c.row);
      if (c.value !== undefined) expect(error.value).toBe(c.value);
    });
  }
});
