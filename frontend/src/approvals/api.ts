import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { ApprovalItem, ApprovalQueueItem, Page } from '../api/types';

/** The API nests the campaign ({waitingSince, campaign}); the UI works with flat rows. */
export function toApprovalItem(item: ApprovalItem | ApprovalQueueItem): ApprovalItem {
  if (!('campaign' in item) || !item.campaign) return item as ApprovalItem;
  return { ...item.campaign, waitingSince: item.waitingSince, ...(item.conflictCount ? { conflictCount: item.conflictCount } : {}) };
}

export const APPROVALS_POLL_MS = 15_000;

export function useApprovals(query: { page: number; pageSize: number; brandId?: string; q?: string }, enabled = true) {
  return useQuery({
    queryKey: ['approvals', query],
    queryFn: async ({ signal }) => {
      const page = await api.get<Page<ApprovalItem | ApprovalQueueItem>>('/approvals', { ...query }, signal);
      return { ...page, items: page.items.map(toApprovalItem) };
    },
    refetchInterval: APPROVALS_POLL_MS,
    refetchIntervalInBackground: false,
    placeholderData: keepPreviousData,
    enabled,
  });
}
