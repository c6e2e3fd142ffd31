import { useQuery } from '@tanstack/react-query';
import { api } from '../api';
import type { components } from '../api/schema';
import type { CampaignStatus } from '../api/types';

type Schemas = components['schemas'];

export type Comment = Schemas['CommentResponse'];
export type MentionableUser = Schemas['MentionableUser'];
export type TimelineEntry = Omit<Schemas['TimelineEntry'], 'kind' | 'fromStatus' | 'toStatus'> & {
  kind: 'transition' | 'comment';
  fromStatus: CampaignStatus | null;
  toStatus: CampaignStatus | null;
};

export const MAX_COMMENT = 4000;

export const commentsApi = {
  timeline: (campaignId: string) => api.get<TimelineEntry[]>(`/campaigns/${campaignId}/timeline`),
  add: (campaignId: string, body: string) => api.post<Comment>(`/campaigns/${campaignId}/comments`, { body }),
  mentionable: (campaignId: string, q: string, signal?: AbortSignal) => api.get<MentionableUser[]>(`/campaigns/${campaignId}/mentionable`, { q }, signal),
};

export function useTimeline(campaignId: string | undefined) {
  return useQuery({ queryKey: ['campaign', campaignId, 'timeline'], queryFn: () => commentsApi.timeline(campaignId!), enabled: !!campaignId });
}

export function useMentionable(campaignId: string, q: string | null) {
  return useQuery({
    queryKey: ['campaign', campaignId, 'mentionable', q],
    queryFn: ({ signal }) => commentsApi.mentionable(campaignId, q ?? '', signal),
    enabled: q !== null,
    staleTime: 60_000,
  });
}

/** The `@partial` being typed just before the caret, if any (same characters as a username; not inside an e-mail address). */
export function mentionAt(text: string, caret: number): { start: number; query: string } | null {
  const match = /(^|[^A-Za-z0-9._@-])@([A-Za-z0-9._-]{0,64})$/.exec(text.slice(0, caret));
  if (!match) return null;
  return { start: caret - match[2].length - 1, query: match[2] };
}
