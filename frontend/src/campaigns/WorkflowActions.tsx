import { useState } from 'react';
import { useQueryClient } from '@tanstack/react-query';
import { ApiError } from '../api/problem';
import type { Campaign, WorkflowAction } from '../api/types';
import { useUser } from '../auth/AuthContext';
import { Button, useToast } from '../ui';
import { campaignsApi } from './api';
import { CommentDialog } from './CommentDialog';
import { ScheduleDialog, type ScheduleValues } from './ScheduleDialog';
import { availableActions } from './workflow';

const ORDER: WorkflowAction[] = ['submit', 'revise', 'approve', 'schedule', 'reject', 'cancel'];

const DONE: Record<WorkflowAction, string> = {
  submit: 'Submitted for review',
  approve: 'Campaign approved',
  reject: 'Campaign rejected',
  revise: 'Back in draft: make your changes and submit again',
  schedule: 'Campaign scheduled',
  cancel: 'Campaign cancelled',
};

export function useInvalidateCampaign() {
  const queryClient = useQueryClient();
  return (id?: string) => {
    if (id) queryClient.invalidateQueries({ queryKey: ['campaign', id] });
    queryClient.invalidateQueries({ queryKey: ['campaigns'] });
    queryClient.invalidateQueries({ queryKey: ['approvals'] });
    queryClient.invalidateQueries({ queryKey: ['stats'] });
    queryClient.invalidateQueries({ queryKey: ['notifications'] });
  };
}

/** The workflow buttons a user may press for a campaign in its current status, with their dialogs. */
export function WorkflowActions({ campaign, etag, size = 'md' }: { campaign: Campaign; etag?: string; size?: 'sm' | 'md' }) {
  const user = useUser();
  const toast = useToast();
  const invalidate = useInvalidateCampaign();
  const [open, setOpen] = useState<WorkflowAction | null>(null);
  const actions = availableActions(campaign, user).filter((a): a is WorkflowAction => (ORDER as string[]).includes(a));
  actions.sort((a, b) => ORDER.indexOf(a) - ORDER.indexOf(b));

  if (actions.length === 0) return null;

  const run = async (action: WorkflowAction, body: Record<string, unknown>) => {
    try {
      await campaignsApi.action(campaign.id, action, body, etag);
      toast.success(DONE[action], campaign.name);
    } catch (error) {
      if (error instanceof ApiError && (error.status === 409 || error.status === 412)) {
        invalidate(campaign.id);
      }
      throw error;
    }
    invalidate(campaign.id);
  };

  const close = () => setOpen(null);

  return (
    <div className="flex flex-wrap items-center gap-2" role="group" aria-label="Workflow actions">
      {actions.map((a) => {
        switch (a) {
          case 'submit':
            return (
              <Button key={a} size={size} onClick={() => setOpen('submit')}>
                Submit for review
              </Button>
            );
          case 'approve':
            return (
              <Button key={a} size={size} variant="success" onClick={() => setOpen('approve')}>
                Approve
              </Button>
            );
          case 'reject':
            return (
              <Button key={a} size={size} variant="danger" onClick={() => setOpen('reject')}>
                Reject
              </Button>
            );
          case 'revise':
            return (
              <Button key={a} size={size} onClick={() => setOpen('revise')}>
                Revise
              </Button>
            );
          case 'schedule':
            return (
              <Button key={a} size={size} onClick={() => setOpen('schedule')}>
                Schedule
              </Button>
            );
          case 'cancel':
            return (
              <Button key={a} size={size} variant="secondary" onClick={() => setOpen('cancel')}>
                Cancel campaign
              </Button>
            );
          default:
            return null;
        }
      })}

      <CommentDialog
        open={open === 'submit'}
        onClose={close}
        title="Submit for review"
        description="A brand manager will review the campaign before it can be scheduled."
        confirmLabel="Submit"
        placeholder="Anything the reviewer should know"
        onConfirm={(comment) => run('submit', { comment: comment || undefined })}
      />
      <CommentDialog
        open={open === 'approve'}
        onClose={close}
        title="Approve campaign"
        description={`${campaign.name} for ${campaign.locationName}. Once approved it can be scheduled.`}
        confirmLabel="Approve"
        variant="success"
        onConfirm={(comment) => run('approve', { comment: comment || undefined })}
      />
      <CommentDialog
        open={open === 'reject'}
        onClose={close}
        title="Reject campaign"
        description="The author sees your comment and can revise the campaign."
        confirmLabel="Reject"
        variant="danger"
        requireComment
        commentLabel="What needs to change?"
        onConfirm={(comment) => run('reject', { comment })}
      />
      <CommentDialog
        open={open === 'revise'}
        onClose={close}
        title="Revise campaign"
        description="Moves the campaign back to draft so you can edit and resubmit it."
        confirmLabel="Back to draft"
        onConfirm={(comment) => run('revise', { comment: comment || undefined })}
      />
      <CommentDialog
        open={open === 'cancel'}
        onClose={close}
        title="Cancel campaign"
        description="A cancelled campaign will not run (an active one is switched off). This cannot be undone."
        confirmLabel="Cancel campaign"
        dismissLabel="Keep campaign"
        variant="danger"
        onConfirm={(comment) => run('cancel', { comment: comment || undefined })}
      />
      <ScheduleDialog
        open={open === 'schedule'}
        onClose={close}
        timeZone={campaign.timeZone || 'UTC'}
        locationName={campaign.locationName}
        initialStart={campaign.scheduledStart}
        initialEnd={campaign.scheduledEnd}
        onConfirm={(values: ScheduleValues) => run('schedule', { ...values })}
      />
    </div>
  );
}
