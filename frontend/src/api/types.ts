/**
 * Friendly names for the API's types. The shapes come from `schema.d.ts`, which openapi-typescript generates from the
 * API's OpenAPI document (`openapi/v1.json`): never edit that file; run `npm run api:types` (see README.md).
 *
 * Only what the document cannot say is narrowed here: the API types statuses and roles as plain strings, so the front
 * end names the values it knows, and JSON-valued fields (`attributes`, a variable's `default`) as any JSON.
 */
import type { components } from './schema';

type Schemas = components['schemas'];

export type Role = 'admin' | 'brandManager' | 'locationManager' | 'viewer';

/** One page of a list (`PageOf…` in the document). */
export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export type TokenResponse = Schemas['TokenResponse'];

export type User = Omit<Schemas['UserResponse'], 'role'> & { role: Role };
/** The signed-in user (GET /auth/me answers a user). */
export type CurrentUser = User;

export type BrandSettings = Schemas['BrandSettings'];
export type BrandSettingsInput = Schemas['BrandSettingsInput'];
export type Brand = Schemas['BrandResponse'];

export type Address = Schemas['Address'];
export type Location = Omit<Schemas['LocationResponse'], 'attributes'> & { attributes: Record<string, unknown> };

export type VariableType = 'text' | 'number' | 'percent' | 'date' | 'url';

export type TemplateVariable = Omit<Schemas['TemplateVariable'], 'name' | 'label' | 'type' | 'default'> & {
  name: string;
  label: string;
  type: VariableType;
  default: string | number | null;
};

export type Template = Omit<Schemas['TemplateResponse'], 'variables'> & { variables: TemplateVariable[] };

export type TemplatePreview = Schemas['PreviewResponse'];

export const CAMPAIGN_STATUSES = [
  'draft',
  'pendingReview',
  'approved',
  'rejected',
  'scheduled',
  'active',
  'completed',
  'cancelled',
] as const;
export type CampaignStatus = (typeof CAMPAIGN_STATUSES)[number];

export type Campaign = Omit<Schemas['CampaignResponse'], 'status'> & { status: CampaignStatus };

/** An item of the review queue as the API sends it: the campaign nested. */
export type ApprovalQueueItem = Omit<Schemas['ApprovalItem'], 'campaign' | 'conflictCount'> & { campaign: Campaign; conflictCount?: number };
/** A review queue row as the UI works with it: the campaign with `waitingSince` (see `toApprovalItem`). */
export type ApprovalItem = Campaign & { waitingSince: string; conflictCount?: number };

export type WorkflowAction = 'submit' | 'approve' | 'reject' | 'revise' | 'schedule' | 'cancel';

export type HistoryEntry = Omit<Schemas['CampaignHistoryEntry'], 'fromStatus' | 'toStatus'> & {
  fromStatus: CampaignStatus | null;
  toStatus: CampaignStatus;
};

/** Why one item of a bulk request failed: the status and detail its own request would have answered. */
export type ItemError = Schemas['ItemError'];
/** A bulk answer as the API sends it; `campaignsApi` turns each item's `ItemError` into its text for the UI. */
export type BulkCreateResponse = Schemas['RolloutResponse'];
export type BulkActionResponse = Schemas['BulkActionResponse'];
type WithErrorText<T extends { error: ItemError | null }> = Omit<T, 'error'> & { error?: string };
export type BulkCreateResult = Omit<BulkCreateResponse, 'results'> & { results: WithErrorText<Schemas['RolloutItem']>[] };
export type BulkActionResult = Omit<BulkActionResponse, 'results'> & { results: WithErrorText<Schemas['BulkActionItem']>[] };

export type Stats = Omit<Schemas['StatsResponse'], 'countsByStatus'> & {
  countsByStatus: Partial<Record<CampaignStatus, number>>;
};

export type GenerateResult = Schemas['GenerationResponse'];

export type SimilarItem = Omit<Schemas['SimilarItem'], 'status'> & { status: CampaignStatus };

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed';
export type ImportRowError = Schemas['ImportRowError'];
export type ImportJob = Omit<Schemas['ImportJobResponse'], 'status'> & { status: ImportStatus };

export type Notification = Schemas['NotificationResponse'];
export type NotificationPage = Omit<Schemas['NotificationPage'], 'items'> & { items: Notification[] };
