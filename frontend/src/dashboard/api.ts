import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { Stats } from '../api/types';

export function useStats(brandId?: string) {
  return useQuery({
    queryKey: ['stats', brandId ?? 'all'],
    queryFn: ({ signal }) => api.get<Stats>('/stats', { brandId }, signal),
    refetchInterval: 60_000,
  });
}
