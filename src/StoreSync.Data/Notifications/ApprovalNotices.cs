using System.Data.Common;
using Dapper;

namespace StoreSync.Data.Notifications;

public sealed record ReminderCandidate(Guid UserId, Guid CampaignId, Guid BrandId, string CampaignName, DateTimeOffset SubmittedAt,
    int Interval, string DedupeKey);

public sealed record DigestCandidate(Guid UserId, int Waiting, DateTimeOffset OldestSince);

public sealed record UnscheduledCampaign(Guid UserId, Guid CampaignId, Guid BrandId, string CampaignName, DateTimeOffset ScheduledStart);

/// <summary>
/// Who should hear about campaigns waiting for approval or missing their start. Approvers are the brand's active
/// brand managers (and admins when asked); nobody is reminded to review what they submitted themselves.
/// </summary>
public static class ApprovalNotices
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
    /// Campaigns waiting in pendingReview longer than their brand's approvalReminderHours (brands.settings, else the default).
    /// The interval number (1 after one interval, 2 after two, ...) is part of the dedupe key, so each approver hears once
    /// per interval; the submission time is too, so a resubmitted campaign starts counting afresh.
    /// </summary>
    public static async Task<IReadOnlyList<ReminderCandidate>> RemindersDueAsync(DbConnection conn, DbTransaction tx, DateTimeOffset now,
        double defaultHours, bool notifyAdmins, int limit, CancellationToken ct) =>
        (await conn.QueryAsync<ReminderCandidate>(new CommandDefinition($"""
            WITH brand_interval AS (
                SELECT b.id AS brand_id,
                       make_interval(secs => 3600 * CASE
                           WHEN jsonb_typeof(b.settings -> 'approvalReminderHours') = 'number'
                                AND (b.settings ->> 'approvalReminderHours')::float8 > 0
                           THEN (b.settings ->> 'approvalReminderHours')::float8 ELSE @defaultHours END) AS every
                FROM brands b
            ), waiting AS (
                SELECT c.id, c.brand_id, c.name, c.submitted_at, c.submitted_by,
                       floor(extract(epoch FROM @now - c.submitted_at) / extract(epoch FROM bi.every))::int AS interval
                FROM brand_interval bi
                CROSS JOIN LATERAL (
                    SELECT c.* FROM campaigns c
                    WHERE c.status = 'pendingReview' AND c.brand_id = bi.brand_id AND c.submitted_at <= @now - bi.every
                    ORDER BY c.submitted_at LIMIT @limit
                ) c
            ), {Approvers}, candidates AS (
                SELECT a.user_id, w.id AS campaign_id, w.brand_id, w.name AS campaign_name, w.submitted_at, w.interval,
                       concat_ws(':', 'reminder', a.user_id, w.id, (extract(epoch FROM w.submitted_at) * 1000000)::bigint, w.interval) AS dedupe_key
                FROM waiting w JOIN approvers a ON a.brand_id = w.brand_id
                WHERE a.user_id IS DISTINCT FROM w.submitted_by
            )
            SELECT * FROM candidates c
            WHERE NOT EXISTS (SELECT 1 FROM notifications n WHERE n.dedupe_key = c.dedupe_key)
            ORDER BY c.submitted_at
            LIMIT @limit
            """, new { now = now.UtcDateTime, defaultHours, notifyAdmins, limit }, tx, cancellationToken: ct))).ToList();

    /// <summary>Claims the digest of a UTC day; only the first sweep of the day gets true (the claim commits with the digests).</summary>
    public static async Task<bool> ClaimDigestDayAsync(DbConnection conn, DbTransaction tx, DateOnly day, DateTimeOffset now, CancellationToken ct) =>
        await conn.ExecuteAsync(new CommandDefinition(
            "INSERT INTO lifecycle_digest_days (day, sent_at) VALUES (@day::date, @now) ON CONFLICT (day) DO NOTHING",
            new { day = day.ToDateTime(TimeOnly.MinValue), now = now.UtcDateTime }, tx, cancellationToken: ct)) == 1;

    /// <summary>Per approver: how many campaigns wait for their review, and since when the oldest.</summary>
    public static async Task<IReadOnlyList<DigestCandidate>> DigestsAsync(DbConnection conn, DbTransaction tx, bool notifyAdmins, CancellationToken ct) =>
        (await conn.QueryAsync<DigestCandidate>(new CommandDefinition($"""
            WITH {Approvers}
            SELECT a.user_id, count(*)::int AS waiting, min(c.submitted_at) AS oldest_since
            FROM approvers a
            JOIN campaigns c ON c.brand_id = a.brand_id AND c.status = 'pendingReview'
            WHERE c.submitted_at IS NOT NULL AND a.user_id IS DISTINCT FROM c.submitted_by
            GROUP BY a.user_id
            """, new { notifyAdmins }, tx, cancellationToken: ct))).ToList();

    /// <summary>
    /// Marks approved campaigns whose start passed while still unscheduled (once: the marker takes them out of the
    /// partial index) and returns them with the managers to tell.
    /// </summary>
    public static async Task<IReadOnlyList<UnscheduledCampaign>> FlagUnscheduledStartsAsync(DbConnection conn, DbTransaction tx,
        DateTimeOffset now, bool notifyAdmins, int limit, CancellationToken ct) =>
        (await conn.QueryAsync<UnscheduledCampaign>(new CommandDefinition($"""
            WITH missed AS (
                SELECT id FROM campaigns
                WHERE status = 'approved' AND unscheduled_flagged_at IS NULL AND scheduled_start <= @now
                ORDER BY scheduled_start
                LIMIT @limit
                FOR NO KEY UPDATE SKIP LOCKED
            ), flagged AS (
                UPDATE campaigns c SET unscheduled_flagged_at = @now
                FROM missed m WHERE c.id = m.id AND c.status = 'approved'
                RETURNING c.id, c.brand_id, c.name, c.scheduled_start
            ), {Approvers}
            SELECT a.user_id, f.id AS campaign_id, f.brand_id, f.name AS campaign_name, f.scheduled_start
            FROM flagged f JOIN approvers a ON a.brand_id = f.brand_id
            """, new { now = now.UtcDateTime, notifyAdmins, limit }, tx, cancellationToken: ct))).ToList();
}
