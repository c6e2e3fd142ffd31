using System.Data.Common;
using Dapper;
using StoreSync.Data.Notifications;

namespace StoreSync.Data.Lifecycle;

/// <summary>Which scheduled instant makes a system transition due.</summary>
public enum DueOn { Start, End }

/// <summary>A system transition taken from the workflow table, plus the instant that makes it due.</summary>
public sealed record DueTransition(string Action, string[] FromStatuses, string ToStatus, DueOn DueOn)
{
    // Both columns have a partial index for exactly their from-status (campaigns_due_start_idx, campaigns_due_end_idx).
    internal string Column => DueOn == DueOn.Start ? "scheduled_start" : "scheduled_end";
}

public sealed record DueCampaign(Guid Id, Guid BrandId, DateTimeOffset DueAt);

/// <summary>
/// The lifecycle's timed transitions (a due instant's set-based run, or one campaign's orchestration). Same rule as CampaignTransitions: a conditional update on the expected status
/// plus exactly one history row (actor NULL = the system) and one audit row, in the caller's transaction. Rows are claimed with
/// FOR NO KEY UPDATE SKIP LOCKED, so overlapping runs split the due set instead of applying anything twice; NO KEY, because
/// the update changes no key and must not skip rows another transaction merely holds FOR KEY SHARE (an embedding being saved).
/// </summary>
public static class DueTransitions
{
    /// <summary>The due query of a batch (also used to EXPLAIN it): oldest due first, through the partial index.</summary>
    public static string ClaimSql(DueTransition t) => $"""
        SELECT c.id, c.status AS from_status, c.{t.Column} AS due_at
        FROM campaigns c
        WHERE c.status = ANY(@fromStatuses) AND c.{t.Column} <= @now AND c.id <> ALL(@exclude)
        ORDER BY c.{t.Column}
        LIMIT @limit
        FOR NO KEY UPDATE SKIP LOCKED
        """;

    /// <summary>Claims up to <paramref name="limit"/> due campaigns not in <paramref name="exclude"/> and moves them, set-based.</summary>
    public static async Task<IReadOnlyList<DueCampaign>> ApplyBatchAsync(DbConnection conn, DbTransaction tx, DueTransition t,
        DateTimeOffset now, int limit, Guid[] exclude, CancellationToken ct)
    {
        var moved = (await conn.QueryAsync<DueCampaign>(new CommandDefinition(ApplySql(t, ClaimSql(t)),
            Args(t, now, new { limit, exclude }), tx, cancellationToken: ct))).ToList();
        await CampaignNotices.NotifyAsync(conn, tx, moved.Select(c => c.Id).ToArray(), t.Action, null, null, now, ct);
        return moved;
    }

    /// <summary>Locks the next batch without moving it (the row-by-row retry of a batch that failed).</summary>
    public static async Task<IReadOnlyList<Guid>> ClaimAsync(DbConnection conn, DbTransaction tx, DueTransition t,
        DateTimeOffset now, int limit, Guid[] exclude, CancellationToken ct) =>
        (await conn.QueryAsync<Guid>(new CommandDefinition($"SELECT id FROM ({ClaimSql(t)}) claimed",
            Args(t, now, new { limit, exclude }), tx, cancellationToken: ct))).ToList();

    /// <summary>Moves one campaign if it is still due (the caller holds its lock).</summary>
    public static async Task<DueCampaign?> ApplyOneAsync(DbConnection conn, DbTransaction tx, DueTransition t, Guid id,
        DateTimeOffset now, CancellationToken ct)
    {
        var moved = await conn.QuerySingleOrDefaultAsync<DueCampaign>(new CommandDefinition(ApplySql(t, $"""
            SELECT c.id, c.status AS from_status, c.{t.Column} AS due_at
            FROM campaigns c
            WHERE c.id = @id AND c.status = ANY(@fromStatuses) AND c.{t.Column} <= @now
            FOR NO KEY UPDATE
            """), Args(t, now, new { id }), tx, cancellationToken: ct));
        if (moved is not null) await CampaignNotices.NotifyAsync(conn, tx, [moved.Id], t.Action, null, null, now, ct);
        return moved;
    }

    private static string ApplySql(DueTransition t, string claim) => $"""
        WITH due AS (
            {claim}
        ), moved AS (
            UPDATE campaigns c
            SET status = @toStatus, version = c.version + 1, updated_at = @now
            FROM due
            WHERE c.id = due.id AND c.status = ANY(@fromStatuses)
            RETURNING c.id, c.brand_id, due.from_status, due.due_at
        ), history AS (
            INSERT INTO campaign_history (campaign_id, from_status, to_status, action, actor_id, comment, at, due_at)
            SELECT id, from_status, @toStatus, @action, NULL,
                   'Lifecycle orchestration (due ' || to_char(due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS"Z"') || ')', @now, due_at
            FROM moved
        ), audit AS (
            INSERT INTO audit_log (at, actor_id, brand_id, action, entity, entity_id, details)
            SELECT @now, NULL, brand_id, @action, 'campaign', id,
                   jsonb_build_object('from', from_status, 'to', @toStatus, 'dueAt', due_at, 'by', 'lifecycle orchestration')
            FROM moved
        )
        SELECT id, brand_id, due_at FROM moved
        """;

    private static DynamicParameters Args(DueTransition t, DateTimeOffset now, object extra)
    {
        var p = new DynamicParameters(extra);
        p.AddDynamicParams(new { fromStatuses = t.FromStatuses, toStatus = t.ToStatus, action = t.Action, now = now.UtcDateTime });
        return p;
    }
}
