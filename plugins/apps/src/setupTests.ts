import '@testing-library/jest-dom';
import { configure } from '@testing-library/react';

// findBy*/waitFor wait up to 1 s by default; the first render of a page can
// take longer on a busy CI machine.
configure({ asyncUtilTimeout: 5_000 });

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
