import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import { useSearchParams } from 'react-router';

export function useDebouncedValue<T>(value: T, delay = 300): T {
  const [debounced, setDebounced] = useState(value);
  useEffect(() => {
    const id = setTimeout(() => setDebounced(value), delay);
    return () => clearTimeout(id);
  }, [value, delay]);
  return debounced;
}

/**
 * Filters kept in the URL query string, so a filtered list is a link that can be bookmarked or shared.
 * Setting a value resets `page` unless the page itself is being set.
 */
export function useUrlFilters<K extends string>(defaults: Record<K, string>) {
  const [params, setParams] = useSearchParams();
  const values = useMemo(() => {
    const out = {} as Record<K, string>;
    for (const key of Object.keys(defaults) as K[]) out[key] = params.get(key) ?? defaults[key];
    return out;
  }, [params]);

  const set = useCallback(
    (patch: Partial<Record<K, string>>) => {
      setParams(
        (prev) => {
          const next = new URLSearchParams(prev);
          for (const [key, value] of Object.entries(patch) as [K, string | undefined][]) {
            if (value === undefined || value === '' || value === defaults[key]) next.delete(key);
            else next.set(key, value);
          }
          if (!('page' in patch)) next.delete('page');
          return next;
        },
        { replace: true },
      );
    },
    [setParams],
  );

  const reset = useCallback(() => setParams(new URLSearchParams(), { replace: true }), [setParams]);
  return { values, set, reset, params };
}

export function useDocumentTitle(title: string) {
  useEffect(() => {
    document.title = title ? `${title} · StoreSync` : 'StoreSync';
  }, [title]);
}

/** A search box bound to a URL value: typing updates the URL after a pause; URL changes (reset) update the box. */
export function useSearchBox(urlValue: string, commit: (value: string) => void, delay = 300) {
  const [text, setText] = useState(urlValue);
  const debounced = useDebouncedValue(text, delay);
  const commitRef = useRef(commit);
  commitRef.current = commit;
  const debouncedRef = useRef(debounced);
  debouncedRef.current = debounced;

  useEffect(() => {
    if (debounced !== urlValue) commitRef.current(debounced);
    // Only when the typed value settles.
  }, [debounced]);

  useEffect(() => {
    if (urlValue !== debouncedRef.current) setText(urlValue);
  }, [urlValue]);

  return [text, setText] as const;
}
