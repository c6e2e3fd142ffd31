import { cn } from '../lib/cn';

export function Pagination({
  page,
  pageSize,
  total,
  onPageChange,
  onPageSizeChange,
  pageSizes = [20, 50, 100],
  className,
}: {
  page: number;
  pageSize: number;
  total: number;
  onPageChange: (page: number) => void;
  onPageSizeChange?: (size: number) => void;
  pageSizes?: number[];
  className?: string;
}) {
  const pages = Math.max(1, Math.ceil(total / pageSize));
  const from = total === 0 ? 0 : (page - 1) * pageSize + 1;
  const to = Math.min(total, page * pageSize);
  const btn =
    'inline-flex h-8 items-center rounded-md px-3 text-sm font-medium text-slate-700 ring-1 ring-inset ring-slate-300 bg-white ' +
    'hover:bg-slate-50 disabled:cursor-not-allowed disabled:opacity-40 focus-visible:outline-2 focus-visible:outline-brand-600';
  return (
    <nav
      aria-label="Pagination"
      className={cn('flex flex-col gap-3 border-t border-slate-200 bg-white px-4 py-3 sm:flex-row sm:items-center sm:justify-between', className)}
    >
      <p className="text-sm text-slate-600">
        {total === 0 ? (
          'No results'
        ) : (
          <>
            Showing <span className="font-medium text-slate-900">{from.toLocaleString()}</span>–
            <span className="font-medium text-slate-900">{to.toLocaleString()}</span> of{' '}
            <span className="font-medium text-slate-900">{total.toLocaleString()}</span>
          </>
        )}
      </p>
      <div className="flex items-center gap-3">
        {onPageSizeChange && (
          <label className="flex items-center gap-2 text-sm text-slate-600">
            Rows
            <select
              aria-label="Rows per page"
              className="h-8 rounded-md border-0 bg-white py-0 pr-7 pl-2 text-sm ring-1 ring-slate-300 ring-inset focus:ring-2 focus:ring-brand-600"
              value={pageSize}
              onChange={(e) => onPageSizeChange(Number(e.target.value))}
            >
              {pageSizes.map((s) => (
                <option key={s} value={s}>
                  {s}
                </option>
              ))}
            </select>
          </label>
        )}
        <span className="text-sm text-slate-500 tabular-nums">
          Page {page} of {pages}
        </span>
        <div className="flex gap-1.5">
          <button type="button" className={btn} onClick={() => onPageChange(page - 1)} disabled={page <= 1}>
            Previous
          </button>
          <button type="button" className={btn} onClick={() => onPageChange(page + 1)} disabled={page >= pages}>
            Next
          </button>
        </div>
      </div>
    </nav>
  );
}
