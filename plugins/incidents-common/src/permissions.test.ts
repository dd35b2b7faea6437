import {
  incidentResourceType,
  incidentsPermissionDescriptions,
  incidentsPermissions,
} from './permissions';
import { transitionsFrom } from './types';

describe('incidents permissions', () => {
  it('are named <pluginId>.<resource>.<action>, as the RBAC grants match them', () => {
    for (const permission of incidentsPermissions) {
      expect(permission.name).toMatch(/^incidents\.[a-z-]+\.[a-z-]+$/);
    }
  });

  it('decide incidents as resource permissions, so tenant scoping applies', () => {
    const onIncidents = incidentsPermissions.filter(p =>
      p.name.startsWith('incidents.incident.'),
    );
    expect(onIncidents).toHaveLength(3);
    for (const permission of onIncidents) {
      expect(permission).toMatchObject({
        type: 'resource',
        resourceType: incidentResourceType,
      });
    }
  });

  it('each have a description, and no description is left over', () => {
    expect(Object.keys(incidentsPermissionDescriptions).sort()).toEqual(
      incidentsPermissions.map(permission => permission.name).sort(),
    );
  });
});

describe('the status workflow', () => {
  it('moves open → in progress → resolved → closed, and reopens', () => {
    expect(transitionsFrom('open')).toEqual(['start', 'resolve']);
    expect(transitionsFrom('in_progress')).toEqual(['resolve']);
    expect(transitionsFrom('resolved')).toEqual(['close', 'reopen']);
    expect(transitionsFrom('closed')).toEqual(['reopen']);
  });
});
