using Microsoft.Extensions.Options;
using StoreSync.Data.Ai;
using StoreSync.Functions.Common.Problems;
using StoreSync.Data.Db;

namespace StoreSync.Functions.Ai;

public sealed record AiJobResponse(Guid Id, string Status, int Total, int Processed, int Succeeded, int Failed,
    IReadOnlyList<AiJobError> Errors, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static AiJobResponse From(AiJobRow j) =>
        new(j.Id, j.Status, j.Total, j.Processed, j.Succeeded, j.Failed, j.ErrorList, j.CreatedAt, j.StartedAt, j.FinishedAt);
}

/// <summary>Wakes the bulk worker when a job is queued.</summary>
public sealed class BulkGenerationSignal : WakeSignal;

/// <summary>
/// Runs bulk generation jobs in-process, a bounded number of campaigns at a time. A job whose worker died (no
/// heartbeat for <see cref="StaleAfter"/>: process crash, instance recycled) is claimed again by any instance and
/// resumes after the last saved chunk, so a campaign is generated at most once more than asked, never skipped.
/// </summary>
public sealed class BulkGenerationWorker(AiJobStore jobs, GenerationStore campaigns, CampaignGenerator generator, BulkGenerationSignal signal,
    IOptions<AiOptions> options, ILogger<BulkGenerationWorker> logger) : BackgroundService
{
    public static readonly TimeSpan StaleAfter = TimeSpan.FromMinutes(5);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.BackgroundWorkers) return;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                while (await jobs.ClaimAsync(StaleAfter, stoppingToken) is { } job)
                    await RunAsync(job, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Bulk generation worker: claiming or running a job failed; retrying later");
            }
            try
            {
                await signal.WaitAsync(options.Value.JobPollInterval, stoppingToken);
            }
            catch (OperationCanceledException) { }
        }
    }

    private async Task RunAsync(AiJobRow job, CancellationToken ct)
    {
        var chunkSize = options.Value.BulkConcurrency * 4;
        try
        {
            var remaining = job.CampaignIds.Skip(job.Processed - (job.Total - job.CampaignIds.Length)).ToArray();
            foreach (var chunk in remaining.Chunk(chunkSize))
            {
                var results = new List<AiJobError?>();
                await Parallel.ForEachAsync(chunk, new ParallelOptions { MaxDegreeOfParallelism = options.Value.BulkConcurrency, CancellationToken = ct },
                    async (id, token) =>
                    {
                        var error = await GenerateOneAsync(id, job, token);
                        lock (results) results.Add(error);
                    });
                var errors = results.OfType<AiJobError>().ToList();
                await jobs.RecordProgressAsync(job.Id, chunk.Length, chunk.Length - errors.Count, errors, ct);
            }
            await jobs.FinishAsync(job.Id, "succeeded", ct);
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            logger.LogError(e, "Bulk generation job {JobId} failed", job.Id);
            await jobs.FinishAsync(job.Id, "failed", CancellationToken.None);
        }
    }

    private async Task<AiJobError?> GenerateOneAsync(Guid id, AiJobRow job, CancellationToken ct)
    {
        // Visibility was checked when the job was created; the campaign may have been deleted since.
        var source = await campaigns.LoadAsync(id, CampaignScope.Everything, ct);
        if (source is null) return new AiJobError(id, "The campaign no longer exists.");
        try
        {
            var result = await generator.GenerateAsync(source, job.CreatedBy, job.Instructions, useSimilar: true, expectedVersion: null, ct);
            return result.UsedAi || result.FallbackReason == CampaignGenerator.NotConfigured
                ? null
                : new AiJobError(id, $"Used the rendered template: {result.FallbackReason}");
        }
        catch (ApiProblemException p)
        {
            return new AiJobError(id, p.Detail ?? p.Title);
        }
        catch (AiBudgetExhaustedException b)
        {
            return new AiJobError(id, b.Message);
        }
    }
}
