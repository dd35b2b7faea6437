/** Query parameters; `undefined` and `''` values are left out. */
export type QueryParams = Record<string, string | number | boolean | undefined>;

/** `?a=1&b=2` of the defined, non-empty values; `''` when there are none. */
export function queryString(params: QueryParams): string {
  const search = new URLSearchParams();
  for (const [key, value] of Object.entries(params)) {
    if (value !== undefined && value !== '') {
      search.set(key, String(value));
    }
  }
  const text = search.toString();
  return text ? `?${text}` : '';
}
