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
  remove: (brandId: string, id: string, etag?: string) =>
    api.delete(`/brands/${brandId}/locations/${id}`, { headers: etag ? { 'If-Match': etag } : undefined }),
};

/** The API's ETag for a location version (weak, from the row's `version`), for If-Match without another GET. */
export const etagOf = (l: Pick<Location, 'version'>) => `W/"${l.version}"`;

/** Attribute values are typed JSON (imports store booleans and numbers), so "true" and "12" are sent typed. */
export function typedAttributeValue(raw: string): string | number | boolean {
  const v = raw.trim();
  if (v === 'true' || v === 'false') return v === 'true';
  if (v !== '' && /^-?\d+(\.\d+)?$/.test(v) && !/^-?0\d/.test(v)) return Number(v);
  return v;
}

export interface RowOutcome {
  location: Location;
  ok: boolean;
  error?: string;
}

/**
 * One change applied to many locations, each PATCH guarded by If-Match on the version the list showed, a few at a
 * time. Every row gets its own outcome: a store someone else changed meanwhile fails alone (412), the rest go on.
 */
export async function patchEach(
  rows: Location[],
  change: (l: Location) => Partial<LocationInput>,
  describe: (error: unknown) => string,
  concurrency = 4,
): Promise<RowOutcome[]> {
  const out: RowOutcome[] = new Array(rows.length);
  let next = 0;
  const worker = async () => {
    while (next < rows.length) {
      const i = next++;
      const l = rows[i];
      try {
        await locationsApi.update(l.brandId, l.id, change(l), etagOf(l));
        out[i] = { location: l, ok: true };
      } catch (e) {
        out[i] = { location: l, ok: false, error: describe(e) };
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, rows.length) }, worker));
  return out;
}

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
