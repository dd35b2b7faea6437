/** A deployment runs this agent or app. Inverse: {@link RELATION_HAS_DEPLOYMENT}. */
export const RELATION_DEPLOYMENT_OF = 'deploymentOf';
/** An agent or app has this deployment. Inverse: {@link RELATION_DEPLOYMENT_OF}. */
export const RELATION_HAS_DEPLOYMENT = 'hasDeployment';
/** A deployment serves this tenant. Inverse: {@link RELATION_SERVED_BY}. */
export const RELATION_SERVES_TENANT = 'servesTenant';
/** A tenant is served by this deployment. Inverse: {@link RELATION_SERVES_TENANT}. */
export const RELATION_SERVED_BY = 'servedBy';
