-- Authors and submitters hear what happened to their campaigns (issue 14 #13).
ALTER TABLE notifications DROP CONSTRAINT notifications_kind_check;
ALTER TABLE notifications ADD CONSTRAINT notifications_kind_check CHECK (kind IN (
    'reminder', 'digest', 'unscheduledStart',
    'campaignApproved', 'campaignRejected', 'campaignScheduled', 'campaignActivated', 'campaignCompleted', 'campaignCancelled'));
