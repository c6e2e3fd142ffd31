using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Data.Lifecycle;
using StoreSync.Functions.Campaigns;

namespace StoreSync.Functions.Lifecycle;

public sealed record DueRunResult(int Activated, int Completed, int Failed, int Batches, int DurationMs, bool StoppedEarly,
    IReadOnlyList<string> Problems)
{
    public string Summary =>
        $"activated={Activated} completed={Completed} failed={Failed} batches={Batches} durationMs={DurationMs} stoppedEarly={StoppedEarly}";
}

/// <summary>
/// The set-based half of the lifecycle: moves every campaign whose start or end has come (scheduled → active → completed)
/// in bounded batches, one transaction each. The <see cref="DueInstant"/> orchestration runs it at a due instant (so a
/// thousand campaigns sharing one start cost one activity, not a thousand), and reconciliation runs it to catch up after
/// downtime. Safe under overlap, repetition and crashes: rows are claimed with FOR NO KEY UPDATE SKIP LOCKED, each move is
/// conditional on the expected status, and whatever a run leaves (time budget, crash) is still due for the next one or
/// for the campaign's own orchestration.
/// </summary>
public sealed class DueTransitionRunner(NpgsqlDataSource db, LifecycleRuns runs, IOptions<LifecycleOptions> options, TimeProvider time,
    ILogger<DueTransitionRunner> logger)
{
    /// <summary>The system transitions applied, looked up by action in the workflow table, in the order they happen.</summary>
    public static IReadOnlyList<DueTransition> Transitions { get; } = [Resolve("activate", DueOn.Start), Resolve("complete", DueOn.End)];

    public static DueTransition Resolve(string action, DueOn dueOn)
    {
        var t = Workflow.Find(action) ?? throw new InvalidOperationException($"The workflow table has no '{action}' transition.");
        if (!t.IsSystem) throw new InvalidOperationException($"'{action}' is not a system transition; the lifecycle may not apply it.");
        return new DueTransition(t.Action, t.From, t.To, dueOn);
    }

    public async Task<DueRunResult> RunAsync(bool isPastDue, CancellationToken ct)
    {
        var o = options.Value;
        var started = time.GetTimestamp();
        var runId = await runs.StartAsync(time.GetUtcNow(), isPastDue, ct);
        var moved = Transitions.ToDictionary(t => t.Action, _ => 0);
        var failed = new HashSet<Guid>();
        var problems = new List<string>();
        var batches = 0;
        var stoppedEarly = false;
        bool OutOfBudget() => time.GetElapsedTime(started) >= o.TimeBudget || batches >= (o.MaxBatchesPerRun ?? int.MaxValue);

        // Rounds of one batch per transition until each has drained. Moving campaigns into the from-status of a
        // transition that had already drained (activating one whose end has passed too) revives it for one more pass
        // once the rest has drained: a catch-up ends completed in the same run.
        var pending = Transitions.ToHashSet();
        var revived = new HashSet<DueTransition>();
        while (!stoppedEarly)
        {
            if (pending.Count == 0)
            {
                if (revived.Count == 0) break;
                (pending, revived) = (revived, []);
            }
            foreach (var t in Transitions.Where(pending.Contains))
            {
                if (OutOfBudget())
                {
                    stoppedEarly = true;
                    break;
                }
                var (claimed, count) = await AdvanceBatchAsync(t, o.BatchSize, failed, problems, ct);
                batches++;
                moved[t.Action] += count;
                if (claimed < o.BatchSize) pending.Remove(t);
                if (count > 0) revived.UnionWith(Transitions.Where(next => !pending.Contains(next) && next.FromStatuses.Contains(t.ToStatus)));
            }
        }

        var result = new DueRunResult(moved["activate"], moved["complete"], failed.Count, batches,
            (int)time.GetElapsedTime(started).TotalMilliseconds, stoppedEarly, problems);
        await runs.FinishAsync(runId, time.GetUtcNow(), new SweepCounts(result.Activated, result.Completed, result.Failed, result.Batches,
            0, 0, 0, result.DurationMs, result.StoppedEarly), o.RunRetention, CancellationToken.None);
        if (result.Activated + result.Completed + result.Failed > 0 || stoppedEarly)
            logger.LogInformation("Lifecycle due transitions: {Summary} isPastDue={IsPastDue}", result.Summary, isPastDue);
        foreach (var problem in problems) logger.LogWarning("Lifecycle due transitions: {Problem}", problem);
        return result;
    }

    /// <summary>
    /// One batch in one transaction. When the set-based statement fails (one bad row fails it all), the same batch is
    /// claimed again and applied row by row under savepoints: the bad campaign is logged and skipped for the rest of
    /// the run, the others move. Returns how many were claimed (a short batch means drained) and how many moved.
    /// </summary>
    private async Task<(int Claimed, int Moved)> AdvanceBatchAsync(DueTransition t, int limit, HashSet<Guid> failed, List<string> problems,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var now = time.GetUtcNow();
        try
        {
            await using var tx = await conn.BeginTransactionAsync(ct);
            var batch = await DueTransitions.ApplyBatchAsync(conn, tx, t, now, limit, failed.ToArray(), ct);
            await tx.CommitAsync(ct);
            return (batch.Count, batch.Count);
        }
        catch (PostgresException e)
        {
            logger.LogWarning("Lifecycle due transitions: {Action} batch failed ({Message}); retrying it row by row", t.Action, e.MessageText);
        }

        await using var retry = await conn.BeginTransactionAsync(ct);
        var ids = await DueTransitions.ClaimAsync(conn, retry, t, now, limit, failed.ToArray(), ct);
        var count = 0;
        foreach (var id in ids)
        {
            await retry.SaveAsync("campaign", ct);
            try
            {
                if (await DueTransitions.ApplyOneAsync(conn, retry, t, id, now, ct) is not null) count++;
                await retry.ReleaseAsync("campaign", ct);
            }
            catch (PostgresException e)
            {
                await retry.RollbackAsync("campaign", ct);
                failed.Add(id);
                problems.Add($"{t.Action} failed for campaign {id}: {e.MessageText}");
                logger.LogError("Lifecycle due transitions: {Action} failed for campaign {CampaignId}: {Message}; skipped", t.Action, id, e.MessageText);
            }
        }
        await retry.CommitAsync(ct);
        return (ids.Count, count);
    }
}
