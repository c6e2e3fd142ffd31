export type Role = 'admin' | 'brandManager' | 'locationManager' | 'viewer';

export interface Page<T> {
  items: T[];
  page: number;
  pageSize: number;
  total: number;
}

export interface TokenResponse {
  accessToken: string;
  refreshToken: string;
  tokenType: 'Bearer';
  expiresIn: number;
}

export interface CurrentUser {
  id: string;
  username: string;
  email: string | null;
  displayName: string | null;
  role: Role;
  brandIds: string[];
  locationIds: string[];
  isActive: boolean;
}

export interface User extends CurrentUser {
  createdAt: string;
  updatedAt?: string;
}

export interface BrandSettings {
  voice?: string | null;
  guidelines?: string | null;
  approvalReminderHours?: number | null;
  /** Time zone for imported stores that name none. */
  defaultTimeZone?: string | null;
  [other: string]: unknown;
}

export interface Brand {
  id: string;
  name: string;
  slug: string;
  settings: BrandSettings;
  createdAt: string;
  updatedAt: string;
}

export interface Address {
  street: string;
  city: string;
  state: string;
  postalCode: string;
  country: string;
}

export interface Location {
  id: string;
  brandId: string;
  name: string;
  storeNumber: string;
  address: Address;
  fullAddress: string;
  timeZone: string;
  latitude: number | null;
  longitude: number | null;
  attributes: Record<string, unknown>;
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
  version: number;
}

export type VariableType = 'text' | 'number' | 'percent' | 'date' | 'url';

export interface TemplateVariable {
  name: string;
  label: string;
  type: VariableType;
  required: boolean;
  default: string | number | null;
}

export interface Template {
  id: string;
  brandId: string;
  name: string;
  description: string | null;
  campaignType: string;
  content: string;
  variables: TemplateVariable[];
  isActive: boolean;
  createdAt: string;
  updatedAt: string;
}

export interface TemplatePreview {
  rendered: string;
  variablesUsed: string[];
  missing: string[];
}

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

export interface Campaign {
  id: string;
  brandId: string;
  locationId: string;
  locationName: string;
  storeNumber: string;
  timeZone: string;
  templateId: string;
  templateName: string;
  name: string;
  customizations: Record<string, unknown>;
  renderedContent: string | null;
  generatedContent: string | null;
  status: CampaignStatus;
  scheduledStart: string | null;
  scheduledEnd: string | null;
  createdBy: string;
  createdByName: string;
  submittedBy?: string | null;
  submittedAt?: string | null;
  /** The schedule as wall-clock text in the store's zone ("2026-12-01T09:00"), when scheduled. */
  scheduledStartLocal?: string | null;
  scheduledEndLocal?: string | null;
  /** Workflow actions the caller may take now, computed by the API (authoritative when present). */
  availableActions?: string[];
  createdAt: string;
  updatedAt: string;
  version: number;
}

export interface ApprovalItem extends Campaign {
  waitingSince: string;
}

export type WorkflowAction = 'submit' | 'approve' | 'reject' | 'revise' | 'schedule' | 'cancel';

export interface HistoryEntry {
  fromStatus: CampaignStatus | null;
  toStatus: CampaignStatus;
  action: string;
  actor: string | null;
  actorName: string | null;
  comment: string | null;
  at: string;
}

export interface BulkCreateResult {
  created: number;
  failed: number;
  results: { locationId: string; campaignId?: string; status: 'created' | 'failed'; error?: string }[];
}

export interface BulkActionResult {
  succeeded: number;
  failed: number;
  results: { campaignId: string; status: 'ok' | 'failed'; error?: string }[];
}

export interface Stats {
  countsByStatus: Partial<Record<CampaignStatus, number>>;
  approvalsWaiting: number;
  medianTimeToApprovalSeconds: number | null;
  goingLiveThisWeek: number;
  activity: { date: string; created: number; submitted: number; approved: number; rejected: number }[];
}

export interface GenerateResult {
  content: string;
  emailSubject?: string | null;
  previewText?: string | null;
  usedAi: boolean;
  model?: string | null;
  fallbackReason?: string | null;
  examples: string[];
}

export interface SimilarItem {
  campaignId: string;
  name: string;
  locationName: string;
  status: CampaignStatus;
  similarity: number;
  snippet: string;
}

export type ImportStatus = 'queued' | 'running' | 'succeeded' | 'failed';

export interface ImportJob {
  id: string;
  brandId: string;
  status: ImportStatus;
  dryRun: boolean;
  fileName: string;
  totalRows: number | null;
  processedRows: number | null;
  created: number;
  updated: number;
  unchanged: number;
  failed: number;
  errors: { row: number; column: string | null; message: string; value?: string | null }[];
  message?: string | null;
  duplicateOf?: string | null;
}

export interface Notification {
  id: string;
  kind: string;
  title: string;
  body: string | null;
  campaignId?: string | null;
  /** A path inside the app, when the server names one. */
  link?: string | null;
  createdAt: string;
  readAt: string | null;
}
