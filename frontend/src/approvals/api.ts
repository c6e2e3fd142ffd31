import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { ApprovalItem, Page } from '../api/types';

export const APPROVALS_POLL_MS = 15_000;

export function useApprovals(query: { page: number; pageSize: number; brandId?: string; q?: string }, enabled = true) {
  return useQuery({
    queryKey: ['approvals', query],
    queryFn: ({ signal }) => api.get<Page<ApprovalItem>>('/approvals', { ...query }, signal),
    refetchInterval: APPROVALS_POLL_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
    enabled,
  });
}
