using System.ComponentModel.DataAnnotations;

namespace StoreSync.Functions.Ai;

/// <summary>
/// Settings under <c>Ai:</c>. One OpenAI-compatible provider: OpenAI (no endpoint), Azure OpenAI's v1 endpoint
/// (<c>https://&lt;resource&gt;.openai.azure.com/openai/v1/</c>) or any compatible server. Without a chat model and a key
/// or endpoint, generation falls back to the rendered template; without an embedding model, embeddings are local.
/// </summary>
public sealed class AiOptions : IValidatableObject
{
    /// <summary>The dimension of campaign_embeddings.embedding (migration 0050).</summary>
    public const int StoredDimensions = 1536;

    public string? Endpoint { get; set; }
    public string? ApiKey { get; set; }
    public string? ChatModel { get; set; }
    public string? EmbeddingModel { get; set; }

    public int EmbeddingDimensions { get; set; } = StoredDimensions;

    /// <summary>Per attempt (the SDK's network timeout).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "00:10:00")]
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>Retries after the first attempt on 429, 5xx, timeouts and connection failures.</summary>
    [Range(0, 10)]
    public int MaxRetries { get; set; } = 3;

    /// <summary>First retry delay; doubles each retry, with jitter.</summary>
    [Range(typeof(TimeSpan), "00:00:00", "00:01:00")]
    public TimeSpan RetryBaseDelay { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>Generate/search requests per user per window.</summary>
    [Range(1, 100000)]
    public int UserPermitLimit { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "1.00:00:00")]
    public TimeSpan UserWindow { get; set; } = TimeSpan.FromMinutes(1);

    [Range(1, long.MaxValue)]
    public long DailyTokenBudgetPerBrand { get; set; } = 200_000;

    /// <summary>Minimum cosine similarity for an example, for provider embeddings.</summary>
    [Range(0.0, 1.0)]
    public double SimilarityThreshold { get; set; } = 0.75;

    /// <summary>The same for the local hashing embedding, whose similarities run lower.</summary>
    [Range(0.0, 1.0)]
    public double LocalSimilarityThreshold { get; set; } = 0.35;

    [Range(0, 10)]
    public int MaxExamples { get; set; } = 3;

    /// <summary>Approximate tokens (characters / 4) of example content put into a prompt, all examples together.</summary>
    [Range(0, 100000)]
    public int ExampleTokenBudget { get; set; } = 2000;

    [Range(1, 2048)]
    public int EmbeddingBatchSize { get; set; } = 64;

    /// <summary>How often the in-process embedding worker looks for work (it is also woken after a generation).</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan EmbeddingInterval { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How often the bulk worker looks for jobs (queued elsewhere, or left by a crashed worker); new jobs wake it at once.</summary>
    [Range(typeof(TimeSpan), "00:00:00.050", "01:00:00")]
    public TimeSpan JobPollInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>Run the in-process embedding and bulk generation workers (tests switch them off to drive the backfill).</summary>
    public bool BackgroundWorkers { get; set; } = true;

    /// <summary>HNSW candidate list size for similarity queries.</summary>
    [Range(10, 1000)]
    public int EfSearch { get; set; } = 100;

    /// <summary>Filtered similarity queries over at most this many embeddings rank exactly; larger ones use HNSW.</summary>
    [Range(0, 100000)]
    public int ExactSearchMaxRows { get; set; } = 1000;

    [Range(1, 500)]
    public int MaxBulkCampaigns { get; set; } = 500;

    /// <summary>Campaigns of a bulk job generated at the same time.</summary>
    [Range(1, 16)]
    public int BulkConcurrency { get; set; } = 2;

    public bool HasProvider => !string.IsNullOrWhiteSpace(ApiKey) || !string.IsNullOrWhiteSpace(Endpoint);
    public bool ChatConfigured => HasProvider && !string.IsNullOrWhiteSpace(ChatModel);
    public bool EmbeddingsConfigured => HasProvider && !string.IsNullOrWhiteSpace(EmbeddingModel);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (EmbeddingDimensions != StoredDimensions)
            yield return new ValidationResult(
                $"Ai:EmbeddingDimensions is {EmbeddingDimensions}, but campaign embeddings are stored as vector({StoredDimensions}). " +
                $"Use a model that can return {StoredDimensions} dimensions (text-embedding-3-small/-large accept dimensions={StoredDimensions}).",
                [nameof(EmbeddingDimensions)]);
        if (!string.IsNullOrWhiteSpace(Endpoint) && !Uri.TryCreate(Endpoint, UriKind.Absolute, out _))
            yield return new ValidationResult($"Ai:Endpoint '{Endpoint}' is not an absolute URL.", [nameof(Endpoint)]);
    }
}
