export interface Config {
  rbac?: {
    /**
     * Members given to the seeded roles on the very first start, when the
     * database has no roles yet: role name to a list of user or group entity
     * refs, e.g. `platform-admin: [group:default/platform-admins]`.
     * Ignored once roles exist; edit roles through the API after that.
     */
    initialMembers?: { [roleName: string]: string[] };
  };
}
