import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { Address, Location, Page } from '../api/types';

export interface LocationQuery {
  page?: number;
  pageSize?: number;
  sort?: string;
  q?: string;
  isActive?: string;
  timeZone?: string;
  state?: string;
  city?: string;
  /** `attribute.<key>=value` filters on the free-form attributes. */
  [attributeFilter: `attribute.${string}`]: string | undefined;
}

export interface LocationInput {
  name: string;
  storeNumber: string;
  address: Address;
  timeZone: string;
  latitude: number | null;
  longitude: number | null;
  attributes: Record<string, unknown>;
  isActive: boolean;
}

export const locationsApi = {
  list: (brandId: string, query: LocationQuery) => api.get<Page<Location>>(`/brands/${brandId}/locations`, { ...query }),
  listAll: (query: LocationQuery & { brandId?: string }) => api.get<Page<Location>>('/locations', { ...query }),
  get: async (brandId: string, id: string) => {
    const res = await api.send<Location>(`/brands/${brandId}/locations/${id}`);
    return { ...res.data, etag: res.headers.get('ETag') ?? undefined };
  },
  create: (brandId: string, input: LocationInput) => api.post<Location>(`/brands/${brandId}/locations`, input),
  update: (brandId: string, id: string, input: Partial<LocationInput>, etag?: string) =>
    api.patch<Location>(`/brands/${brandId}/locations/${id}`, input, { headers: etag ? { 'If-Match': etag } : undefined }),
  remove: (brandId: string, id: string) => api.delete(`/brands/${brandId}/locations/${id}`),
};

export function useLocations(brandId: string | undefined, query: LocationQuery, enabled = true) {
  return useQuery({
    queryKey: ['locations', brandId, query],
    queryFn: () => locationsApi.list(brandId!, query),
    enabled: !!brandId && enabled,
    placeholderData: keepPreviousData,
  });
}

export function useLocation(brandId: string | undefined, id: string | undefined) {
  return useQuery({
    queryKey: ['location', brandId, id],
    queryFn: () => locationsApi.get(brandId!, id!),
    enabled: !!brandId && !!id,
  });
}
