import { useQuery } from '@tanstack/react-query';
import { Link } from 'react-router';
import { useDebouncedValue } from '../lib/hooks';
import { ErrorState, Skeleton, StatusBadge } from '../ui';
import { campaignsApi } from './api';

/** Campaigns found by meaning (embeddings on the server), not by matching words. */
export function SemanticResults({ query, brandId }: { query: string; brandId?: string }) {
  const q = useDebouncedValue(query.trim(), 400);
  const { data, isLoading, error, refetch } = useQuery({
    queryKey: ['campaign-search', q, brandId],
    queryFn: () => campaignsApi.search(q, brandId, 20),
    enabled: q.length >= 3,
    staleTime: 60_000,
  });
  if (q.length < 3) return <p className="px-4 py-10 text-center text-sm text-slate-500">Describe what you are looking for, e.g. “winter discount for families”.</p>;
  if (error) return <ErrorState error={error} onRetry={() => refetch()} notFoundPage={false} />;
  if (isLoading || !data) {
    return (
      <div className="space-y-3 p-4">
        {[0, 1, 2].map((i) => (
          <Skeleton key={i} className="h-12 w-full" />
        ))}
      </div>
    );
  }
  if (data.items.length === 0) return <p className="px-4 py-10 text-center text-sm text-slate-500">No campaigns are close to this description.</p>;
  return (
    <ul className="divide-y divide-slate-100" aria-label="Search results by meaning">
      {data.items.map((s) => (
        <li key={s.campaignId} className="flex items-start gap-4 px-4 py-3">
          <span className="mt-0.5 w-12 shrink-0 text-right text-sm font-semibold text-brand-700 tabular-nums" title="Similarity">
            {Math.round(s.similarity * 100)}%
          </span>
          <div className="min-w-0 flex-1">
            <div className="flex flex-wrap items-center gap-2">
              <Link to={`/campaigns/${s.campaignId}`} className="font-medium text-slate-900 hover:text-brand-700">
                {s.name}
              </Link>
              <StatusBadge status={s.status} />
            </div>
            <p className="text-xs text-slate-500">{s.locationName}</p>
            {s.snippet && <p className="mt-1 line-clamp-2 text-sm text-slate-600">{s.snippet.replace(/<[^>]+>/g, ' ').replace(/\s+/g, ' ').trim()}</p>}
          </div>
        </li>
      ))}
    </ul>
  );
}
