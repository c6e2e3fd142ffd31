import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type {
  BulkActionResponse,
  BulkActionResult,
  BulkCreateResponse,
  BulkCreateResult,
  Campaign,
  GenerateResult,
  HistoryEntry,
  Page,
  SimilarItem,
  WorkflowAction,
} from '../api/types';

export interface CampaignQuery {
  status?: string;
  brandId?: string;
  locationId?: string;
  templateId?: string;
  q?: string;
  startsFrom?: string;
  startsTo?: string;
  page?: number;
  pageSize?: number;
  sort?: string;
}

export interface CampaignCreateInput {
  locationId: string;
  templateId: string;
  name?: string;
  customizations: Record<string, unknown>;
  scheduledStartLocal?: string;
  scheduledEndLocal?: string;
}

export interface LocationFilter {
  isActive?: boolean;
  q?: string;
  state?: string;
  city?: string;
  attributes?: Record<string, string | number | boolean>;
}

export interface BulkCreateInput {
  templateId: string;
  locationIds?: string[];
  locationFilter?: LocationFilter;
  customizations: Record<string, unknown>;
  name?: string;
}

export interface CampaignUpdateInput {
  name?: string;
  customizations?: Record<string, unknown>;
  generatedContent?: string | null;
}

export type CampaignWithEtag = Campaign & { etag?: string };

type ItemErrorLike = string | { status?: number; detail?: string; title?: string } | null | undefined;

/** Bulk results carry per-item errors as problem-like objects; the UI shows their text. */
export function itemErrorText(error: ItemErrorLike): string | undefined {
  if (!error) return undefined;
  return typeof error === 'string' ? error : (error.detail ?? error.title ?? 'Failed');
}

function ifMatch(etag?: string) {
  return etag ? { 'If-Match': etag } : undefined;
}

export const campaignsApi = {
  list: (query: CampaignQuery, signal?: AbortSignal) => api.get<Page<Campaign>>('/campaigns', { ...query }, signal),
  get: async (id: string): Promise<CampaignWithEtag> => {
    const res = await api.send<Campaign>(`/campaigns/${id}`);
    return { ...res.data, etag: res.headers.get('ETag') ?? undefined };
  },
  create: (input: CampaignCreateInput) => api.post<Campaign>('/campaigns', input),
  update: (id: string, input: CampaignUpdateInput, etag?: string) => api.patch<Campaign>(`/campaigns/${id}`, input, { headers: ifMatch(etag) }),
  remove: (id: string, etag?: string) => api.delete(`/campaigns/${id}`, { headers: ifMatch(etag) }),
  bulkCreate: async (input: BulkCreateInput, idempotencyKey?: string): Promise<BulkCreateResult> => {
    const res = await api.post<BulkCreateResponse>('/campaigns/bulk', input, { headers: idempotencyKey ? { 'Idempotency-Key': idempotencyKey } : undefined });
    return { ...res, results: res.results.map((r) => ({ ...r, error: itemErrorText(r.error) })) };
  },
  action: (id: string, action: WorkflowAction, body: Record<string, unknown> = {}, etag?: string) =>
    api.post<Campaign>(`/campaigns/${id}/${action}`, body, { headers: ifMatch(etag) }),
  bulkAction: async (action: 'submit' | 'approve' | 'reject', campaignIds: string[], comment?: string): Promise<BulkActionResult> => {
    const res = await api.post<BulkActionResponse>(`/campaigns/bulk/${action}`, { campaignIds, comment: comment || undefined });
    return { ...res, results: res.results.map((r) => ({ ...r, error: itemErrorText(r.error) })) };
  },
  history: async (id: string) => {
    const res = await api.get<HistoryEntry[] | { items: HistoryEntry[] }>(`/campaigns/${id}/history`);
    return Array.isArray(res) ? res : (res?.items ?? []);
  },
  generate: (id: string, instructions: string, signal?: AbortSignal) =>
    api.request<GenerateResult>(`/campaigns/${id}/generate`, { method: 'POST', body: { instructions: instructions || undefined, useSimilar: true }, signal }),
  similar: (id: string, limit = 5) => api.get<{ items: SimilarItem[] }>(`/campaigns/${id}/similar`, { limit }),
  search: (query: string, brandId?: string, limit = 10) => api.post<{ items: SimilarItem[] }>('/campaigns/search', { query, brandId, limit }),
};

export function useCampaigns(query: CampaignQuery, options: { enabled?: boolean; refetchInterval?: number } = {}) {
  return useQuery({
    queryKey: ['campaigns', query],
    queryFn: ({ signal }) => campaignsApi.list(query, signal),
    placeholderData: keepPreviousData,
    ...options,
  });
}

export function useCampaign(id: string | undefined) {
  return useQuery({ queryKey: ['campaign', id], queryFn: () => campaignsApi.get(id!), enabled: !!id });
}

export function useCampaignHistory(id: string | undefined) {
  return useQuery({ queryKey: ['campaign', id, 'history'], queryFn: () => campaignsApi.history(id!), enabled: !!id });
}
