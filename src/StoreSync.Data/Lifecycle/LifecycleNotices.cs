using System.Data.Common;
using Dapper;

namespace StoreSync.Data.Lifecycle;

/// <summary>
/// The notifications one campaign's orchestration sends. Each has a dedupe key (campaign, user, submission, interval), so an
/// orchestration that retries, or a replacement started by reconciliation, sends nothing twice.
/// </summary>
public static class LifecycleNotices
{
    private const string Approvers = """
        approvers AS (
            SELECT ub.brand_id, u.id AS user_id
            FROM user_brands ub JOIN users u ON u.id = ub.user_id
            WHERE u.role = 'brandManager' AND u.is_active
            UNION
            SELECT b.id, u.id FROM brands b CROSS JOIN users u
            WHERE @notifyAdmins AND u.role = 'admin' AND u.is_active
        )
        """;

    /// <summary>
    /// Reminds the approvers of a campaign still waiting in the review that began at <paramref name="submittedAt"/>, for
    /// interval number <paramref name="interval"/> (1 after one interval, ...). Returns how many reminders were new.
    /// </summary>
    public static Task<int> RemindAsync(DbConnection conn, DbTransaction tx, Guid campaignId, DateTimeOffset submittedAt, int interval,
        bool notifyAdmins, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition($"""
            WITH waiting AS (
                SELECT c.id, c.brand_id, c.name, c.submitted_at, c.submitted_by
                FROM campaigns c
                WHERE c.id = @campaignId AND c.status = 'pendingReview' AND c.submitted_at = @submittedAt
            ), {Approvers}
            INSERT INTO notifications (id, user_id, brand_id, kind, title, body, campaign_id, dedupe_key, created_at)
            SELECT gen_random_uuid(), a.user_id, w.brand_id, 'reminder', 'Review waiting: ' || w.name,
                   '"' || w.name || '" has waited for approval since '
                       || to_char(w.submitted_at AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"') || '.',
                   w.id, concat_ws(':', 'reminder', a.user_id, w.id, (extract(epoch FROM w.submitted_at) * 1000000)::bigint, @interval), @now
            FROM waiting w JOIN approvers a ON a.brand_id = w.brand_id
            WHERE a.user_id IS DISTINCT FROM w.submitted_by
            ON CONFLICT (dedupe_key) DO NOTHING
            """, new { campaignId, submittedAt = submittedAt.UtcDateTime, interval, notifyAdmins, now = now.UtcDateTime }, tx,
            cancellationToken: ct));

    /// <summary>
    /// Flags a campaign whose start has passed while it still waits for review (pendingReview) or for scheduling
    /// (approved), once, and tells its approvers. Returns how many were told (0 when already flagged or moved on).
    /// </summary>
    public static Task<int> FlagStartPassedAsync(DbConnection conn, DbTransaction tx, Guid campaignId, bool notifyAdmins, DateTimeOffset now,
        CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition($"""
            WITH flagged AS (
                UPDATE campaigns c
                SET unreviewed_flagged_at = CASE WHEN c.status = 'pendingReview' THEN @now ELSE c.unreviewed_flagged_at END,
                    unscheduled_flagged_at = CASE WHEN c.status = 'approved' THEN @now ELSE c.unscheduled_flagged_at END
                WHERE c.id = @campaignId AND c.scheduled_start <= @now
                  AND ((c.status = 'pendingReview' AND c.unreviewed_flagged_at IS NULL)
                    OR (c.status = 'approved' AND c.unscheduled_flagged_at IS NULL))
                RETURNING c.id, c.brand_id, c.name, c.status, c.scheduled_start, c.submitted_by
            ), {Approvers}
            INSERT INTO notifications (id, user_id, brand_id, kind, title, body, campaign_id, dedupe_key, created_at)
            SELECT gen_random_uuid(), a.user_id, f.brand_id,
                   CASE f.status WHEN 'approved' THEN 'unscheduledStart' ELSE 'reminder' END,
                   CASE f.status WHEN 'approved' THEN 'Start passed unscheduled: ' ELSE 'Start passed unreviewed: ' END || f.name,
                   '"' || f.name || '" ' || CASE f.status WHEN 'approved' THEN 'is approved but was never scheduled'
                                                        ELSE 'still waits for review' END
                       || ', and its start (' || to_char(f.scheduled_start AT TIME ZONE 'UTC', 'YYYY-MM-DD HH24:MI "UTC"')
                       || ') has passed.',
                   f.id, CASE f.status WHEN 'approved' THEN 'unscheduledStart:' ELSE 'unreviewedStart:' END || a.user_id || ':' || f.id,
                   @now
            FROM flagged f JOIN approvers a ON a.brand_id = f.brand_id
            WHERE f.status = 'approved' OR a.user_id IS DISTINCT FROM f.submitted_by
            ON CONFLICT (dedupe_key) DO NOTHING
            """, new { campaignId, notifyAdmins, now = now.UtcDateTime }, tx, cancellationToken: ct));
}
