export { createSearchResultExtensions } from './createSearchResultExtensions';
