import type { Campaign, CurrentUser, WorkflowAction } from '../api/types';

export type CampaignAction = WorkflowAction | 'edit' | 'delete' | 'generate';

type CampaignRef = Pick<Campaign, 'status' | 'brandId' | 'locationId' | 'createdBy'> & { submittedBy?: string | null; availableActions?: string[] };

const WORKFLOW: readonly string[] = ['submit', 'approve', 'reject', 'revise', 'schedule', 'cancel'];

function inScope(c: CampaignRef, user: CurrentUser): boolean {
  if (user.role === 'admin') return true;
  if (user.brandIds.length > 0 && !user.brandIds.includes(c.brandId)) return false;
  if (user.role === 'locationManager' && user.locationIds.length > 0 && !user.locationIds.includes(c.locationId)) return false;
  return true;
}

/**
 * The actions a user may take on a campaign in its current status. Mirrors the API's transition
 * table (draft→submit, pendingReview→approve/reject, rejected→revise, approved→schedule,
 * approved|scheduled|active→cancel) and role rules; the API remains the authority.
 */
export function availableActions(c: CampaignRef, user: CurrentUser): CampaignAction[] {
  const computed = computedActions(c, user);
  if (!Array.isArray(c.availableActions)) return computed;
  // The API's own list decides the workflow buttons; editing stays a client rule (draft or rejected).
  const server = c.availableActions.filter((a): a is WorkflowAction => WORKFLOW.includes(a));
  return [...server, ...computed.filter((a) => !WORKFLOW.includes(a))];
}

function computedActions(c: CampaignRef, user: CurrentUser): CampaignAction[] {
  if (user.role === 'viewer' || !inScope(c, user)) return [];
  const reviewer = user.role === 'admin' || user.role === 'brandManager';
  const editor = reviewer || user.role === 'locationManager';
  // Brand managers may not review their own submissions (segregation of duties).
  const ownSubmission = user.role === 'brandManager' && (c.submittedBy ?? c.createdBy) === user.id;

  switch (c.status) {
    case 'draft':
      return editor ? ['submit', 'edit', 'generate', 'delete'] : [];
    case 'rejected':
      return editor ? ['revise', 'edit', 'generate'] : [];
    case 'pendingReview':
      return reviewer && !ownSubmission ? ['approve', 'reject'] : [];
    case 'approved':
      return reviewer ? ['schedule', 'cancel'] : [];
    case 'scheduled':
    case 'active':
      return reviewer ? ['cancel'] : [];
    default:
      return [];
  }
}

export function canDo(c: CampaignRef, user: CurrentUser, action: CampaignAction) {
  return availableActions(c, user).includes(action);
}
