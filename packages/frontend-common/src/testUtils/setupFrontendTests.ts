import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

/**
 * Warnings that no code of ours causes or can fix; only these exact messages
 * are dropped, every other console error or warning still shows:
 * - React deprecations raised inside Backstage's `Table` (its material-table
 *   and drag-and-drop dependencies) and core-components under React 18;
 * - JSS failing to insert a CSS rule that jsdom's CSS parser does not know
 *   (browsers insert it);
 * - Backstage's test app registering its own default icons the old way;
 * - react-aria warnings from Backstage UI's PluginHeader, the header
 *   PageBlueprint gives a page with sub-pages (as the app's /settings): its
 *   routed Tabs start without a selected tab and then select one, and its
 *   breadcrumb wraps plain text in `Focusable`. No code of ours uses a
 *   react-aria component; one that does must not rely on these entries.
 */
const THIRD_PARTY_WARNINGS = [
  /^Warning: (Connect\(Droppable\)|Connect\(Draggable\)|MTable\w+): Support for defaultProps will be removed/,
  /^Warning: findDOMNode is deprecated/,
  /^Warning: \[JSS\] processedRuleToParse is not defined/,
  /^The following icons were registered as IconComponent, which is deprecated\. Use IconElement instead by passing <MyIcon \/> rather than MyIcon: brokenImage, catalog,/,
  /^WARN: A component changed from uncontrolled to controlled\.$/,
  /^<Focusable> child must have an interactive ARIA role\.$/,
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
  // Replaced outright rather than spied on, so restoring mocks between
  // tests does not bring the warnings back.
  for (const level of ['error', 'warn'] as const) {
    // eslint-disable-next-line no-console -- the console is what this filters
    const original = console[level];
    // eslint-disable-next-line no-console
    console[level] = (...args: unknown[]) => {
      if (!isThirdPartyWarning(args)) original(...args);
    };
  }
}
