import { Fragment, type ReactNode } from 'react';
import { cn } from '../lib/cn';
import { ACTION_LABEL, STATUS_COLOR } from '../lib/labels';
import { plainWords } from '../lib/plainWords';
import { formatDateTime, formatRelative } from '../lib/time';
import { ErrorState, Skeleton } from '../ui';
import { useTimeline, type TimelineEntry } from './api';
import { CommentBox } from './CommentBox';

/** @names in a comment shown as mentions; the text itself is never interpreted otherwise. */
function withMentions(body: string): ReactNode[] {
  return body.split(/((?<![A-Za-z0-9._@-])@[A-Za-z0-9._-]{3,64})/).map((part, i) =>
    i % 2 === 1 ? (
      <span key={i} className="font-medium text-brand-700">
        {part}
      </span>
    ) : (
      <Fragment key={i}>{part}</Fragment>
    ),
  );
}

function When({ at }: { at: string }) {
  return (
    <time className="text-xs text-slate-400" dateTime={at} title={formatDateTime(at)}>
      {formatRelative(at)}
    </time>
  );
}

/** Workflow history and comments, newest first, with a comment box on top. `timeZone`: the store's, for times inside automatic entries. */
export function CampaignTimeline({ campaignId, timeZone }: { campaignId: string; timeZone?: string }) {
  const timeline = useTimeline(campaignId);
  return (
    <div className="space-y-5">
      <CommentBox campaignId={campaignId} />
      {timeline.error ? (
        <ErrorState error={timeline.error} onRetry={() => timeline.refetch()} className="py-6" notFoundPage={false} />
      ) : !timeline.data ? (
        <div className="space-y-4">
          <Skeleton className="h-10 w-full" />
          <Skeleton className="h-10 w-full" />
        </div>
      ) : timeline.data.length === 0 ? (
        <p className="text-sm text-slate-500">No activity yet.</p>
      ) : (
        <ol className="relative" aria-label="Campaign activity">
          {timeline.data.map((e: TimelineEntry, i) => (
            <li key={e.commentId ?? `${e.at}-${i}`} className="relative flex gap-3 pb-5 last:pb-0">
              {i < timeline.data.length - 1 && <span className="absolute top-5 left-[7px] h-full w-px bg-slate-200" aria-hidden="true" />}
              {e.kind === 'comment' ? (
                <>
                  <span className="relative mt-1 size-[15px] shrink-0 rounded-full bg-white ring-2 ring-brand-300" aria-hidden="true" />
                  <div className="min-w-0 flex-1">
                    <p className="text-sm text-slate-800">
                      <span className="font-medium">{e.actorName}</span> <span className="text-slate-500">commented</span>
                    </p>
                    <When at={e.at} />
                    <p className="mt-2 rounded-lg bg-white px-3 py-2 text-sm break-words whitespace-pre-wrap text-slate-800 ring-1 ring-slate-200">
                      {withMentions(e.body ?? '')}
                    </p>
                  </div>
                </>
              ) : (
                <>
                  <span
                    className={cn('relative mt-1 size-[15px] shrink-0 rounded-full ring-4 ring-white', (e.toStatus && STATUS_COLOR[e.toStatus]?.dot) || 'bg-slate-300')}
                    aria-hidden="true"
                  />
                  <div className="min-w-0 flex-1">
                    <p className="text-sm text-slate-800">
                      <span className="font-medium">{ACTION_LABEL[e.action ?? ''] ?? e.action}</span>
                      {e.actor ? <span className="text-slate-500"> by {e.actorName}</span> : <span className="text-slate-500"> automatically</span>}
                    </p>
                    <When at={e.at} />
                    {e.comment && (
                      <blockquote
                        className={cn('mt-2 rounded-lg px-3 py-2 text-sm whitespace-pre-wrap', e.toStatus === 'rejected' ? 'bg-rose-50 text-rose-900' : 'bg-slate-50 text-slate-700')}
                      >
                        {plainWords(e.comment, timeZone)}
                      </blockquote>
                    )}
                  </div>
                </>
              )}
            </li>
          ))}
        </ol>
      )}
    </div>
  );
}
