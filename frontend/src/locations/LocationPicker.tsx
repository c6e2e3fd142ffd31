import { useId, useState } from 'react';
import type { Location } from '../api/types';
import { useDebouncedValue } from '../lib/hooks';
import { cn } from '../lib/cn';
import { ErrorState, Icon, Input, Skeleton } from '../ui';
import { useLocations } from './api';

const PAGE_SIZE = 10;

/** Server-searched list of a brand's active locations, as radio buttons (one) or a checklist (many). */
export function LocationPicker({
  brandId,
  multiple,
  selected,
  onChange,
  label = 'Locations',
}: {
  brandId: string;
  multiple?: boolean;
  selected: ReadonlyMap<string, Location>;
  onChange: (next: Map<string, Location>) => void;
  label?: string;
}) {
  const [q, setQ] = useState('');
  const [page, setPage] = useState(1);
  const query = useDebouncedValue(q, 250);
  const { data, isLoading, isError, error, refetch } = useLocations(brandId, { q: query || undefined, isActive: 'true', page, pageSize: PAGE_SIZE, sort: 'name' });
  const groupName = useId();
  const items = data?.items ?? [];
  const pages = data ? Math.max(1, Math.ceil(data.total / PAGE_SIZE)) : 1;

  const toggle = (loc: Location) => {
    const next = new Map(multiple ? selected : []);
    if (multiple && next.has(loc.id)) next.delete(loc.id);
    else next.set(loc.id, loc);
    onChange(next);
  };
  const allOnPage = items.length > 0 && items.every((l) => selected.has(l.id));
  const togglePage = () => {
    const next = new Map(selected);
    if (allOnPage) items.forEach((l) => next.delete(l.id));
    else items.forEach((l) => next.set(l.id, l));
    onChange(next);
  };

  return (
    <fieldset className="rounded-lg ring-1 ring-slate-200">
      <legend className="sr-only">{label}</legend>
      <div className="flex flex-wrap items-center gap-3 border-b border-slate-100 p-3">
        <div className="relative min-w-0 flex-1">
          <Icon name="search" className="pointer-events-none absolute top-2.5 left-3 size-4 text-slate-400" />
          <Input
            type="search"
            className="pl-9"
            placeholder="Search by name, store number or city"
            aria-label={`Search ${label.toLowerCase()}`}
            value={q}
            onChange={(e) => {
              setQ(e.target.value);
              setPage(1);
            }}
          />
        </div>
        {multiple && (
          <button type="button" onClick={togglePage} disabled={items.length === 0} className="text-sm font-medium text-brand-600 hover:text-brand-800 disabled:text-slate-300">
            {allOnPage ? 'Clear this page' : 'Select all on this page'}
          </button>
        )}
      </div>
      {isError ? (
        <ErrorState error={error} onRetry={() => refetch()} className="py-8" />
      ) : isLoading ? (
        <div className="space-y-3 p-4">
          {Array.from({ length: 4 }, (_, i) => (
            <Skeleton key={i} className="h-8 w-full" />
          ))}
        </div>
      ) : items.length === 0 ? (
        <p className="px-4 py-8 text-center text-sm text-slate-500">{query ? 'No active locations match your search.' : 'This brand has no active locations yet.'}</p>
      ) : (
        <ul className="max-h-80 divide-y divide-slate-100 overflow-y-auto" data-testid="location-picker">
          {items.map((loc) => {
            const checked = selected.has(loc.id);
            return (
              <li key={loc.id}>
                <label className={cn('flex cursor-pointer items-center gap-3 px-4 py-2.5 hover:bg-slate-50', checked && 'bg-brand-50/50')}>
                  <input
                    type={multiple ? 'checkbox' : 'radio'}
                    name={groupName}
                    className="size-4 accent-brand-600"
                    checked={checked}
                    onChange={() => toggle(loc)}
                    aria-label={`${loc.name} (#${loc.storeNumber})`}
                  />
                  <span className="min-w-0 flex-1">
                    <span className="block truncate text-sm font-medium text-slate-900">{loc.name}</span>
                    <span className="block truncate text-xs text-slate-500">
                      #{loc.storeNumber} · {[loc.address?.city, loc.address?.state].filter(Boolean).join(', ')} · {loc.timeZone}
                    </span>
                  </span>
                </label>
              </li>
            );
          })}
        </ul>
      )}
      <div className="flex items-center justify-between border-t border-slate-100 px-4 py-2 text-xs text-slate-500">
        <span data-testid="location-picker-count">
          {multiple ? `${selected.size} selected` : selected.size ? `Selected: ${[...selected.values()][0].name}` : 'None selected'}
          {data ? ` · ${data.total} active` : ''}
        </span>
        <span className="flex items-center gap-1">
          <button type="button" className="rounded p-1 hover:bg-slate-100 disabled:opacity-30" disabled={page <= 1} onClick={() => setPage(page - 1)} aria-label="Previous page of locations">
            <Icon name="chevronLeft" className="size-4" />
          </button>
          <span className="tabular-nums">
            {page} / {pages}
          </span>
          <button type="button" className="rounded p-1 hover:bg-slate-100 disabled:opacity-30" disabled={page >= pages} onClick={() => setPage(page + 1)} aria-label="Next page of locations">
            <Icon name="chevronRight" className="size-4" />
          </button>
        </span>
      </div>
    </fieldset>
  );
}
