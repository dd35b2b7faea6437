import { setupFrontendTests } from '@controlplane/frontend-common/testUtils';

setupFrontendTests();

// recharts' ResponsiveContainer observes its size; jsdom has no
// ResizeObserver (nor layout), so the chart renders empty in tests.
class NoResizeObserver {
  observe() {}
  unobserve() {}
  disconnect() {}
}
if (!('ResizeObserver' in globalThis)) {
  (globalThis as any).ResizeObserver = NoResizeObserver;
}
