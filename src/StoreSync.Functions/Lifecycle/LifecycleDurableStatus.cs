using Microsoft.DurableTask.Client;
using Npgsql;
using StoreSync.Data.Lifecycle;

namespace StoreSync.Functions.Lifecycle;

/// <summary>Orchestrations by runtime state; <see cref="Truncated"/> when there were more than the reader counts.</summary>
public sealed record OrchestrationCounts(IReadOnlyDictionary<string, int> ByRuntimeStatus, int Total, bool Truncated);

public sealed record OutboxBacklog(int Pending, int Failing, DateTimeOffset? OldestAt);

public sealed record LastReconciliation(DateTimeOffset StartedAt, DateTimeOffset FinishedAt, int Checked, int Healthy, int Restarted, int Failed);

/// <summary>The orchestration side of `GET /api/v1/lifecycle/status` (the next due start/end stays LifecycleRuns.BacklogAsync).</summary>
public sealed record DurableLifecycleStatus(OrchestrationCounts? Orchestrations, OutboxBacklog Outbox, LastReconciliation? LastReconciliation);

public sealed class LifecycleDurableStatusReader(NpgsqlDataSource db)
{
    /// <summary>
    /// Outbox backlog and the last reconciliation from PostgreSQL; orchestrations by runtime state from the task hub when
    /// a client is given (a paged instance query, so it stops counting at <paramref name="maxInstances"/>).
    /// </summary>
    public async Task<DurableLifecycleStatus> ReadAsync(DurableTaskClient? client, CancellationToken ct, int maxInstances = 20_000)
    {
        OutboxBacklogRow backlog;
        ReconciliationRow? last;
        await using (var conn = await db.OpenConnectionAsync(ct))
        {
            backlog = await LifecycleOutboxStore.BacklogAsync(conn, ct);
            last = await LifecycleOutboxStore.LatestReconciliationAsync(conn, ct);
        }
        OrchestrationCounts? counts = null;
        if (client is not null)
        {
            var by = new Dictionary<string, int>();
            var total = 0;
            var truncated = false;
            await foreach (var instance in client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 500 }).WithCancellation(ct))
            {
                if (total == maxInstances)
                {
                    truncated = true;
                    break;
                }
                var key = instance.RuntimeStatus.ToString();
                by[key] = by.GetValueOrDefault(key) + 1;
                total++;
            }
            counts = new OrchestrationCounts(by, total, truncated);
        }
        return new DurableLifecycleStatus(counts, new OutboxBacklog(backlog.Pending, backlog.Failing, backlog.OldestAt),
            last is null ? null : new LastReconciliation(last.StartedAt, last.FinishedAt, last.Checked, last.Healthy, last.Restarted, last.Failed));
    }
}
