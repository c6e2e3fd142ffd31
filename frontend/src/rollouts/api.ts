import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { components } from '../api/schema';
import type { CampaignStatus, Page } from '../api/types';

type Schemas = components['schemas'];

export type RolloutSummary = Schemas['RolloutSummary'];
export type RolloutCounts = Record<CampaignStatus, number>;
export type Rollout = Omit<Schemas['RolloutDetail'], 'counts'> & { counts: RolloutCounts };
export type RolloutLocation = Omit<Schemas['RolloutLocation'], 'status'> & { status: CampaignStatus };

/** The per-store view's stage filters (GET /rollouts/{id}/locations?stage=), each one status. */
export const STAGES = [
  { key: 'notSubmitted', label: 'Not submitted', status: 'draft' },
  { key: 'rejectedNotRevised', label: 'Rejected, not revised', status: 'rejected' },
  { key: 'approvedNotScheduled', label: 'Approved, not scheduled', status: 'approved' },
  { key: 'live', label: 'Live', status: 'active' },
] as const satisfies readonly { key: string; label: string; status: CampaignStatus }[];

export type Stage = (typeof STAGES)[number]['key'];

export interface RolloutLocationQuery {
  stage?: string;
  q?: string;
  page?: number;
  pageSize?: number;
}

export const rolloutsApi = {
  list: (query: { brandId?: string; q?: string; page?: number; pageSize?: number }, signal?: AbortSignal) =>
    api.get<Page<RolloutSummary>>('/rollouts', { ...query }, signal),
  get: (id: string) => api.get<Rollout>(`/rollouts/${id}`),
  locations: (id: string, query: RolloutLocationQuery, signal?: AbortSignal) =>
    api.get<Page<RolloutLocation>>(`/rollouts/${id}/locations`, { ...query }, signal),
  remind: (id: string) => api.post<{ notified: number }>(`/rollouts/${id}/remind`, {}),
};

export function useRollouts(query: { brandId?: string; q?: string; page?: number; pageSize?: number }) {
  return useQuery({ queryKey: ['rollouts', query], queryFn: ({ signal }) => rolloutsApi.list(query, signal), placeholderData: keepPreviousData });
}

/** Counts move as stores act; a rollout page left open refreshes them every half minute. */
export function useRollout(id: string | undefined) {
  return useQuery({ queryKey: ['rollout', id], queryFn: () => rolloutsApi.get(id!), enabled: !!id, refetchInterval: 30_000 });
}

export function useRolloutLocations(id: string | undefined, query: RolloutLocationQuery) {
  return useQuery({
    queryKey: ['rollout', id, 'locations', query],
    queryFn: ({ signal }) => rolloutsApi.locations(id!, query, signal),
    enabled: !!id,
    placeholderData: keepPreviousData,
  });
}
