import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { components } from '../api/schema';
import type { Page } from '../api/types';

export type AuditEntry = components['schemas']['AuditEntry'];

export interface AuditFilters {
  brandId?: string;
  entityType?: string;
  entityId?: string;
  actorId?: string;
  action?: string;
  from?: string;
  to?: string;
}

export function useAudit(query: AuditFilters & { page: number; pageSize: number }) {
  return useQuery({
    queryKey: ['audit', query],
    queryFn: ({ signal }) => api.get<Page<AuditEntry>>('/audit', { ...query }, signal),
    placeholderData: keepPreviousData,
  });
}

/** A date input's value (a local day) as the UTC instant the day starts; `to` is exclusive, so it takes the next day. */
export function dayToInstant(day: string, next = false): string | undefined {
  if (!day) return undefined;
  const d = new Date(`${day}T00:00:00`);
  if (Number.isNaN(d.getTime())) return undefined;
  if (next) d.setDate(d.getDate() + 1);
  return d.toISOString();
}
