import { NotFoundError } from '@backstage/errors';
import { ManagedApp } from '@controlplane/plugin-apps-common';
import { AppsStore } from '../database/AppsStore';

/** The app, read and locked until the transaction ends; else 404. */
export async function lockedApp(
  apps: AppsStore,
  id: string,
): Promise<ManagedApp> {
  const app = await apps.lockApp(id);
  if (!app) throw new NotFoundError(`No app with id ${id}`);
  return app;
}

/** The app; else 404. */
export async function existingApp(
  apps: AppsStore,
  id: string,
): Promise<ManagedApp> {
  const app = await apps.app(id);
  if (!app) throw new NotFoundError(`No app with id ${id}`);
  return app;
}
