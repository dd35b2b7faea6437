import {
  DefaultEntityFilters,
  EntityAutocompletePicker,
  EntityFilter,
} from '@backstage/plugin-catalog-react';
import { TENANT_KIND } from '@controlplane/plugin-catalog-controlplane-common';

/** Catalog list filter on a spec field, sent to the catalog backend. */
const specFieldFilter = (field: string) =>
  class implements EntityFilter {
    constructor(readonly values: string[]) {}
    getCatalogFilters() {
      return { [field]: this.values };
    }
    toQueryValue() {
      return this.values;
    }
  };

export class EnvironmentFilter extends specFieldFilter('spec.environment') {}
export class TenantFilter extends specFieldFilter('spec.tenant') {}

export type ControlPlaneFilters = DefaultEntityFilters & {
  environment?: EnvironmentFilter;
  tenant?: TenantFilter;
};

/** Hidden when the listed kind has no environments (the picker has no options). */
export const EnvironmentPicker = () => (
  <EntityAutocompletePicker<ControlPlaneFilters, 'environment'>
    label="Environment"
    name="environment"
    path="spec.environment"
    Filter={EnvironmentFilter}
    showCounts
  />
);

const tenantLabel = (ref: string) =>
  ref.replace(new RegExp(`^${TENANT_KIND}:`, 'i'), '');

export const TenantPicker = () => (
  <EntityAutocompletePicker<ControlPlaneFilters, 'tenant'>
    label="Tenant"
    name="tenant"
    path="spec.tenant"
    Filter={TenantFilter}
    getOptionLabel={tenantLabel}
  />
);
