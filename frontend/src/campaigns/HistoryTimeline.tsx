import type { HistoryEntry } from '../api/types';
import { cn } from '../lib/cn';
import { ACTION_LABEL, STATUS_COLOR } from '../lib/labels';
import { plainWords } from '../lib/plainWords';
import { formatDateTime, formatRelative } from '../lib/time';
import { ErrorState, Skeleton } from '../ui';

/** `timeZone`: the store's, for the times inside automatic entries ("due at …"). */
export function HistoryTimeline({
  entries,
  isLoading,
  error,
  onRetry,
  timeZone,
}: {
  entries?: HistoryEntry[];
  isLoading: boolean;
  error: unknown;
  onRetry: () => void;
  timeZone?: string;
}) {
  if (error) return <ErrorState error={error} onRetry={onRetry} className="py-6" notFoundPage={false} />;
  if (isLoading || !entries) {
    return (
      <div className="space-y-4">
        <Skeleton className="h-10 w-full" />
        <Skeleton className="h-10 w-full" />
      </div>
    );
  }
  if (entries.length === 0) return <p className="text-sm text-slate-500">No activity yet.</p>;
  const sorted = [...entries].sort((a, b) => new Date(b.at).getTime() - new Date(a.at).getTime());
  return (
    <ol className="relative" aria-label="Campaign history">
      {sorted.map((e, i) => (
        <li key={`${e.at}-${i}`} className="relative flex gap-3 pb-5 last:pb-0">
          {i < sorted.length - 1 && <span className="absolute top-5 left-[7px] h-full w-px bg-slate-200" aria-hidden="true" />}
          <span className={cn('relative mt-1 size-[15px] shrink-0 rounded-full ring-4 ring-white', STATUS_COLOR[e.toStatus]?.dot ?? 'bg-slate-300')} aria-hidden="true" />
          <div className="min-w-0 flex-1">
            <p className="text-sm text-slate-800">
              <span className="font-medium">{ACTION_LABEL[e.action] ?? e.action}</span>
              {e.actorName || e.actor ? <span className="text-slate-500"> by {e.actorName ?? e.actor}</span> : <span className="text-slate-500"> automatically</span>}
            </p>
            <time className="text-xs text-slate-400" dateTime={e.at} title={formatDateTime(e.at)}>
              {formatRelative(e.at)}
            </time>
            {e.comment && (
              <blockquote className={cn('mt-2 rounded-lg px-3 py-2 text-sm whitespace-pre-wrap', e.toStatus === 'rejected' ? 'bg-rose-50 text-rose-900' : 'bg-slate-50 text-slate-700')}>
                {plainWords(e.comment, timeZone)}
              </blockquote>
            )}
          </div>
        </li>
      ))}
    </ol>
  );
}
