using StoreSync.Functions.Ai;
using StoreSync.Functions.Hosting.Triggers;

namespace StoreSync.Functions.Lifecycle;

/// <summary>
/// The timer function: every minute, advances campaigns whose start or end has come, sends approval reminders,
/// then fills embedding gaps (content changed, or the configured embedding model changed) one bounded batch at a time,
/// so re-embedding progresses even on an instance whose in-process embedding worker is not running.
/// </summary>
public sealed class LifecycleSweepFunction(LifecycleSweep sweep, EmbeddingBackfill embeddings, ILogger<LifecycleSweepFunction> logger) : ITriggerFunction
{
    public string Name => "LifecycleSweep";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken ct)
    {
        var timer = TimerInfo.From(request, "timer");
        // Past due or not, everything due is processed: a late run is exactly when there is catching up to do.
        var result = await sweep.RunAsync(timer.IsPastDue, ct);
        var logs = new List<string> { $"LifecycleSweep: {result.Summary} isPastDue={timer.IsPastDue}" };
        logs.AddRange(result.Problems);
        if (!result.StoppedEarly)
        {
            try
            {
                var backfill = await embeddings.RunBatchAsync(ct);
                logs.Add($"Embeddings: claimed={backfill.Claimed} embedded={backfill.Embedded} unchanged={backfill.Unchanged} queued={backfill.Queued}" +
                         (backfill.Error is null ? "" : $" error={backfill.Error}"));
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                // Embeddings are best effort here: the transitions above are committed whatever happens to this step.
                logger.LogError(e, "Embedding backfill failed during the lifecycle sweep");
                logs.Add($"Embeddings: failed ({e.Message})");
            }
        }
        return InvocationResponse.WithLogs(logs);
    }
}
