/** A demo user offered on the local sign-in page. */
export type DemoUser = { name: string; displayName: string; role: string };

const STORAGE_KEY = 'controlplane.demoUser';

/** The demo user chosen in this browser tab, kept across reloads. */
export const chosenDemoUser = {
  get: (): string | undefined =>
    window.sessionStorage.getItem(STORAGE_KEY) ?? undefined,
  set: (name: string) => window.sessionStorage.setItem(STORAGE_KEY, name),
  clear: () => window.sessionStorage.removeItem(STORAGE_KEY),
};
