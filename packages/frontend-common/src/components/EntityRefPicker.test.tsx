import { useState } from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderWithApis } from '../testUtils';
import { EntityRefPicker } from './EntityRefPicker';

const Owner = (props: { onChange: (ref: string) => void }) => {
  const [value, setValue] = useState('');
  return (
    <EntityRefPicker
      id="owner"
      label="Owner"
      kinds={['Group', 'User']}
      value={value}
      onChange={ref => {
        setValue(ref);
        props.onChange(ref);
      }}
    />
  );
};

describe('EntityRefPicker', () => {
  it('offers the catalog entities of its kinds by name and gives the ref of the chosen one', async () => {
    // Answers in a later task, as the catalog backend does.
    const getEntities = jest.fn(async () => {
      await new Promise(resolve => setTimeout(resolve));
      return {
        items: [
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'Group',
            metadata: { name: 'team-apps', title: 'Apps team' },
          },
          {
            apiVersion: 'backstage.io/v1alpha1',
            kind: 'User',
            metadata: { name: 'ada', namespace: 'default' },
            spec: { profile: { displayName: 'Ada Admin' } },
          },
        ],
      };
    });
    const onChange = jest.fn();
    await renderWithApis(<Owner onChange={onChange} />, {
      apis: [catalogApiMock.mock({ getEntities })],
    });
    await userEvent.type(await screen.findByLabelText('Owner'), 'apps');
    await userEvent.click(
      await screen.findByRole('option', { name: /Apps team/ }),
    );
    expect(getEntities).toHaveBeenCalledWith(
      expect.objectContaining({ filter: { kind: ['Group', 'User'] } }),
    );
    expect(onChange).toHaveBeenLastCalledWith('group:default/team-apps');
    expect(screen.getByLabelText('Owner')).toHaveValue(
      'group:default/team-apps',
    );
    expect(screen.queryByRole('option', { name: /Ada Admin/ })).toBeNull();
  });

  it('passes a typed ref on as typed, also without the catalog', async () => {
    const onChange = jest.fn();
    await renderWithApis(<Owner onChange={onChange} />, { apis: [] });
    await userEvent.type(await screen.findByLabelText('Owner'), 'group:ops');
    expect(onChange).toHaveBeenLastCalledWith('group:ops');
    expect(screen.getByLabelText('Owner')).toHaveValue('group:ops');
  });
});
