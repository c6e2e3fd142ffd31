using System.ClientModel;
using System.ClientModel.Primitives;
using System.Net;
using Azure.AI.OpenAI;
using Azure.Core;
using Microsoft.Extensions.Options;
using OpenAI;
using OpenAI.Chat;
using OpenAI.Embeddings;
using Polly;
using Polly.Retry;

namespace StoreSync.Functions.Ai;

/// <summary>The Entra ID credential for Azure OpenAI without a key (managed identity in Azure); replaceable in tests.</summary>
public sealed record AiCredential(TokenCredential Token);

/// <summary>
/// The provider's client: <see cref="AzureOpenAIClient"/> for Azure OpenAI (a key, else managed identity), the OpenAI
/// client for OpenAI and OpenAI-compatible servers. Both are the official SDK (AzureOpenAIClient derives from
/// OpenAIClient), so chat and embeddings code is the same. The SDK's own retries are off so that one Polly pipeline
/// decides: exponential backoff with jitter on 429, 5xx, per-attempt timeouts and connection failures.
/// </summary>
public static class OpenAiProvider
{
    public static OpenAIClient CreateClient(AiOptions o, Func<AiCredential> credential)
    {
        if (o.UsesAzureOpenAI)
        {
            var options = new AzureOpenAIClientOptions
            {
                NetworkTimeout = o.Timeout,
                RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
                UserAgentApplicationId = "storesync",
            };
            var endpoint = AzureResourceEndpoint(o.Endpoint!);
            return string.IsNullOrWhiteSpace(o.ApiKey)
                ? new AzureOpenAIClient(endpoint, credential().Token, options)
                : new AzureOpenAIClient(endpoint, new ApiKeyCredential(o.ApiKey), options);
        }
        var openAi = new OpenAIClientOptions
        {
            NetworkTimeout = o.Timeout,
            RetryPolicy = new ClientRetryPolicy(maxRetries: 0),
            UserAgentApplicationId = "storesync",
        };
        if (!string.IsNullOrWhiteSpace(o.Endpoint)) openAi.Endpoint = new Uri(o.Endpoint);
        // OpenAI-compatible servers without auth still need a non-empty key for the SDK.
        return new OpenAIClient(new ApiKeyCredential(string.IsNullOrWhiteSpace(o.ApiKey) ? "unused" : o.ApiKey), openAi);
    }

    /// <summary>
    /// AzureOpenAIClient wants the resource (<c>https://x.openai.azure.com/</c>) and builds deployment paths itself; the
    /// v1 endpoint that OpenAI-compatible clients use (<c>.../openai/v1/</c>, what infra outputs) is accepted too.
    /// </summary>
    public static Uri AzureResourceEndpoint(string endpoint)
    {
        var uri = new Uri(endpoint);
        var path = uri.AbsolutePath.TrimEnd('/');
        foreach (var suffix in new[] { "/openai/v1", "/openai" })
            if (path.EndsWith(suffix, StringComparison.OrdinalIgnoreCase))
            {
                path = path[..^suffix.Length];
                break;
            }
        return new UriBuilder(uri) { Path = path + "/", Query = "" }.Uri;
    }

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
        catch (Exception e) when (e is FormatException or System.Text.Json.JsonException && !ct.IsCancellationRequested)
        {
            // The SDK could not read the answer (e.g. malformed embeddings): unusable, like a failure, but not retried.
            throw new AiProviderException("the provider's answer could not be read", e);
        }
    }
}

public sealed class OpenAiChat : IAiChat
{
    private readonly ChatClient _client;
    private readonly ResiliencePipeline _retries;

    public OpenAiChat(OpenAIClient client, IOptions<AiOptions> options, ILogger<OpenAiChat> logger)
    {
        var o = options.Value;
        Model = o.ChatModel!;
        _client = client.GetChatClient(o.ChatModel); // on Azure OpenAI: the deployment name
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

    public OpenAiEmbedder(OpenAIClient client, IOptions<AiOptions> options, ILogger<OpenAiEmbedder> logger)
    {
        var o = options.Value;
        Model = o.EmbeddingModel!;
        _dimensions = o.EmbeddingDimensions;
        _client = client.GetEmbeddingClient(o.EmbeddingModel); // on Azure OpenAI: the deployment name
        _retries = OpenAiProvider.Retries(o, logger);
    }

    public string Model { get; }

    public int Dimensions => _dimensions;

    public Task<EmbeddingAnswer> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct) =>
        OpenAiProvider.CallAsync(_retries, async token =>
        {
            var result = (await _client.GenerateEmbeddingsAsync(texts, new EmbeddingGenerationOptions { Dimensions = _dimensions }, token)).Value;
            var vectors = result.OrderBy(e => e.Index).Select(e => e.ToFloats().ToArray()).ToList();
            if (vectors.Count != texts.Count)
                throw new AiProviderException($"the provider returned {vectors.Count} embeddings for {texts.Count} texts");
            if (vectors.FirstOrDefault(v => v.Length != _dimensions) is { } wrong)
                throw new AiProviderException(
                    $"model {Model} returned {wrong.Length} dimensions where Ai:EmbeddingDimensions asks for {_dimensions}; configure a model that returns {_dimensions}");
            return new EmbeddingAnswer(vectors, result.Usage?.TotalTokenCount ?? 0);
        }, ct);
}
