using System.ComponentModel.DataAnnotations;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;

namespace StoreSync.Functions.Store;

/// <summary>Limits of the store side: requests per device (store API) and per client address (public store page).</summary>
public sealed class StoreOptions
{
    /// <summary>Store API requests per device per window: a player polling every minute and a till sending batches fit easily.</summary>
    [Range(1, 1_000_000)]
    public int DevicePermitLimit { get; set; } = 120;

    [Range(1, 1_000_000)]
    public int PublicPermitLimit { get; set; } = 120;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan Window { get; set; } = TimeSpan.FromMinutes(1);
}

public static class StoreSetup
{
    public const string DeviceRateLimit = "store-device";
    public const string PublicRateLimit = "store-public";

    public static IServiceCollection AddStoreSide(this IServiceCollection services)
    {
        services.AddOptions<StoreOptions>().BindConfiguration("Store").ValidateDataAnnotations().ValidateOnStart();
        services.AddKeyedSingleton<IRateLimiterPolicy<string>>(DeviceRateLimit, (sp, _) =>
            new FixedWindowPolicy(sp.GetRequiredService<IOptions<StoreOptions>>(), o => o.DevicePermitLimit,
                http => "device:" + http.CurrentDevice().Id));
        services.AddKeyedSingleton<IRateLimiterPolicy<string>>(PublicRateLimit, (sp, _) =>
            new FixedWindowPolicy(sp.GetRequiredService<IOptions<StoreOptions>>(), o => o.PublicPermitLimit,
                http => "public:" + AuthSetup.ClientAddress(http)));
        return services;
    }

    private sealed class FixedWindowPolicy(IOptions<StoreOptions> options, Func<StoreOptions, int> limit, Func<HttpContext, string> partition)
        : IRateLimiterPolicy<string>
    {
        public RateLimitPartition<string> GetPartition(HttpContext http) =>
            RateLimitPartition.GetFixedWindowLimiter(partition(http),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = limit(options.Value), Window = options.Value.Window, QueueLimit = 0 });

        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (ctx, _) =>
        {
            var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : options.Value.Window;
            await Problem.TooManyRequests("Too many requests. Wait before trying again.", retry).ExecuteAsync(ctx.HttpContext);
        };
    }
}
