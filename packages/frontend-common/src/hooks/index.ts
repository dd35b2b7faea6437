export { useAction } from './useAction';
export { useCursorPages } from './useCursorPages';
export type { CursorPages } from './useCursorPages';
export { useUrlParams } from './useUrlParams';
export { useDialogForm } from './useDialogForm';
export type { DialogTextFieldOptions, StringKeys } from './useDialogForm';
export { useCursorList } from './useCursorList';
export type { CursorPage } from './useCursorList';
