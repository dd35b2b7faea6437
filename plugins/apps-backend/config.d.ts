export interface Config {
  apps?: {
    /**
     * Apps registered on the first start when there are none (local
     * development); each with its tenants and no credentials.
     */
    initialApps?: Array<{
      name: string;
      title?: string;
      description?: string;
      environment: 'development' | 'staging' | 'production';
      owner: string;
      tenants?: string[];
    }>;
  };
}
