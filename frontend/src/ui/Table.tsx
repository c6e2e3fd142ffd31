import { memo, useCallback, useRef, type ReactNode } from 'react';
import { cn } from '../lib/cn';
import { Skeleton } from './Spinner';

export interface Column<T> {
  key: string;
  header: ReactNode;
  cell: (row: T) => ReactNode;
  /** Server sort key; the header becomes a sort button. */
  sortKey?: string;
  className?: string;
  headerClassName?: string;
  /**
   * Priority layout for narrow screens: the column is shown only from this breakpoint up (sm 640 px, md 768 px,
   * lg 1024 px). A hidden column's facts belong in an always-shown cell's small-screen summary.
   */
  hideBelow?: 'sm' | 'md' | 'lg';
}

const SHOW_FROM: Record<NonNullable<Column<unknown>['hideBelow']>, string> = {
  sm: 'hidden sm:table-cell',
  md: 'hidden md:table-cell',
  lg: 'hidden lg:table-cell',
};
const visibility = (c: { hideBelow?: Column<unknown>['hideBelow'] }) => (c.hideBelow ? SHOW_FROM[c.hideBelow] : undefined);

export interface TableProps<T> {
  columns: Column<T>[];
  rows: T[] | undefined;
  getRowId: (row: T) => string;
  /** "name" ascending, "-name" descending. */
  sort?: string;
  onSortChange?: (sort: string) => void;
  loading?: boolean;
  empty?: ReactNode;
  caption?: string;
  selectable?: boolean;
  selected?: ReadonlySet<string>;
  onSelectedChange?: (next: Set<string>) => void;
  rowLabel?: (row: T) => string;
  className?: string;
}

function SortIcon({ dir }: { dir: 'asc' | 'desc' | null }) {
  return (
    <svg viewBox="0 0 20 20" fill="currentColor" aria-hidden="true" className={cn('size-4', dir ? 'text-slate-700' : 'text-slate-300')}>
      {dir === 'desc' ? (
        <path fillRule="evenodd" d="M5.23 7.21a.75.75 0 0 1 1.06.02L10 11.168l3.71-3.938a.75.75 0 1 1 1.08 1.04l-4.25 4.5a.75.75 0 0 1-1.08 0l-4.25-4.5a.75.75 0 0 1 .02-1.06Z" clipRule="evenodd" />
      ) : dir === 'asc' ? (
        <path fillRule="evenodd" d="M14.77 12.79a.75.75 0 0 1-1.06-.02L10 8.832 6.29 12.77a.75.75 0 1 1-1.08-1.04l4.25-4.5a.75.75 0 0 1 1.08 0l4.25 4.5a.75.75 0 0 1-.02 1.06Z" clipRule="evenodd" />
      ) : (
        <path fillRule="evenodd" d="M10 3a.75.75 0 0 1 .55.24l3.25 3.5a.75.75 0 1 1-1.1 1.02L10 4.852 7.3 7.76a.75.75 0 0 1-1.1-1.02l3.25-3.5A.75.75 0 0 1 10 3Zm-3.76 9.2a.75.75 0 0 1 1.06.04l2.7 2.908 2.7-2.908a.75.75 0 1 1 1.1 1.02l-3.25 3.5a.75.75 0 0 1-1.1 0l-3.25-3.5a.75.75 0 0 1 .04-1.06Z" clipRule="evenodd" />
      )}
    </svg>
  );
}

interface RowProps<T> {
  row: T;
  id: string;
  columns: Column<T>[];
  selectable?: boolean;
  checked: boolean;
  onToggle?: (id: string) => void;
  label: string;
}

// Rows are memoised so that ticking one checkbox in a 100-row page re-renders one row, not all of them.
const Row = memo(function Row<T>({ row, id, columns, selectable, checked, onToggle, label }: RowProps<T>) {
  return (
    <tr className={cn('transition-colors hover:bg-slate-50/80', checked && 'bg-brand-50/50')}>
      {selectable && (
        <td className="w-10 py-3 pr-0 pl-4">
          <input
            type="checkbox"
            className="size-4 rounded accent-brand-600"
            checked={checked}
            onChange={() => onToggle?.(id)}
            aria-label={`Select ${label}`}
          />
        </td>
      )}
      {columns.map((c) => (
        <td key={c.key} className={cn('px-4 py-3 text-sm text-slate-700', visibility(c), c.className)}>
          {c.cell(row)}
        </td>
      ))}
    </tr>
  );
}) as <T>(props: RowProps<T>) => ReactNode;

export function Table<T>({
  columns,
  rows,
  getRowId,
  sort,
  onSortChange,
  loading,
  empty,
  caption,
  selectable,
  selected,
  onSelectedChange,
  rowLabel,
  className,
}: TableProps<T>) {
  const ids = rows?.map(getRowId) ?? [];
  const allSelected = selectable && ids.length > 0 && ids.every((id) => selected?.has(id));
  const someSelected = selectable && ids.some((id) => selected?.has(id));
  const latest = useRef({ selected, onSelectedChange });
  latest.current = { selected, onSelectedChange };
  const toggle = useCallback((id: string) => {
    const next = new Set(latest.current.selected);
    if (next.has(id)) next.delete(id);
    else next.add(id);
    latest.current.onSelectedChange?.(next);
  }, []);
  const toggleAll = () => {
    const next = new Set(selected);
    if (allSelected) ids.forEach((id) => next.delete(id));
    else ids.forEach((id) => next.add(id));
    onSelectedChange?.(next);
  };

  return (
    <div className={cn('overflow-x-auto', className)}>
      <table className="min-w-full divide-y divide-slate-200">
        {caption && <caption className="sr-only">{caption}</caption>}
        <thead className="bg-slate-50/80">
          <tr>
            {selectable && (
              <th scope="col" className="w-10 py-3 pr-0 pl-4">
                <input
                  type="checkbox"
                  className="size-4 rounded accent-brand-600"
                  checked={!!allSelected}
                  ref={(el) => {
                    if (el) el.indeterminate = !allSelected && !!someSelected;
                  }}
                  onChange={toggleAll}
                  aria-label="Select all rows on this page"
                  disabled={ids.length === 0}
                />
              </th>
            )}
            {columns.map((c) => {
              const dir = c.sortKey && sort === c.sortKey ? 'asc' : c.sortKey && sort === `-${c.sortKey}` ? 'desc' : null;
              return (
                <th
                  key={c.key}
                  scope="col"
                  aria-sort={dir === 'asc' ? 'ascending' : dir === 'desc' ? 'descending' : undefined}
                  className={cn('px-4 py-3 text-left text-xs font-semibold tracking-wide text-slate-500 uppercase', visibility(c), c.headerClassName)}
                >
                  {c.sortKey && onSortChange ? (
                    <button
                      type="button"
                      className="group inline-flex items-center gap-1 rounded uppercase hover:text-slate-800 focus-visible:outline-2 focus-visible:outline-brand-600"
                      onClick={() => onSortChange(dir === 'asc' ? `-${c.sortKey}` : c.sortKey!)}
                    >
                      {c.header}
                      <SortIcon dir={dir} />
                    </button>
                  ) : (
                    c.header
                  )}
                </th>
              );
            })}
          </tr>
        </thead>
        <tbody className="divide-y divide-slate-100 bg-white">
          {loading && !rows
            ? Array.from({ length: 6 }, (_, i) => (
                <tr key={i}>
                  {selectable && <td className="py-3 pl-4" />}
                  {columns.map((c) => (
                    <td key={c.key} className={cn('px-4 py-3.5', visibility(c))}>
                      <Skeleton className="h-4 w-3/4" />
                    </td>
                  ))}
                </tr>
              ))
            : rows?.map((row) => {
                const id = getRowId(row);
                return (
                  <Row
                    key={id}
                    row={row}
                    id={id}
                    columns={columns}
                    selectable={selectable}
                    checked={!!selected?.has(id)}
                    onToggle={toggle}
                    label={rowLabel?.(row) ?? id}
                  />
                );
              })}
        </tbody>
      </table>
      {!loading && rows && rows.length === 0 && empty}
    </div>
  );
}
