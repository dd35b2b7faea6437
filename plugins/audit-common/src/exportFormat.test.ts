import {
  CsvParser,
  csvCell,
  csvMetaLine,
  verifyExportText,
} from './exportFormat';

describe('CsvParser', () => {
  const cells = [
    'plain',
    'with, comma',
    'with "quotes"',
    'multi\nline',
    '',
    'ü€',
    '"',
  ];
  const line = `${cells.map(csvCell).join(',')}\n`;

  it.each([1, 2, 3, 7, 1000])(
    'parses records split into chunks of %i characters',
    size => {
      const parser = new CsvParser();
      const records: string[][] = [];
      const text = line + line + csvMetaLine('# x ', { a: '"b",c' });
      for (let i = 0; i < text.length; i += size) {
        parser.push(text.slice(i, i + size), r => records.push(r));
      }
      parser.end(r => records.push(r));
      expect(records).toEqual([cells, cells, ['# x {"a":"\\"b\\",c"}']]);
    },
  );
});

describe('verifyExportText', () => {
  it('fails an export without header or trailer', () => {
    const result = verifyExportText('seq,id\n');
    expect(result.ok).toBe(false);
    expect(result.problems).toEqual([
      'The export has no header',
      'The export has no trailer: it may be truncated',
    ]);
  });
});
