using Dapper;
using Npgsql;

namespace StoreSync.Data.Lifecycle;

public sealed record SweepCounts(int Activated, int Completed, int Failed, int Batches, int RemindersSent, int DigestsSent,
    int Flagged, int DurationMs, bool StoppedEarly);

public sealed record LifecycleRunRow(long Id, DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, bool IsPastDue, int Activated,
    int Completed, int Failed, int Batches, int RemindersSent, int DigestsSent, int Flagged, int? DurationMs, bool StoppedEarly);

public sealed record LifecycleBacklog(DateTimeOffset? NextStartAt, DateTimeOffset? NextEndAt, int DueToActivate, int DueToComplete);

/// <summary>One row per sweep run: written when it starts (so a run that died shows up unfinished) and when it ends.</summary>
public sealed class LifecycleRuns(NpgsqlDataSource db)
{
    public async Task<long> StartAsync(DateTimeOffset startedAt, bool isPastDue, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long>(new CommandDefinition(
            "INSERT INTO lifecycle_runs (started_at, is_past_due) VALUES (@startedAt, @isPastDue) RETURNING id",
            new { startedAt = startedAt.UtcDateTime, isPastDue }, cancellationToken: ct));
    }

    /// <summary>Records the counts and prunes runs older than the retention (one small indexed delete).</summary>
    public async Task FinishAsync(long id, DateTimeOffset finishedAt, SweepCounts c, TimeSpan retention, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            WITH pruned AS (DELETE FROM lifecycle_runs WHERE started_at < @finishedAt - @retention)
            UPDATE lifecycle_runs
            SET finished_at = @finishedAt, activated = @Activated, completed = @Completed, failed = @Failed, batches = @Batches,
                reminders_sent = @RemindersSent, digests_sent = @DigestsSent, flagged = @Flagged, duration_ms = @DurationMs,
                stopped_early = @StoppedEarly
            WHERE id = @id
            """, new
        {
            id, finishedAt = finishedAt.UtcDateTime, retention, c.Activated, c.Completed, c.Failed, c.Batches, c.RemindersSent,
            c.DigestsSent, c.Flagged, c.DurationMs, c.StoppedEarly,
        }, cancellationToken: ct));
    }

    public async Task<LifecycleRunRow?> LatestAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<LifecycleRunRow>(new CommandDefinition(
            """
            SELECT id, started_at, finished_at, is_past_due, activated, completed, failed, batches, reminders_sent, digests_sent,
                   flagged, duration_ms, stopped_early
            FROM lifecycle_runs ORDER BY started_at DESC, id DESC LIMIT 1
            """, cancellationToken: ct));
    }

    /// <summary>Earliest pending start/end and how many are due now; each part is a probe of a partial index.</summary>
    public async Task<LifecycleBacklog> BacklogAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<LifecycleBacklog>(new CommandDefinition("""
            SELECT (SELECT min(scheduled_start) FROM campaigns WHERE status = 'scheduled') AS next_start_at,
                   (SELECT min(scheduled_end) FROM campaigns WHERE status = 'active') AS next_end_at,
                   (SELECT count(*)::int FROM campaigns WHERE status = 'scheduled' AND scheduled_start <= @now) AS due_to_activate,
                   (SELECT count(*)::int FROM campaigns WHERE status = 'active' AND scheduled_end <= @now) AS due_to_complete
            """, new { now = now.UtcDateTime }, cancellationToken: ct));
    }
}
