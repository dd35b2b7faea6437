export { useAction } from './useAction';
