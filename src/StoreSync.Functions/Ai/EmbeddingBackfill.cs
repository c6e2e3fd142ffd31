using Microsoft.Extensions.Options;
using StoreSync.Data.Ai;

namespace StoreSync.Functions.Ai;

public sealed record BackfillResult(int Claimed, int Embedded, int Unchanged, int Queued, string? Error)
{
    public static BackfillResult Idle(int queued) => new(0, 0, 0, queued, null);
}

/// <summary>
/// Keeps campaign_embeddings in step with campaign text and with the configured model, in bounded batches:
/// campaigns whose text changed (queued by a trigger), never embedded, or embedded by another model. Safe to run
/// from several places at once (the in-process worker, the timer sweep, other instances): batches are leased with
/// SKIP LOCKED, and a campaign changed mid-batch stays queued.
/// </summary>
public sealed class EmbeddingBackfill(CampaignEmbeddingStore store, IAiEmbedder embedder, IOptions<AiOptions> options, TimeProvider time,
    ILogger<EmbeddingBackfill> logger)
{
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(5);
    private static readonly TimeSpan ReconcileEvery = TimeSpan.FromMinutes(1);
    private long _lastReconcileTicks = long.MinValue;
    private int _indexEnsured;

    public string Model => embedder.Model;

    /// <summary>One batch (at most Ai:EmbeddingBatchSize campaigns). Provider failures are reported, not thrown.</summary>
    public async Task<BackfillResult> RunBatchAsync(CancellationToken ct)
    {
        await EnsureIndexAsync(ct);
        var queued = await ReconcileAsync(ct);
        var claimed = await store.ClaimAsync(options.Value.EmbeddingBatchSize, Lease, ct);
        if (claimed.Count == 0) return BackfillResult.Idle(queued);

        var texts = claimed.Select(c => CampaignEmbeddings.TextOf(c.Name, c.Content)).ToList();
        var hashes = texts.Select(CampaignEmbeddings.HashOf).ToList();
        var stored = await store.HashesAsync(claimed.Select(c => c.CampaignId).ToArray(), Model, embedder.Dimensions, ct);
        var todo = Enumerable.Range(0, claimed.Count)
            .Where(i => !(stored.TryGetValue(claimed[i].CampaignId, out var h) && h.AsSpan().SequenceEqual(hashes[i])))
            .ToList();
        var rows = new List<EmbeddingRow>(todo.Count);
        if (todo.Count > 0)
        {
            EmbeddingAnswer answer;
            try
            {
                answer = await embedder.EmbedAsync(todo.Select(i => texts[i]).ToList(), ct);
                // A vector of another length would be stored under this model but never match its index or queries.
                if (answer.Vectors.Count != todo.Count || answer.Vectors.Any(v => v.Length != embedder.Dimensions))
                    throw new AiProviderException($"{Model} did not return {todo.Count} vectors of {embedder.Dimensions} dimensions");
            }
            catch (AiProviderException e)
            {
                logger.LogWarning("Embedding backfill: provider failed for {Count} campaigns: {Reason}", todo.Count, e.Message);
                await store.ReleaseAsync(claimed, CancellationToken.None);
                return new BackfillResult(claimed.Count, 0, 0, queued, e.Message);
            }
            for (var k = 0; k < todo.Count; k++)
            {
                var c = claimed[todo[k]];
                rows.Add(new EmbeddingRow(c.CampaignId, c.BrandId, c.LocationId, hashes[todo[k]], answer.Vectors[k]));
            }
        }
        await store.SaveAsync(rows, claimed, Model, ct);
        return new BackfillResult(claimed.Count, rows.Count, claimed.Count - rows.Count, queued, null);
    }

    /// <summary>Batches until nothing is left (or <paramref name="maxBatches"/>); returns how many campaigns were embedded.</summary>
    public async Task<int> RunUntilIdleAsync(int maxBatches, CancellationToken ct)
    {
        var embedded = 0;
        for (var i = 0; i < maxBatches; i++)
        {
            var r = await RunBatchAsync(ct);
            embedded += r.Embedded;
            if (r.Claimed == 0 || r.Error is not null) break;
        }
        return embedded;
    }

    // Once per process: the model's partial HNSW index exists before its first vector is stored (created while the model
    // has no rows, so it costs nothing; a concurrent creator waits on the function's advisory lock).
    private async Task EnsureIndexAsync(CancellationToken ct)
    {
        if (Volatile.Read(ref _indexEnsured) == 1) return;
        if (await store.EnsureIndexAsync(Model, embedder.Dimensions, ct))
            logger.LogInformation("Embedding backfill: created the similarity index for {Model} ({Dimensions} dimensions)", Model, embedder.Dimensions);
        Volatile.Write(ref _indexEnsured, 1);
    }

    // The anti-join over all campaigns is the only scan here: run it at most once a minute per process.
    private async Task<int> ReconcileAsync(CancellationToken ct)
    {
        var now = time.GetUtcNow().UtcTicks;
        var last = Interlocked.Read(ref _lastReconcileTicks);
        if (last != long.MinValue && now - last < ReconcileEvery.Ticks) return 0;
        Interlocked.Exchange(ref _lastReconcileTicks, now);
        var queued = await store.EnqueueMissingAsync(Model, embedder.Dimensions, 10_000, ct);
        if (queued > 0) logger.LogInformation("Embedding backfill: queued {Count} campaigns without a {Model} embedding", queued, Model);
        return queued;
    }
}

/// <summary>Wakes a background worker now instead of at its next interval; notifications while it is busy coalesce into one.</summary>
public abstract class WakeSignal
{
    private readonly SemaphoreSlim _signal = new(0, 1);

    public void Notify()
    {
        try { _signal.Release(); } catch (SemaphoreFullException) { }
    }

    public Task WaitAsync(TimeSpan timeout, CancellationToken ct) => _signal.WaitAsync(timeout, ct);
}

/// <summary>Wakes the embedding worker (after a generation).</summary>
public sealed class EmbeddingSignal : WakeSignal;

/// <summary>
/// In-process: runs the backfill every few seconds and when signalled. The first run waits for the interval (or a
/// signal), so a start-up never pays for loading the local model while it answers its first requests.
/// </summary>
public sealed class EmbeddingWorker(EmbeddingBackfill backfill, EmbeddingSignal signal, IOptions<AiOptions> options,
    ILogger<EmbeddingWorker> logger) : BackgroundService
{
    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.BackgroundWorkers) return;
        try
        {
            await signal.WaitAsync(options.Value.EmbeddingInterval, stoppingToken);
        }
        catch (OperationCanceledException) { return; }
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await backfill.RunUntilIdleAsync(maxBatches: 50, stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Embedding worker: batch failed; retrying later");
            }
            try
            {
                await signal.WaitAsync(options.Value.EmbeddingInterval, stoppingToken);
            }
            catch (OperationCanceledException) { }
        }
    }
}
