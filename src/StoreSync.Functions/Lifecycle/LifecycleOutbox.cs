using System.Collections.Concurrent;
using Microsoft.Extensions.Options;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Npgsql;
using StoreSync.Data.Lifecycle;
using StoreSync.Functions.Campaigns;

namespace StoreSync.Functions.Lifecycle;

public sealed record DrainResult(int Claimed, int Started, int Raised, int Skipped, int Failed, int Batches)
{
    public string Summary => $"claimed={Claimed} started={Started} raised={Raised} skipped={Skipped} failed={Failed} batches={Batches}";
}

public sealed record ReconcileResult(int Checked, int Healthy, int Restarted, int Nudged, int Failed, int DurationMs, int CaughtUpActivated = 0,
    int CaughtUpCompleted = 0)
{
    public string Summary =>
        $"caughtUpActivated={CaughtUpActivated} caughtUpCompleted={CaughtUpCompleted} checked={Checked} healthy={Healthy} restarted={Restarted} " +
        $"nudged={Nudged} failed={Failed} durationMs={DurationMs}";
}

/// <summary>
/// Tells orchestrations what PostgreSQL committed. Every human transition wrote an outbox row in its own transaction
/// (<see cref="EnqueueAsync"/>); a drain claims rows in bounded batches (FOR UPDATE SKIP LOCKED, so concurrent drains
/// split the work), starts the campaign's orchestration or raises its event with the campaign's current state, and
/// deletes a row only after its client call succeeded. A crash before the delete leaves the row for the next drain:
/// delivered twice at worst, and the orchestration ignores a version it has seen. The client is an argument because in
/// the Functions app it comes from the [DurableClient] binding of the calling function.
/// </summary>
public sealed class LifecycleOutbox(NpgsqlDataSource db, DueTransitionRunner due, IOptions<LifecycleOptions> options, TimeProvider time,
    ILogger<LifecycleOutbox> logger)
{
    public const int BatchSize = 200;
    // Client calls (start, raise) run this many at once: on Azurite, 16 → 128 took 1,000 starts from 40.7 s to 10.8 s
    // (quiet machine; the bench lifecycle-durable); the storage behind the client, not this process, is what they wait on.
    private const int ClientParallelism = 128;

    private static readonly OrchestrationRuntimeStatus[] LiveStatuses =
    [
        OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending, OrchestrationRuntimeStatus.Suspended,
    ];

    /// <summary>
    /// In the transition's transaction: one row per campaign that moved (call right after CampaignTransitions). Also
    /// call it with action "delete" just before deleting a campaign: the drain then ends its waiting orchestration.
    /// </summary>
    public static Task EnqueueAsync(NpgsqlConnection conn, NpgsqlTransaction tx, IReadOnlyCollection<Guid> campaignIds, string action,
        DateTimeOffset at, CancellationToken ct) =>
        LifecycleOutboxStore.EnqueueAsync(conn, tx, campaignIds, action, at, ct);

    /// <summary>
    /// Delivers what is due, up to <paramref name="maxBatches"/> batches; <paramref name="campaignIds"/> limits it to those
    /// campaigns (an HTTP action draining its own row at once).
    /// </summary>
    public async Task<DrainResult> DrainAsync(DurableTaskClient client, CancellationToken ct, int maxBatches = 50, Guid[]? campaignIds = null)
    {
        var total = new DrainResult(0, 0, 0, 0, 0, 0);
        for (var batch = 0; batch < maxBatches; batch++)
        {
            var r = await DrainBatchAsync(client, campaignIds, ct);
            total = new DrainResult(total.Claimed + r.Claimed, total.Started + r.Started, total.Raised + r.Raised, total.Skipped + r.Skipped,
                total.Failed + r.Failed, total.Batches + 1);
            if (r.Claimed < BatchSize) break;
        }
        if (total.Claimed > 0) logger.LogInformation("LifecycleOutbox drained: {Summary}", total.Summary);
        return total;
    }

    private async Task<DrainResult> DrainBatchAsync(DurableTaskClient client, Guid[]? campaignIds, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var rows = await LifecycleOutboxStore.ClaimAsync(conn, tx, time.GetUtcNow(), BatchSize, campaignIds, ct);
        if (rows.Count == 0) return new DrainResult(0, 0, 0, 0, 0, 1);
        // Several rows of one campaign collapse into one delivery of its current state (the newest action names it).
        var byCampaign = rows.GroupBy(r => r.CampaignId).ToDictionary(g => g.Key, g => g.OrderBy(r => r.Id).ToList());
        var states = (await LifecycleOutboxStore.StatesAsync(conn, tx, byCampaign.Keys.ToArray(), options.Value.DefaultApprovalReminderHours, ct))
            .ToDictionary(s => s.Id, LifecycleSteps.From);
        var outcomes = new ConcurrentDictionary<Guid, (Delivery Outcome, string? Error)>();
        await Parallel.ForEachAsync(byCampaign, new ParallelOptions { MaxDegreeOfParallelism = ClientParallelism, CancellationToken = ct },
            async (kv, token) =>
            {
                try
                {
                    outcomes[kv.Key] = (await DeliverAsync(client, kv.Key, kv.Value[^1].Action, states.GetValueOrDefault(kv.Key), token,
                        options.Value.TimedStepGrace), null);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    outcomes[kv.Key] = (Delivery.Failed, e.Message);
                }
            });
        if (options.Value.DueInstants) await DueInstant.EnsureAsync(client, UpcomingInstants(states.Values, time.GetUtcNow()), ct);
        var done = byCampaign.Where(kv => outcomes[kv.Key].Outcome != Delivery.Failed).SelectMany(kv => kv.Value).Select(r => r.Id).ToArray();
        await LifecycleOutboxStore.DeleteAsync(conn, tx, done, ct);
        foreach (var failed in byCampaign.Where(kv => outcomes[kv.Key].Outcome == Delivery.Failed))
        {
            logger.LogWarning("LifecycleOutbox: delivery for campaign {CampaignId} failed ({Error}); retried later", failed.Key, outcomes[failed.Key].Error);
            await LifecycleOutboxStore.RetryLaterAsync(conn, tx, failed.Value.Select(r => r.Id).ToArray(), outcomes[failed.Key].Error ?? "", time.GetUtcNow(), ct);
        }
        await tx.CommitAsync(ct);
        int Count(Delivery d) => outcomes.Values.Count(o => o.Outcome == d);
        return new DrainResult(rows.Count, Count(Delivery.Started), Count(Delivery.Raised), Count(Delivery.Skipped) + Count(Delivery.Terminated),
            Count(Delivery.Failed), 1);
    }

    public enum Delivery { Started, Raised, Terminated, Skipped, Failed }

    /// <summary>
    /// Raises the change to a live orchestration, or starts one (instance id = campaign id) from the current state.
    /// Nothing to do for a deleted campaign, or a final or draft one without a live orchestration.
    /// </summary>
    public static async Task<Delivery> DeliverAsync(DurableTaskClient client, Guid campaignId, string action, CampaignState? state,
        CancellationToken ct, TimeSpan timedStepGrace = default)
    {
        var instanceId = CampaignLifecycle.InstanceIdFor(campaignId);
        if (state is null)
        {
            // Deleted (a draft or rejected campaign whose orchestration waits for a resubmit that cannot come).
            if (!await IsLiveAsync(client, instanceId, ct)) return Delivery.Skipped;
            await client.TerminateInstanceAsync(instanceId, "campaign deleted", ct);
            return Delivery.Terminated;
        }
        // A submit usually has no orchestration yet: try the start first and fall back to the event (one call, not two).
        if (action != "submit" && await IsLiveAsync(client, instanceId, ct))
        {
            await client.RaiseEventAsync(instanceId, LifecycleEvents.CampaignChanged, new CampaignChanged(action, state), ct);
            return Delivery.Raised;
        }
        if (state.IsFinal || state.Status == CampaignStatus.Draft)
            return action == "submit" && await IsLiveAsync(client, instanceId, ct) ? await RaiseAsync() : Delivery.Skipped;
        try
        {
            await StartAsync(client, state, ct, timedStepGrace);
            return Delivery.Started;
        }
        catch (Exception) when (!ct.IsCancellationRequested)
        {
            // Refused because one is live (a race with another start): it gets the event instead.
            if (!await IsLiveAsync(client, instanceId, ct)) throw;
        }
        return await RaiseAsync();

        async Task<Delivery> RaiseAsync()
        {
            await client.RaiseEventAsync(instanceId, LifecycleEvents.CampaignChanged, new CampaignChanged(action, state), ct);
            return Delivery.Raised;
        }
    }

    /// <summary>Starts the campaign's orchestration; refused (throws) while one is live, replaces a finished or failed one.</summary>
    public static Task<string> StartAsync(DurableTaskClient client, CampaignState state, CancellationToken ct, TimeSpan timedStepGrace = default) =>
        client.ScheduleNewOrchestrationInstanceAsync(nameof(CampaignLifecycle), new LifecycleInput(state.CampaignId, state, timedStepGrace),
            new StartOrchestrationOptions(CampaignLifecycle.InstanceIdFor(state.CampaignId)).WithDedupeStatuses(LiveStatuses), ct);

    public static async Task<bool> IsLiveAsync(DurableTaskClient client, string instanceId, CancellationToken ct) =>
        await client.GetInstanceAsync(instanceId, getInputsAndOutputs: false, ct) is { } meta && LiveStatuses.Contains(meta.RuntimeStatus);

    /// <summary>
    /// The future starts and ends of scheduled campaigns and ends of active ones: the instants a <see cref="DueInstant"/> must
    /// wait for (the end too from the moment of scheduling, so completion does not wait for the campaign's own orchestration).
    /// </summary>
    public static IEnumerable<DateTime> UpcomingInstants(IEnumerable<CampaignState> states, DateTimeOffset now) =>
        states.SelectMany(s => s.Status switch
            {
                CampaignStatus.Scheduled => new[] { s.ScheduledStart, s.ScheduledEnd },
                CampaignStatus.Active => [s.ScheduledEnd],
                _ => [],
            })
            .Where(at => at > now).Select(at => at!.Value.UtcDateTime).Distinct();

    /// <summary>
    /// First catches up, set-based, on every start and end that has passed (after downtime: both transitions, in order, in
    /// history). Then finds campaigns that should have a live orchestration (pendingReview, approved, scheduled, active) and restarts
    /// those whose orchestration is missing, finished or failed, from the database state. A live one whose campaign is
    /// more than <paramref name="overdueGrace"/> past a start or end it should have acted on gets its current state as an
    /// event (a no-op when it already knows it). Records the run for the status endpoint.
    /// </summary>
    public async Task<ReconcileResult> ReconcileAsync(DurableTaskClient client, CancellationToken ct, TimeSpan? overdueGrace = null,
        int pageSize = BatchSize)
    {
        var grace = overdueGrace ?? TimeSpan.FromMinutes(2);
        var startedAt = time.GetUtcNow();
        var started = time.GetTimestamp();
        var caughtUp = await due.RunAsync(isPastDue: true, ct);
        int seen = 0, healthy = 0, restarted = 0, nudged = 0, failed = 0;
        var after = Guid.Empty;
        while (true)
        {
            IReadOnlyList<LifecycleStateRow> page;
            await using (var conn = await db.OpenConnectionAsync(ct))
                page = await LifecycleOutboxStore.LivePageAsync(conn, after, pageSize, options.Value.DefaultApprovalReminderHours, ct);
            if (page.Count == 0) break;
            after = page[^1].Id;
            seen += page.Count;
            var now = time.GetUtcNow();
            await Parallel.ForEachAsync(page, new ParallelOptions { MaxDegreeOfParallelism = ClientParallelism, CancellationToken = ct }, async (row, token) =>
            {
                var state = LifecycleSteps.From(row);
                try
                {
                    if (!await IsLiveAsync(client, CampaignLifecycle.InstanceIdFor(row.Id), token))
                    {
                        await StartAsync(client, state, token, options.Value.TimedStepGrace);
                        Interlocked.Increment(ref restarted);
                        logger.LogWarning("Lifecycle reconciliation: campaign {CampaignId} ({Status}) had no live orchestration; restarted", row.Id, row.Status);
                    }
                    else if (IsOverdue(state, now, grace))
                    {
                        await client.RaiseEventAsync(CampaignLifecycle.InstanceIdFor(row.Id), LifecycleEvents.CampaignChanged,
                            new CampaignChanged("reconcile", state), token);
                        Interlocked.Increment(ref nudged);
                    }
                    else Interlocked.Increment(ref healthy);
                }
                catch (Exception e) when (e is not OperationCanceledException || !token.IsCancellationRequested)
                {
                    Interlocked.Increment(ref failed);
                    logger.LogError(e, "Lifecycle reconciliation failed for campaign {CampaignId}", row.Id);
                }
            });
            if (options.Value.DueInstants) await DueInstant.EnsureAsync(client, UpcomingInstants(page.Select(LifecycleSteps.From), now), ct);
        }
        var result = new ReconcileResult(seen, healthy, restarted, nudged, failed, (int)time.GetElapsedTime(started).TotalMilliseconds,
            caughtUp.Activated, caughtUp.Completed);
        await using (var conn = await db.OpenConnectionAsync(ct))
            await LifecycleOutboxStore.RecordReconciliationAsync(conn, new ReconciliationRow
            {
                StartedAt = startedAt, FinishedAt = time.GetUtcNow(), Checked = seen, Healthy = healthy, Restarted = restarted, Failed = failed,
            }, ct);
        logger.LogInformation("Lifecycle reconciliation: {Summary}", result.Summary);
        return result;
    }

    private static bool IsOverdue(CampaignState s, DateTimeOffset now, TimeSpan grace) => s.Status switch
    {
        CampaignStatus.Scheduled => s.ScheduledStart + grace < now,
        CampaignStatus.Active => s.ScheduledEnd + grace < now,
        _ => false,
    };
}
