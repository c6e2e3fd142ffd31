import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api, downloadFile } from '../api';
import { buildQuery } from '../api/client';

/** One campaign's results; a campaign runs at one store, so this is also that store's results for it. Money is a decimal string. */
export interface CampaignResult {
  campaignId: string;
  campaignName: string;
  locationId: string;
  locationName: string;
  storeNumber: string;
  templateId: string;
  templateName: string;
  rolloutId: string | null;
  status: string;
  redemptions: number;
  transactions: number;
  discount: string;
  revenue: string;
  liveDays: number;
  redemptionsPerStoreDay: number | null;
}

export interface ResultDay {
  date: string;
  redemptions: number;
  transactions: number;
  discount: string;
  revenue: string;
}

export interface CampaignResults {
  items: CampaignResult[];
  totals: { campaigns: number; locations: number; redemptions: number; transactions: number; discount: string; revenue: string };
  byDay: ResultDay[];
  from: string;
  to: string;
  dayBasis: string;
  page: number;
  pageSize: number;
  total: number;
}

export interface ResultsQuery {
  brandId: string;
  from?: string;
  to?: string;
  templateId?: string;
  locationId?: string;
  rolloutId?: string;
  campaignId?: string;
  sort?: string;
  page?: number;
  pageSize?: number;
}

export const resultsApi = {
  campaigns: (q: ResultsQuery, signal?: AbortSignal) => api.get<CampaignResults>('/analytics/campaigns', { ...q }, signal),
  /** The same rows as the table (every page), as CSV. */
  downloadCsv: (q: ResultsQuery) => {
    const { page: _page, pageSize: _pageSize, ...rest } = q;
    return downloadFile(`/analytics/campaigns${buildQuery({ ...rest, format: 'csv' })}`, `results-${q.from ?? ''}-${q.to ?? ''}.csv`);
  },
};

export function useCampaignResults(q: ResultsQuery) {
  return useQuery({
    queryKey: ['analytics', 'campaigns', q],
    queryFn: ({ signal }) => resultsApi.campaigns(q, signal),
    enabled: !!q.brandId,
    placeholderData: keepPreviousData,
  });
}

/** yyyy-MM-dd of a date in UTC. */
export function isoDay(d: Date) {
  return d.toISOString().slice(0, 10);
}

/** The default range: the 30 days ending today. */
export function lastDays(days: number, today = new Date()) {
  const to = isoDay(today);
  const from = isoDay(new Date(today.getTime() - (days - 1) * 86_400_000));
  return { from, to };
}
