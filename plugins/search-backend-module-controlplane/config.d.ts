import { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  search?: {
    collators?: {
      /**
       * The control plane's collators (plugins/search-backend-module-controlplane):
       * tenants, apps, flags, promotion requests, incidents and roles.
       */
      controlplane?: {
        /**
         * How often each kind is read again from its plugin; by default every
         * 10 minutes (timeout 15 minutes), the first time 3 seconds after start.
         */
        schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
      };
    };
  };
}
