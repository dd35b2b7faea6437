/**
 * Makes `window.getComputedStyle` answer from a cache while the document has
 * not changed. jsdom computes the whole cascade on every call, over every
 * style sheet Material UI injects; Testing Library's role queries and
 * user-event's pointer checks ask it for every element and each of its
 * ancestors, so most of a page test's time went into recomputing the same
 * styles. Any change to the document (nodes, attributes, text, style sheets
 * as elements) empties the cache before the next answer: the change is
 * seen synchronously through `takeRecords`, so results are never stale
 * within the tick that made the change.
 */
export function cacheComputedStyles(
  win: Window & typeof globalThis = window,
): void {
  const compute = win.getComputedStyle.bind(win);
  let cache = new WeakMap<Element, CSSStyleDeclaration>();
  const changes = new win.MutationObserver(() => {
    cache = new WeakMap();
  });
  changes.observe(win.document, {
    subtree: true,
    childList: true,
    attributes: true,
    characterData: true,
  });
  win.getComputedStyle = (element: Element, pseudoElement?: string | null) => {
    if (changes.takeRecords().length > 0) cache = new WeakMap();
    if (pseudoElement) return compute(element, pseudoElement);
    let style = cache.get(element);
    if (!style) {
      style = compute(element);
      cache.set(element, style);
    }
    return style;
  };
}
