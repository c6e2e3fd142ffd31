import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { Stats } from '../api/types';

export function statsQuery(brandId?: string) {
  return {
    queryKey: ['stats', brandId ?? 'all'] as const,
    queryFn: ({ signal }: { signal?: AbortSignal }) => api.get<Stats>('/stats', { brandId }, signal),
  };
}

export function useStats(brandId?: string) {
  return useQuery({ ...statsQuery(brandId), refetchInterval: 60_000 });
}
