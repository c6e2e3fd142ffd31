import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { ErrorState, Skeleton, StatusBadge } from '../ui';
import { campaignsApi } from './api';

/** Campaigns whose content is closest to this one (vector similarity on the server). */
export function SimilarPanel({ campaignId }: { campaignId: string }) {
  const { data, isLoading, error, refetch } = useQuery({
    queryKey: ['campaign', campaignId, 'similar'],
    queryFn: () => campaignsApi.similar(campaignId, 5),
    staleTime: 5 * 60_000,
  });
  if (error) return <ErrorState error={error} onRetry={() => refetch()} className="py-6" notFoundPage={false} />;
  if (isLoading || !data) {
    return (
      <div className="space-y-3">
        <Skeleton className="h-12 w-full" />
        <Skeleton className="h-12 w-full" />
      </div>
    );
  }
  if (data.items.length === 0) return <p className="text-sm text-slate-500">No similar campaigns yet.</p>;
  return (
    <ul className="-my-2 divide-y divide-slate-100">
      {data.items.map((s) => (
        <li key={s.campaignId} className="py-3">
          <div className="flex items-start justify-between gap-2">
            <Link to={`/campaigns/${s.campaignId}`} className="min-w-0 text-sm font-medium text-slate-900 hover:text-brand-700">
              {s.name}
            </Link>
            <span className="shrink-0 text-xs font-medium text-slate-500 tabular-nums" title="Similarity">
              {Math.round(s.similarity * 100)}%
            </span>
          </div>
          <div className="mt-1 flex items-center gap-2 text-xs text-slate-500">
            <span className="truncate">{s.locationName}</span>
            <StatusBadge status={s.status} />
          </div>
          {s.snippet && <p className="mt-1.5 line-clamp-2 text-xs text-slate-500">{s.snippet.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}</p>}
          <div className="mt-1.5 h-1 w-full overflow-hidden rounded-full bg-slate-100" aria-hidden="true">
            <div className="h-full rounded-full bg-brand-400" style={{ width: `${Math.max(4, Math.min(100, s.similarity * 100))}%` }} />
          </div>
        </li>
      ))}
    </ul>
  );
}
