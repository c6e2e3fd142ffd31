using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Lifecycle;

/// <summary>Operators' view of the campaign lifecycle. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Lifecycle")]
[AdminOnly("Only admins see the lifecycle's status.")]
public sealed class LifecycleFunctions
{
    [Function("Lifecycle_Status")]
    [EndpointSummary("Last sweep run, next due transition and the current backlog (admins)")]
    [ProducesResponseType<LifecycleStatus>(200)]
    [Problems(403)]
    public IResult Status([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/lifecycle/status")] HttpRequest req) =>
        Api.Handle(LifecycleApi.Status);
}

/// <summary>
/// The lifecycle timer: every minute, advances campaigns whose start or end has come, sends approval reminders, then fills
/// embedding gaps one bounded batch at a time (so re-embedding progresses even where the in-process worker does not run).
/// </summary>
public sealed class LifecycleTimers(LifecycleSweep sweep, Ai.EmbeddingBackfill embeddings, ILogger<LifecycleTimers> logger)
{
    [Function("Lifecycle_Sweep")]
    public async Task Sweep([TimerTrigger("0 * * * * *")] TimerInfo timer, CancellationToken ct)
    {
        // Past due or not, everything due is processed: a late run is exactly when there is catching up to do.
        var result = await sweep.RunAsync(timer.IsPastDue, ct);
        logger.LogInformation("LifecycleSweep: {Summary} isPastDue={IsPastDue}", result.Summary, timer.IsPastDue);
        foreach (var problem in result.Problems) logger.LogWarning("LifecycleSweep: {Problem}", problem);
        if (result.StoppedEarly) return;
        try
        {
            var backfill = await embeddings.RunBatchAsync(ct);
            logger.LogInformation("Embeddings: claimed={Claimed} embedded={Embedded} unchanged={Unchanged} queued={Queued}{Error}",
                backfill.Claimed, backfill.Embedded, backfill.Unchanged, backfill.Queued, backfill.Error is null ? "" : $" error={backfill.Error}");
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            // Embeddings are best effort here: the transitions above are committed whatever happens to this step.
            logger.LogError(e, "Embedding backfill failed during the lifecycle sweep");
        }
    }
}
