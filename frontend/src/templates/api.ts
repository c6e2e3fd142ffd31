import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { Page, Template, TemplatePreview, TemplateVariable } from '../api/types';
import type { OfferSpec } from '../offers/api';

export interface TemplateQuery {
  brandId?: string;
  campaignType?: string;
  isActive?: string;
  q?: string;
  page?: number;
  pageSize?: number;
  sort?: string;
}

export interface TemplateInput {
  brandId: string;
  name: string;
  description: string;
  campaignType: string;
  content: string;
  variables: TemplateVariable[];
  isActive: boolean;
  /** The default offer of campaigns made from the template. */
  offer?: OfferSpec | null;
}

export interface PreviewInput {
  content: string;
  variables?: TemplateVariable[];
  sampleData?: Record<string, unknown>;
  brandId?: string;
  locationId?: string;
  offer?: OfferSpec;
}

export const templatesApi = {
  list: (query: TemplateQuery) => api.get<Page<Template>>('/templates', { ...query }),
  get: (id: string) => api.get<Template>(`/templates/${id}`),
  create: (input: TemplateInput) => api.post<Template>('/templates', input),
  update: (id: string, input: Partial<TemplateInput>) => api.patch<Template>(`/templates/${id}`, input),
  remove: (id: string) => api.delete(`/templates/${id}`),
  preview: (input: PreviewInput, signal?: AbortSignal) => api.request<TemplatePreview>('/templates/preview', { method: 'POST', body: input, signal }),
};

export function useTemplates(query: TemplateQuery, enabled = true) {
  return useQuery({ queryKey: ['templates', query], queryFn: () => templatesApi.list(query), placeholderData: keepPreviousData, enabled });
}

export function useTemplate(id: string | undefined) {
  return useQuery({ queryKey: ['template', id], queryFn: () => templatesApi.get(id!), enabled: !!id });
}

export const CAMPAIGN_TYPES = ['email', 'sms', 'social', 'inStore', 'web'] as const;
export const CAMPAIGN_TYPE_LABEL: Record<string, string> = {
  email: 'Email',
  sms: 'SMS',
  social: 'Social',
  inStore: 'In-store',
  web: 'Web',
};
