import { screen, within } from '@testing-library/react';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import { DataTable } from './DataTable';

type Row = { name: string; size: number };
const columns = [
  { title: 'Name', field: 'name' },
  { title: 'Size', field: 'size' },
];

describe('DataTable', () => {
  it('names the table and shows one row per item', async () => {
    await renderInTestApp(
      <DataTable<Row>
        label="Things"
        columns={columns}
        data={[
          { name: 'a', size: 1 },
          { name: 'b', size: 2 },
        ]}
      />,
    );
    const table = screen.getByRole('table', { name: 'Things' });
    // The heading row and two rows of data, no filler rows.
    expect(within(table).getAllByRole('row')).toHaveLength(3);
    expect(within(table).getByText('b')).toBeInTheDocument();
  });

  it('shows the empty state when there are no rows', async () => {
    await renderInTestApp(
      <DataTable<Row>
        label="Things"
        columns={columns}
        data={[]}
        emptyTitle="No things yet"
      />,
    );
    expect(screen.getByText('No things yet')).toBeInTheDocument();
  });
});
