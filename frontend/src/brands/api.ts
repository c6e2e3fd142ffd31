import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { Brand, BrandSettingsInput, Page } from '../api/types';

export interface BrandInput {
  name: string;
  slug: string;
  /** Only the settings present change (the document lists every one as required; the API accepts any subset). */
  settings: Partial<BrandSettingsInput>;
}

export const brandsApi = {
  list: (q?: string) => api.get<Page<Brand>>('/brands', { pageSize: 100, sort: 'name', q }),
  get: (id: string) => api.get<Brand>(`/brands/${id}`),
  create: (input: BrandInput) => api.post<Brand>('/brands', input),
  update: (id: string, input: Partial<BrandInput>) => api.patch<Brand>(`/brands/${id}`, input),
  remove: (id: string) => api.delete(`/brands/${id}`),
};

export function useBrands() {
  return useQuery({ queryKey: ['brands'], queryFn: () => brandsApi.list(), staleTime: 5 * 60_000, placeholderData: keepPreviousData });
}

export function useBrand(id: string | undefined) {
  return useQuery({ queryKey: ['brands', id], queryFn: () => brandsApi.get(id!), enabled: !!id });
}

/** Name of a brand by id, from the cached brand list. */
export function useBrandName() {
  const { data } = useBrands();
  return (id: string) => data?.items.find((b) => b.id === id)?.name ?? '';
}
