using System.Threading.RateLimiting;
using Microsoft.AspNetCore.RateLimiting;
using StoreSync.Data.Comments;
using StoreSync.Functions.Common.Auth;

namespace StoreSync.Functions.Comments;

public static class CommentsSetup
{
    public const string UserRateLimit = "comments-user";

    /// <summary>Comments per user and minute: plenty for a conversation, few enough that a script cannot flood people's bells.</summary>
    public const int PermitsPerMinute = 30;

    public static IServiceCollection AddComments(this IServiceCollection services)
    {
        services.AddSingleton<CommentStore>();
        services.AddKeyedSingleton<IRateLimiterPolicy<string>, UserRateLimitPolicy>(UserRateLimit);
        return services;
    }

    private sealed class UserRateLimitPolicy : IRateLimiterPolicy<string>
    {
        private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);

        public RateLimitPartition<string> GetPartition(HttpContext http) =>
            RateLimitPartition.GetFixedWindowLimiter(http.Features.Get<CurrentUser>()?.Id.ToString() ?? "anonymous",
                _ => new FixedWindowRateLimiterOptions { PermitLimit = PermitsPerMinute, Window = Window, QueueLimit = 0 });

        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (ctx, _) =>
        {
            var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : Window;
            await Common.Problems.Problem.TooManyRequests(
                $"At most {PermitsPerMinute} comments a minute. Try again in {Math.Ceiling(retry.TotalSeconds):0} seconds.", retry).ExecuteAsync(ctx.HttpContext);
        };
    }
}
