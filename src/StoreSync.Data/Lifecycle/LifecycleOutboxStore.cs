using System.Data.Common;
using Dapper;

namespace StoreSync.Data.Lifecycle;

/// <summary>
/// What a campaign's orchestration needs to know of it, read from the database: status and version (the version orders
/// every change, so the orchestration applies each at most once), the dates its timers wait for, when the current review
/// began, the brand's reminder interval and whether its start has already been flagged as missed.
/// </summary>
public sealed class LifecycleStateRow
{
    public Guid Id { get; init; }
    public Guid BrandId { get; init; }
    public string Status { get; init; } = "";
    public int Version { get; init; }
    public DateTimeOffset? ScheduledStart { get; init; }
    public DateTimeOffset? ScheduledEnd { get; init; }
    public DateTimeOffset? SubmittedAt { get; init; }
    public double ReminderHours { get; init; }
    public bool StartFlagged { get; init; }
}

/// <summary>An outbox row claimed by a drain, with its campaign's current state (null when the campaign is gone).</summary>
public sealed class OutboxRow
{
    public long Id { get; init; }
    public Guid CampaignId { get; init; }
    public int Version { get; init; }
    public string Action { get; init; } = "";
    public int Attempts { get; init; }
}

public sealed class OutboxBacklogRow
{
    public int Pending { get; init; }
    public int Failing { get; init; }
    public DateTimeOffset? OldestAt { get; init; }
}

public sealed class ReconciliationRow
{
    public DateTimeOffset StartedAt { get; init; }
    public DateTimeOffset FinishedAt { get; init; }
    public int Checked { get; init; }
    public int Healthy { get; init; }
    public int Restarted { get; init; }
    public int Failed { get; init; }
}

/// <summary>
/// SQL of the lifecycle orchestration: the transactional outbox (written in the transition's own transaction, drained in
/// bounded batches claimed with FOR UPDATE SKIP LOCKED), the state an orchestration starts from, and the campaigns that
/// should have a running orchestration (for reconciliation).
/// </summary>
public static class LifecycleOutboxStore
{
    /// <summary>Statuses in which a campaign's orchestration must be running (a timer or a review is pending).</summary>
    public static readonly string[] LiveStatuses = ["pendingReview", "approved", "scheduled", "active"];

    /// <summary>
    /// One outbox row per campaign that just moved, in the caller's transaction (so the row exists if and only if the
    /// transition committed). Reads the version the transition left, set-based.
    /// </summary>
    /// <remarks>
    /// Also NOTIFY <see cref="Channel"/>, which PostgreSQL delivers only when the transaction commits: a host that LISTENs
    /// drains at once (and several notifies of one transaction fold into one).
    /// </remarks>
    public static Task EnqueueAsync(DbConnection conn, DbTransaction tx, IReadOnlyCollection<Guid> campaignIds, string action,
        DateTimeOffset at, CancellationToken ct) =>
        campaignIds.Count == 0 ? Task.CompletedTask : conn.ExecuteAsync(new CommandDefinition("""
            WITH queued AS (
                INSERT INTO lifecycle_outbox (campaign_id, version, action, created_at, next_attempt_at)
                SELECT c.id, c.version, @action, @at, @at FROM campaigns c WHERE c.id = ANY(@ids)
                RETURNING id
            )
            SELECT pg_notify('lifecycle_outbox', '') FROM (SELECT 1 FROM queued LIMIT 1) q
            """, new { ids = campaignIds.ToArray(), action, at = at.UtcDateTime }, tx, cancellationToken: ct));

    public const string Channel = "lifecycle_outbox";

    /// <summary>Claims up to <paramref name="limit"/> rows whose retry time has come, oldest first; others' claims are skipped.</summary>
    public static async Task<IReadOnlyList<OutboxRow>> ClaimAsync(DbConnection conn, DbTransaction tx, DateTimeOffset now, int limit,
        Guid[]? campaignIds, CancellationToken ct) =>
        (await conn.QueryAsync<OutboxRow>(new CommandDefinition("""
            SELECT id, campaign_id, version, action, attempts
            FROM lifecycle_outbox
            WHERE next_attempt_at <= @now AND (@campaignIds::uuid[] IS NULL OR campaign_id = ANY(@campaignIds))
            ORDER BY next_attempt_at, id
            LIMIT @limit
            FOR UPDATE SKIP LOCKED
            """, new { now = now.UtcDateTime, limit, campaignIds }, tx, cancellationToken: ct))).ToList();

    public static Task DeleteAsync(DbConnection conn, DbTransaction tx, long[] ids, CancellationToken ct) =>
        ids.Length == 0 ? Task.CompletedTask : conn.ExecuteAsync(new CommandDefinition(
            "DELETE FROM lifecycle_outbox WHERE id = ANY(@ids)", new { ids }, tx, cancellationToken: ct));

    /// <summary>Leaves the rows for a later drain, with a growing delay and the error that kept them.</summary>
    public static Task RetryLaterAsync(DbConnection conn, DbTransaction tx, long[] ids, string error, DateTimeOffset now, CancellationToken ct) =>
        ids.Length == 0 ? Task.CompletedTask : conn.ExecuteAsync(new CommandDefinition("""
            UPDATE lifecycle_outbox
            SET attempts = attempts + 1, last_error = left(@error, 2000),
                next_attempt_at = @now + make_interval(secs => least(300, power(2, least(attempts, 8))))
            WHERE id = ANY(@ids)
            """, new { ids, error, now = now.UtcDateTime }, tx, cancellationToken: ct));

    public static Task<OutboxBacklogRow> BacklogAsync(DbConnection conn, CancellationToken ct) =>
        conn.QuerySingleAsync<OutboxBacklogRow>(new CommandDefinition("""
            SELECT count(*)::int AS pending, (count(*) FILTER (WHERE attempts > 0))::int AS failing, min(created_at) AS oldest_at
            FROM lifecycle_outbox
            """, cancellationToken: ct));

    private const string StateSelect = """
        SELECT c.id, c.brand_id, c.status, c.version, c.scheduled_start, c.scheduled_end, c.submitted_at,
               CASE WHEN jsonb_typeof(b.settings -> 'approvalReminderHours') = 'number'
                         AND (b.settings ->> 'approvalReminderHours')::float8 > 0
                    THEN (b.settings ->> 'approvalReminderHours')::float8 ELSE @defaultHours END AS reminder_hours,
               CASE c.status WHEN 'pendingReview' THEN c.unreviewed_flagged_at IS NOT NULL
                             WHEN 'approved' THEN c.unscheduled_flagged_at IS NOT NULL
                             ELSE false END AS start_flagged
        FROM campaigns c JOIN brands b ON b.id = c.brand_id
        """;

    /// <summary>The campaigns' current lifecycle state (missing ids are simply absent).</summary>
    public static async Task<IReadOnlyList<LifecycleStateRow>> StatesAsync(DbConnection conn, DbTransaction? tx, Guid[] ids, double defaultHours,
        CancellationToken ct) =>
        (await conn.QueryAsync<LifecycleStateRow>(new CommandDefinition($"{StateSelect} WHERE c.id = ANY(@ids)",
            new { ids, defaultHours }, tx, cancellationToken: ct))).ToList();

    /// <summary>Keyset page of campaigns that should have a live orchestration, after <paramref name="after"/> (by id).</summary>
    public static async Task<IReadOnlyList<LifecycleStateRow>> LivePageAsync(DbConnection conn, Guid after, int limit, double defaultHours,
        CancellationToken ct) =>
        (await conn.QueryAsync<LifecycleStateRow>(new CommandDefinition($"""
            {StateSelect}
            WHERE c.status = ANY(@live) AND c.id > @after
            ORDER BY c.id
            LIMIT @limit
            """, new { live = LiveStatuses, after, limit, defaultHours }, cancellationToken: ct))).ToList();

    public static Task RecordReconciliationAsync(DbConnection conn, ReconciliationRow r, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            WITH pruned AS (DELETE FROM lifecycle_reconciliations WHERE started_at < @StartedAt - interval '30 days')
            INSERT INTO lifecycle_reconciliations (started_at, finished_at, checked, healthy, restarted, failed)
            VALUES (@StartedAt, @FinishedAt, @Checked, @Healthy, @Restarted, @Failed)
            """, new { StartedAt = r.StartedAt.UtcDateTime, FinishedAt = r.FinishedAt.UtcDateTime, r.Checked, r.Healthy, r.Restarted, r.Failed },
            cancellationToken: ct));

    public static Task<ReconciliationRow?> LatestReconciliationAsync(DbConnection conn, CancellationToken ct) =>
        conn.QuerySingleOrDefaultAsync<ReconciliationRow>(new CommandDefinition("""
            SELECT started_at, finished_at, checked, healthy, restarted, failed
            FROM lifecycle_reconciliations ORDER BY started_at DESC, id DESC LIMIT 1
            """, cancellationToken: ct));
}
