using System.Data.Common;
using Dapper;

namespace StoreSync.Data.Notifications;

public sealed record DigestCandidate(Guid UserId, int Waiting, DateTimeOffset OldestSince);

/// <summary>
/// The daily digest of campaigns waiting for approval. Approvers are the brand's active brand managers (and admins when
/// asked); nobody is told to review what they submitted themselves. (Reminders and missed-start flags: LifecycleNotices.)
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

    /// <summary>Claims the digest of a UTC day; only the first digest run of the day gets true (the claim commits with the digests).</summary>
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
}
