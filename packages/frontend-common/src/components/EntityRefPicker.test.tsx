import { useState } from 'react';
import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { catalogApiMock } from '@backstage/plugin-catalog-react/testUtils';
import { renderWithApis } from '../testUtils';
import { EntityRefPicker, EntityRefsPicker } from './EntityRefPicker';

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

const Watchers = (props: {
  initial?: string[];
  onChange: (refs: string[]) => void;
}) => {
  const [value, setValue] = useState<string[]>(props.initial ?? []);
  return (
    <>
      <EntityRefsPicker
        id="watchers"
        label="Watchers"
        kinds={['User']}
        value={value}
        onChange={refs => {
          setValue(refs);
          props.onChange(refs);
        }}
      />
      <button type="button">elsewhere</button>
    </>
  );
};

describe('EntityRefsPicker', () => {
  const users = jest.fn(async () => {
    await new Promise(resolve => setTimeout(resolve));
    return {
      items: [
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'ada', namespace: 'default' },
          spec: { profile: { displayName: 'Ada Admin' } },
        },
        {
          apiVersion: 'backstage.io/v1alpha1',
          kind: 'User',
          metadata: { name: 'devon', namespace: 'default' },
          spec: { profile: { displayName: 'Devon Developer' } },
        },
      ],
    };
  });

  it('shows the chosen refs by name and takes users chosen by name', async () => {
    const onChange = jest.fn();
    await renderWithApis(
      <Watchers initial={['user:default/ada']} onChange={onChange} />,
      { apis: [catalogApiMock.mock({ getEntities: users })] },
    );
    // The chip names the user (the test presentation knows the demo names).
    expect(await screen.findByText('Ada Admin')).toBeInTheDocument();
    await userEvent.type(screen.getByLabelText('Watchers'), 'devon');
    await userEvent.click(
      await screen.findByRole('option', { name: /Devon Developer/ }),
    );
    expect(onChange).toHaveBeenLastCalledWith([
      'user:default/ada',
      'user:default/devon',
    ]);
    expect(screen.getByText('Devon Developer')).toBeInTheDocument();
  });

  it('takes typed refs at a comma and when the field is left, once each', async () => {
    const onChange = jest.fn();
    await renderWithApis(<Watchers onChange={onChange} />, { apis: [] });
    const field = await screen.findByLabelText('Watchers');
    await userEvent.type(field, 'user:default/sam, user:default/sam,ada');
    expect(onChange).toHaveBeenLastCalledWith(['user:default/sam']);
    await userEvent.click(screen.getByRole('button', { name: 'elsewhere' }));
    expect(onChange).toHaveBeenLastCalledWith(['user:default/sam', 'ada']);
    expect(field).toHaveValue('');
  });

  it('removes a ref with its chip', async () => {
    const onChange = jest.fn();
    await renderWithApis(
      <Watchers
        initial={['user:default/ada', 'user:default/devon']}
        onChange={onChange}
      />,
      { apis: [] },
    );
    const chip = (await screen.findByText('Ada Admin')).closest(
      '.MuiChip-root',
    ) as HTMLElement;
    await userEvent.click(chip.querySelector('.MuiChip-deleteIcon')!);
    expect(onChange).toHaveBeenLastCalledWith(['user:default/devon']);
  });
});
