using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using StoreSync.Data.Ai;
using StoreSync.Functions.Common.Auth;

namespace StoreSync.Functions.Ai;

public static class AiSetup
{
    public const string UserRateLimit = "ai-user";

    public static IHostApplicationBuilder AddStoreSyncAi(this IHostApplicationBuilder builder)
    {
        var services = builder.Services;
        services.AddOptions<AiOptions>().Bind(builder.Configuration.GetSection("Ai")).ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<CampaignEmbeddingStore>();
        services.AddSingleton<GenerationStore>();
        services.AddSingleton<AiUsageStore>();
        services.AddSingleton<AiJobStore>();
        // Managed identity in Azure (DefaultAzureCredential), built only when Azure OpenAI is used without a key.
        services.AddSingleton(sp => new AiCredential(new Azure.Identity.DefaultAzureCredential(new Azure.Identity.DefaultAzureCredentialOptions
        {
            ManagedIdentityClientId = sp.GetRequiredService<IOptions<AiOptions>>().Value.ManagedIdentityClientId,
        })));
        services.AddSingleton(sp => OpenAiProvider.CreateClient(sp.GetRequiredService<IOptions<AiOptions>>().Value, sp.GetRequiredService<AiCredential>));
        services.AddSingleton<IAiChat>(sp => sp.GetRequiredService<IOptions<AiOptions>>().Value.ChatConfigured
            ? ActivatorUtilities.CreateInstance<OpenAiChat>(sp)
            : new NoChat());
        // No provider embedding model: a local one. Constructing it loads nothing; the model loads on first use.
        services.AddSingleton<IAiEmbedder>(sp => sp.GetRequiredService<IOptions<AiOptions>>().Value switch
        {
            { EmbeddingsConfigured: true } => ActivatorUtilities.CreateInstance<OpenAiEmbedder>(sp),
            { LocalEmbeddings: LocalEmbeddingKind.Hash } => new LocalHashEmbedder(),
            _ => new MiniLmEmbedder(),
        });
        services.AddSingleton<CampaignEmbeddings>();
        services.AddSingleton<TokenBudget>();
        services.AddSingleton<CampaignGenerator>();
        services.AddSingleton<EmbeddingSignal>();
        services.AddSingleton<BulkGenerationSignal>();
        // The lifecycle timer sweep calls EmbeddingBackfill.RunBatchAsync too.
        services.AddSingleton<EmbeddingBackfill>();
        services.AddHostedService<EmbeddingWorker>();
        services.AddHostedService<BulkGenerationWorker>();
        services.AddKeyedSingleton<IRateLimiterPolicy<string>, UserRateLimitPolicy>(UserRateLimit);
        return builder;
    }

    /// <summary>Ai:UserPermitLimit requests per Ai:UserWindow per signed-in user, answered 429 with Retry-After.</summary>
    private sealed class UserRateLimitPolicy(IOptions<AiOptions> options) : IRateLimiterPolicy<string>
    {
        public RateLimitPartition<string> GetPartition(HttpContext http)
        {
            var o = options.Value;
            var user = http.Features.Get<CurrentUser>()?.Id.ToString() ?? "anonymous";
            return RateLimitPartition.GetFixedWindowLimiter(user,
                _ => new FixedWindowRateLimiterOptions { PermitLimit = o.UserPermitLimit, Window = o.UserWindow, QueueLimit = 0 });
        }

        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (ctx, _) =>
        {
            var o = options.Value;
            var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : o.UserWindow;
            await Common.Problems.Problem.TooManyRequests(
                $"AI requests are limited to {o.UserPermitLimit} per {o.UserWindow.TotalSeconds:0} seconds per user. Try again in {Math.Ceiling(retry.TotalSeconds):0} seconds.",
                retry).ExecuteAsync(ctx.HttpContext);
        };
    }
}
