using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using Polly;
using Polly.Retry;

namespace StoreSync.Functions.Ai;

/// <summary>
/// The official OpenAI SDK pointed at the configured endpoint. The SDK's own retries are off so that one Polly
/// pipeline decides: exponential backoff with jitter on 429, 5xx, per-attempt timeouts and connection failures.
/// </summary>
public static class OpenAiProvider
{
    public static OpenAIClientOptions ClientOptions(AiOptions o)
    {
        var options = new OpenAIClientOptions
        {
            NetworkTimeout = o.Timeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            UserAgentApplicationId = "storesync",
        };
        if (!string.IsNullOrWhiteSpace(o.Endpoint)) options.Endpoint = new Uri(o.Endpoint);
        return options;
    }

    // OpenAI-compatible servers without auth still need a non-empty key for the SDK.
    public static ApiKeyCredential Credential(AiOptions o) => new(string.IsNullOrWhiteSpace(o.ApiKey) ? "unused" : o.ApiKey);

    public static ResiliencePipeline Retries(AiOptions o, ILogger logger) => new ResiliencePipelineBuilder()
        .AddRetry(new RetryStrategyOptions
        {
            MaxRetryAttempts = Math.Max(1, o.MaxRetries),
            BackoffType = DelayBackoffType.Exponential,
            UseJitter = true,
            Delay = o.RetryBaseDelay,
            ShouldHandle = args => ValueTask.FromResult(o.MaxRetries > 0 && args.Outcome.Exception is { } e && IsTransient(e, args.Context.CancellationToken)),
            OnRetry = args =>
            {
                logger.LogWarning("AI provider attempt {Attempt} failed ({Reason}); retrying in {Delay}", args.AttemptNumber + 1,
                    Describe(args.Outcome.Exception!), args.RetryDelay);
                return ValueTask.CompletedTask;
            },
        })
        .Build();

    public static bool IsTransient(Exception e, CancellationToken callerToken) => e switch
    {
        ClientResultException { Status: 429 or 408 or >= 500 } => true,
        ClientResultException { Status: 0 } => true, // no response: connection refused or reset
        HttpRequestException => true,
        TimeoutException => true,
        OperationCanceledException => !callerToken.IsCancellationRequested, // the SDK's network timeout
        _ => false,
    };

    /// <summary>A short reason for fallbackReason and logs (never the key or the prompt).</summary>
    public static string Describe(Exception e) => e switch
    {
        ClientResultException { Status: 429 } => "rate limited by the provider (429)",
        ClientResultException { Status: > 0 } c => $"HTTP {c.Status} ({(HttpStatusCode)c.Status})",
        OperationCanceledException or TimeoutException => "timed out",
        ClientResultException or HttpRequestException => "connection failed",
        AiProviderException a => a.Message,
        _ => e.GetType().Name,
    };

    /// <summary>Runs a provider call through the retry pipeline; a final failure becomes <see cref="AiProviderException"/>.</summary>
    public static async Task<T> CallAsync<T>(ResiliencePipeline pipeline, Func<CancellationToken, ValueTask<T>> call, CancellationToken ct)
    {
        try
        {
            return await pipeline.ExecuteAsync(call, ct);
        }
        catch (Exception e) when (e is not AiProviderException && !ct.IsCancellationRequested && e is ClientResultException or HttpRequestException
                                      or OperationCanceledException or TimeoutException)
        {
            throw new AiProviderException(Describe(e), e);
        }
    }
}

public sealed class OpenAiChat : IAiChat
{
    private readonly ChatClient _client;
    private readonly ResiliencePipeline _retries;

    public OpenAiChat(IOptions<AiOptions> options, ILogger<OpenAiChat> logger)
    {
        var o = options.Value;
        Model = o.ChatModel!;
        _client = new ChatClient(o.ChatModel, OpenAiProvider.Credential(o), OpenAiProvider.ClientOptions(o));
        _retries = OpenAiProvider.Retries(o, logger);
    }

    public string? Model { get; }

    public Task<ChatAnswer> CompleteJsonAsync(string system, string user, CancellationToken ct) =>
        OpenAiProvider.CallAsync(_retries, async token =>
        {
            var completion = (await _client.CompleteChatAsync(
                [new SystemChatMessage(system), new UserChatMessage(user)],
                new ChatCompletionOptions { ResponseFormat = ChatResponseFormat.CreateJsonObjectFormat(), Temperature = 0.7f },
                token)).Value;
            var text = string.Concat(completion.Content.Where(p => p.Kind == ChatMessageContentPartKind.Text).Select(p => p.Text));
            return new ChatAnswer(text, completion.Model ?? Model!, completion.Usage?.InputTokenCount ?? 0, completion.Usage?.OutputTokenCount ?? 0);
        }, ct);
}

public sealed class OpenAiEmbedder : IAiEmbedder
{
    private readonly EmbeddingClient _client;
    private readonly ResiliencePipeline _retries;
    private readonly int _dimensions;

    public OpenAiEmbedder(IOptions<AiOptions> options, ILogger<OpenAiEmbedder> logger)
    {
        var o = options.Value;
        Model = o.EmbeddingModel!;
        _dimensions = o.EmbeddingDimensions;
        _client = new EmbeddingClient(o.EmbeddingModel, OpenAiProvider.Credential(o), OpenAiProvider.ClientOptions(o));
        _retries = OpenAiProvider.Retries(o, logger);
    }

    public string Model { get; }

    public Task<EmbeddingAnswer> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct) =>
        OpenAiProvider.CallAsync(_retries, async token =>
        {
            var result = (await _client.GenerateEmbeddingsAsync(texts, new EmbeddingGenerationOptions { Dimensions = _dimensions }, token)).Value;
            var vectors = result.OrderBy(e => e.Index).Select(e => e.ToFloats().ToArray()).ToList();
            if (vectors.Count != texts.Count)
                throw new AiProviderException($"the provider returned {vectors.Count} embeddings for {texts.Count} texts");
            if (vectors.FirstOrDefault(v => v.Length != _dimensions) is { } wrong)
                throw new AiProviderException(
                    $"model {Model} returned {wrong.Length} dimensions, but embeddings are stored as vector({_dimensions}); configure a model with {_dimensions}");
            return new EmbeddingAnswer(vectors, result.Usage?.TotalTokenCount ?? 0);
        }, ct);
}
