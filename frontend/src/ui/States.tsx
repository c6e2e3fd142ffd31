import type { ReactNode } from 'react';
import { ApiError, errorMessage } from '../api/problem';
import { cn } from '../lib/cn';
import { Button, ButtonLink } from './Button';

export function EmptyState({
  title,
  description,
  action,
  icon,
  className,
}: {
  title: string;
  description?: ReactNode;
  action?: ReactNode;
  icon?: ReactNode;
  className?: string;
}) {
  return (
    <div className={cn('flex flex-col items-center justify-center px-6 py-14 text-center', className)}>
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-slate-100 text-slate-400">
        {icon ?? (
          <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-6" aria-hidden="true">
            <path strokeLinecap="round" strokeLinejoin="round" d="M20.25 7.5l-.625 10.632a2.25 2.25 0 0 1-2.247 2.118H6.622a2.25 2.25 0 0 1-2.247-2.118L3.75 7.5m8.25 3v6.75m0 0-3-3m3 3 3-3M3.375 7.5h17.25c.621 0 1.125-.504 1.125-1.125v-1.5c0-.621-.504-1.125-1.125-1.125H3.375c-.621 0-1.125.504-1.125 1.125v1.5c0 .621.504 1.125 1.125 1.125Z" />
          </svg>
        )}
      </div>
      <h3 className="text-sm font-semibold text-slate-900">{title}</h3>
      {description && <p className="mt-1 max-w-sm text-sm text-slate-500">{description}</p>}
      {action && <div className="mt-5">{action}</div>}
    </div>
  );
}

export function NotFoundState({ what = 'page' }: { what?: string }) {
  return (
    <div className="flex flex-col items-center justify-center px-6 py-20 text-center" data-testid="not-found">
      <p className="text-sm font-semibold text-brand-600">404</p>
      <h1 className="mt-2 text-2xl font-semibold tracking-tight text-slate-900">Not found</h1>
      <p className="mt-2 max-w-md text-sm text-slate-500">
        This {what} does not exist, or you do not have access to it.
      </p>
      <ButtonLink to="/" variant="secondary" className="mt-6">
        Back to dashboard
      </ButtonLink>
    </div>
  );
}

/** Error panel for failed loads; a 404 becomes the "not found" page (other brands' objects are 404 too). */
export function ErrorState({
  error,
  onRetry,
  what,
  className,
  notFoundPage = what !== undefined,
}: {
  error: unknown;
  onRetry?: () => void;
  what?: string;
  className?: string;
  /**
   * A page's main object missing (a `what` is named) is "not found" — also for other brands' objects; a list's or
   * side panel's 404 is just an error of that panel.
   */
  notFoundPage?: boolean;
}) {
  if (notFoundPage && error instanceof ApiError && error.status === 404) return <NotFoundState what={what} />;
  const forbidden = error instanceof ApiError && error.status === 403;
  return (
    <div role="alert" className={cn('flex flex-col items-center justify-center px-6 py-14 text-center', className)}>
      <div className="mb-4 flex size-12 items-center justify-center rounded-full bg-rose-50 text-rose-500">
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" strokeWidth="1.5" className="size-6" aria-hidden="true">
          <path strokeLinecap="round" strokeLinejoin="round" d="M12 9v3.75m-9.303 3.376c-.866 1.5.217 3.374 1.948 3.374h14.71c1.73 0 2.813-1.874 1.948-3.374L13.949 3.378c-.866-1.5-3.032-1.5-3.898 0L2.697 16.126ZM12 15.75h.007v.008H12v-.008Z" />
        </svg>
      </div>
      <h3 className="text-sm font-semibold text-slate-900">{forbidden ? 'Access denied' : 'Could not load this'}</h3>
      <p className="mt-1 max-w-md text-sm text-slate-500">{errorMessage(error)}</p>
      {onRetry && !forbidden && (
        <Button variant="secondary" size="sm" className="mt-5" onClick={onRetry}>
          Try again
        </Button>
      )}
    </div>
  );
}

export function InlineError({ error, className }: { error: unknown; className?: string }) {
  if (!error) return null;
  return (
    <div role="alert" className={cn('rounded-lg bg-rose-50 px-3 py-2 text-sm text-rose-700 ring-1 ring-rose-200', className)}>
      {errorMessage(error)}
    </div>
  );
}
