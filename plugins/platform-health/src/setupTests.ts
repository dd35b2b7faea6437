import { setupFrontendTests } from '@controlplane/frontend-common/testUtils';

setupFrontendTests();

/**
 * jsdom has neither layout nor ResizeObserver, so recharts'
 * ResponsiveContainer would measure 0 wide and draw nothing. Here every
 * observed element measures 800 × 300 as soon as it is observed (within
 * the effect that observes it, so no update comes after the test); charts
 * have a fixed height, only their width comes from this.
 */
class FixedSizeResizeObserver {
  constructor(private readonly callback: ResizeObserverCallback) {}
  observe(target: Element) {
    const entry = {
      target,
      contentRect: { width: 800, height: 300 },
    } as unknown as ResizeObserverEntry;
    this.callback([entry], this as unknown as ResizeObserver);
  }
  unobserve() {}
  disconnect() {}
}
globalThis.ResizeObserver =
  FixedSizeResizeObserver as unknown as typeof ResizeObserver;
