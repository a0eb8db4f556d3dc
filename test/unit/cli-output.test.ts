import { describe, expect, it } from 'vitest';
import { formatCsv, formatTable } from '../../core/cli/output';

describe('formatTable', () => {
  it('aligns columns and counts rows', () => {
    expect(
      formatTable(
        ['name', 'n'],
        [
          { name: 'Acme', n: 1 },
          { name: 'B', n: null },
        ],
      ),
    ).toBe(['name  n', '----  -', 'Acme  1', 'B', '(2 rows)'].join('\n'));
  });
  it('says one row in the singular', () => {
    expect(formatTable(['a'], [{ a: 'x' }]).endsWith('(1 row)')).toBe(true);
  });
});

describe('formatCsv', () => {
  it('quotes commas, quotes and newlines, and writes nulls as empty', () => {
    expect(
      formatCsv(
        ['a', 'b'],
        [
          { a: 'x,y', b: 'say "hi"' },
          { a: 'line\nbreak', b: null },
        ],
      ),
    ).toBe('a,b\n"x,y","say ""hi"""\n"line\nbreak",');
  });
  it('writes JSON values as JSON text', () => {
    expect(formatCsv(['j'], [{ j: { k: [1, 2] } }])).toBe('j\n"{""k"":[1,2]}"');
  });
});
