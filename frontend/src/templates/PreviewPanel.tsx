import { useQuery } from '@tanstack/react-query';
import type { TemplateVariable } from '../api/types';
import { ApiError, errorMessage } from '../api/problem';
import { ContentPreview } from '../campaigns/ContentPreview';
import { useDebouncedValue } from '../lib/hooks';
import { Badge, Skeleton, Spinner } from '../ui';
import { templatesApi } from './api';
import type { OfferSpec } from '../offers/api';

export interface PreviewRequest {
  content: string;
  variables?: TemplateVariable[];
  sampleData?: Record<string, unknown>;
  brandId?: string;
  locationId?: string;
  offer?: OfferSpec;
}

/** Server-rendered preview, re-requested shortly after the input stops changing. */
export function useTemplatePreview(request: PreviewRequest, enabled = true) {
  const debounced = useDebouncedValue(request, 400);
  return useQuery({
    queryKey: ['template-preview', debounced],
    queryFn: ({ signal }) => templatesApi.preview(debounced, signal),
    enabled: enabled && !!debounced.content.trim(),
    placeholderData: (prev) => prev,
    retry: false,
    staleTime: 60_000,
  });
}

export function PreviewPanel({ request, enabled = true, emptyHint }: { request: PreviewRequest; enabled?: boolean; emptyHint?: string }) {
  const { data, error, isFetching, isPending } = useTemplatePreview(request, enabled);
  const syntaxError = error instanceof ApiError && error.status === 400;

  if (!enabled) return <p className="text-sm text-slate-500">{emptyHint ?? 'Nothing to preview yet.'}</p>;
  if (!request.content.trim()) return <p className="text-sm text-slate-500">{emptyHint ?? 'Write some content to see a preview.'}</p>;

  return (
    <div className="space-y-3" aria-live="polite" aria-busy={isFetching}>
      <div className="flex min-h-6 flex-wrap items-center gap-2 text-xs">
        {isFetching && (
          <span className="flex items-center gap-1.5 text-slate-500">
            <Spinner className="size-3.5" label="Rendering preview" /> Rendering…
          </span>
        )}
        {data && data.missing.length > 0 && !error && (
          <span className="flex flex-wrap items-center gap-1.5">
            <span className="text-amber-700">Missing values:</span>
            {data.missing.map((m) => (
              <Badge key={m} tone="warning">
                {m}
              </Badge>
            ))}
          </span>
        )}
      </div>
      {error ? (
        <div role="alert" className="rounded-lg bg-rose-50 p-3 text-sm text-rose-800 ring-1 ring-rose-200">
          <p className="font-medium">{syntaxError ? 'Template error' : 'Preview unavailable'}</p>
          <p className="mt-1 font-mono text-xs">{errorMessage(error)}</p>
        </div>
      ) : isPending && !data ? (
        <Skeleton className="h-40 w-full" />
      ) : (
        <ContentPreview content={data?.rendered} title="Preview" />
      )}
    </div>
  );
}
