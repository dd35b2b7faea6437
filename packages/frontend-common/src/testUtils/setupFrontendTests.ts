import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

/**
 * React deprecation warnings raised inside Backstage's `Table` (its
 * material-table and drag-and-drop dependencies) under React 18, which no
 * code of ours can fix. Only these exact messages are dropped; every other
 * console error or warning still shows.
 */
const THIRD_PARTY_WARNINGS = [
  /^Warning: (Connect\(Droppable\)|Connect\(Draggable\)|MTable\w+): Support for defaultProps will be removed/,
  /^Warning: findDOMNode is deprecated/,
];

function isThirdPartyWarning(args: unknown[]): boolean {
  const [first] = args;
  if (typeof first !== 'string') return false;
  // React formats its warnings: `Warning: %s: Support for ...`, name first.
  const message = first.replace(/%s/g, () => String(args[1] ?? ''));
  return THIRD_PARTY_WARNINGS.some(pattern => pattern.test(message));
}

/**
 * The setup every frontend package's `src/setupTests.ts` runs: jest-dom
 * matchers, a timeout for findBy* that suits a busy CI machine (the first
 * render of a page can take more than the default 1 s), and the filter of
 * known third-party warnings above.
 */
export function setupFrontendTests() {
  configure({ asyncUtilTimeout: 5_000 });
  const originalError = console.error;
  // Replaced outright rather than spied on, so restoring mocks between
  // tests does not bring the warnings back.
  console.error = (...args: unknown[]) => {
    if (!isThirdPartyWarning(args)) originalError(...args);
  };
}
