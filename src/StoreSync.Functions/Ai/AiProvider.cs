namespace StoreSync.Functions.Ai;

public sealed record ChatAnswer(string Text, string Model, long PromptTokens, long CompletionTokens);

public sealed record EmbeddingAnswer(IReadOnlyList<float[]> Vectors, long Tokens);

/// <summary>Chat completion that answers with one JSON object. Null model = not configured.</summary>
public interface IAiChat
{
    string? Model { get; }
    Task<ChatAnswer> CompleteJsonAsync(string system, string user, CancellationToken ct);
}

/// <summary>Text embeddings of a fixed dimension; <see cref="Model"/> is recorded next to every stored vector.</summary>
public interface IAiEmbedder
{
    string Model { get; }

    /// <summary>Every vector has this length; a vector is only ever compared with vectors of the same model and length.</summary>
    int Dimensions { get; }

    Task<EmbeddingAnswer> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct);
}

/// <summary>The provider failed after retries (or answered something unusable); generation falls back.</summary>
public sealed class AiProviderException(string message, Exception? inner = null) : Exception(message, inner);
