using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Hosting;
using StoreSync.Functions.Notifications;

namespace StoreSync.Functions.Lifecycle;

/// <summary>Operators' view of the campaign lifecycle. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Lifecycle")]
[AdminOnly("Only admins see the lifecycle's status.")]
public sealed class LifecycleFunctions
{
    [Function("Lifecycle_Status")]
    [EndpointSummary("Orchestrations by runtime state, outbox backlog, next due timer, last due run and reconciliation (admins)")]
    [ProducesResponseType<LifecycleStatus>(200)]
    [Problems(403)]
    public IResult Status([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/lifecycle/status")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(LifecycleApi.Status).WithDurableClient(req, client);
}

/// <summary>
/// The lifecycle's remaining timers. Starts, ends, reminders and missed-start flags are the orchestrations' work
/// (CampaignLifecycle, DueInstant); what stays on a schedule is the daily approval digest and filling embedding gaps one
/// bounded batch at a time (so re-embedding progresses even where the in-process worker does not run).
/// </summary>
public sealed class LifecycleTimers(ApprovalNotifier notifier, Ai.EmbeddingBackfill embeddings, ILogger<LifecycleTimers> logger)
{
    /// <summary>Each run checks whether today's digest is due (at or after the configured hour) and claims the day once.</summary>
    [Function("Lifecycle_ApprovalDigest")]
    public async Task Digest([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var sent = await notifier.SendDigestsAsync(ct);
        logger.Log(sent > 0 ? LogLevel.Information : LogLevel.Debug, "Approval digest: digestsSent={DigestsSent} isPastDue={IsPastDue}", sent,
            timer.IsPastDue);
    }

    [Function("Lifecycle_EmbeddingBackfill")]
    public async Task Embeddings([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken ct)
    {
        var backfill = await embeddings.RunBatchAsync(ct);
        logger.LogInformation("Embeddings: claimed={Claimed} embedded={Embedded} unchanged={Unchanged} queued={Queued}{Error}",
            backfill.Claimed, backfill.Embedded, backfill.Unchanged, backfill.Queued, backfill.Error is null ? "" : $" error={backfill.Error}");
    }
}
