export { useAction } from './useAction';
export { useCursorPages } from './useCursorPages';
export type { CursorPages } from './useCursorPages';
export { useUrlParams } from './useUrlParams';
