import { fireEvent, render, screen } from '@testing-library/react';
import { DownloadCsvButton, toCsv } from './DownloadCsvButton';

const columns = [
  {
    title: 'Tenant',
    value: (row: { tenant: string; cost: number }) => row.tenant,
  },
  {
    title: 'Cost, USD',
    value: (row: { tenant: string; cost: number }) => row.cost,
  },
];

describe('toCsv', () => {
  it('quotes cells with commas, quotes and line breaks, and defuses formulas', () => {
    expect(
      toCsv(columns, [
        { tenant: 'acme', cost: 12.5 },
        { tenant: 'a "quoted", name', cost: -3 },
        { tenant: 'two\nlines', cost: 0 },
        { tenant: '=HYPERLINK("x")', cost: 1 },
      ]),
    ).toBe(
      [
        'Tenant,"Cost, USD"',
        'acme,12.5',
        '"a ""quoted"", name",-3',
        '"two\nlines",0',
        `"'=HYPERLINK(""x"")",1`,
        '',
      ].join('\r\n'),
    );
  });
});

describe('DownloadCsvButton', () => {
  it('saves the rows shown as a CSV file, and is off without rows', async () => {
    const blobs: Blob[] = [];
    URL.createObjectURL = jest.fn((blob: Blob) => {
      blobs.push(blob);
      return 'blob:test';
    });
    URL.revokeObjectURL = jest.fn();
    const click = jest
      .spyOn(HTMLAnchorElement.prototype, 'click')
      .mockImplementation(() => undefined);
    const { rerender } = render(
      <DownloadCsvButton filename="usage.csv" columns={columns} rows={[]} />,
    );
    expect(screen.getByRole('button', { name: 'Download CSV' })).toBeDisabled();
    rerender(
      <DownloadCsvButton
        filename="usage.csv"
        columns={columns}
        rows={[{ tenant: 'acme', cost: 2 }]}
      />,
    );
    fireEvent.click(screen.getByRole('button', { name: 'Download CSV' }));
    expect(click).toHaveBeenCalledTimes(1);
    expect(await blobs[0].text()).toBe('Tenant,"Cost, USD"\r\nacme,2\r\n');
    click.mockRestore();
  });
});
