import { InfoCard, StructuredMetadataTable } from '@backstage/core-components';
import { EntityName, formatTime } from '@controlplane/frontend-common';
import { Flag } from '@controlplane/plugin-flags-common';
import { formatValue } from './format';
import { FlagMarkers } from './FlagsList';

/** The flag's definition: type, variants, defaults, owner, tags, lifecycle. */
export const DefinitionCard = (props: { flag: Flag }) => {
  const { flag } = props;
  const metadata = {
    type: flag.type,
    lifecycle: flag.lifecycle,
    variants: flag.variants.map(v => `${v.name} = ${formatValue(v.value)}`),
    'default variant': flag.defaultVariant,
    'off variant': flag.offVariant,
    environments: flag.environments.join(', '),
    owner: flag.owner ? <EntityName entityRef={flag.owner} /> : '—',
    tags: flag.tags.length ? flag.tags.join(', ') : '—',
    markers: <FlagMarkers flag={flag} />,
    'last evaluated': flag.lastEvaluatedAt
      ? formatTime(flag.lastEvaluatedAt)
      : 'never',
    revision: String(flag.revision),
    created: (
      <>
        {formatTime(flag.createdAt)} by{' '}
        <EntityName entityRef={flag.createdBy} />
      </>
    ),
    updated: formatTime(flag.updatedAt),
  };
  return (
    <InfoCard title="Definition">
      <StructuredMetadataTable metadata={metadata} />
    </InfoCard>
  );
};
