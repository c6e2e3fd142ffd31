using System.ComponentModel.DataAnnotations;
using System.Security.Claims;
using System.Threading.RateLimiting;
using Dapper;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.AspNetCore.DataProtection.KeyManagement;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Extensions.Options;
using Npgsql;
using Microsoft.AspNetCore.Identity;
using StoreSync.Data.Auth;
using StoreSync.Data.Users;
using StoreSync.Functions.Auth;

namespace StoreSync.Functions.Common.Auth;

public sealed class AuthOptions
{
    [Range(typeof(TimeSpan), "00:01:00", "1.00:00:00")]
    public TimeSpan AccessTokenLifetime { get; set; } = TimeSpan.FromMinutes(15);

    [Range(typeof(TimeSpan), "00:05:00", "365.00:00:00")]
    public TimeSpan RefreshTokenLifetime { get; set; } = TimeSpan.FromDays(14);

    /// <summary>First admin, created on an empty database.</summary>
    public string? BootstrapAdminUsername { get; set; }
    public string? BootstrapAdminPassword { get; set; }

    /// <summary>Login and register attempts per client address per window.</summary>
    [Range(1, 100000)]
    public int LoginPermitLimit { get; set; } = 10;

    [Range(typeof(TimeSpan), "00:00:01", "01:00:00")]
    public TimeSpan LoginWindow { get; set; } = TimeSpan.FromMinutes(1);
}

public static class AuthSetup
{
    public const string LoginRateLimit = "login";

    public static IServiceCollection AddStoreSyncAuth(this IServiceCollection services, IConfiguration config)
    {
        services.AddOptions<AuthOptions>().Bind(config.GetSection("Auth")).ValidateDataAnnotations().ValidateOnStart();
        services.AddOptions<SignInThrottleOptions>().BindConfiguration("Auth:SignInThrottle").ValidateDataAnnotations().ValidateOnStart();

        // Access tokens are ASP.NET Core BearerToken tickets protected by Data Protection; the key ring lives in
        // PostgreSQL so every instance of the Function App accepts every other instance's tokens.
        services.AddDataProtection().SetApplicationName("StoreSync").ProtectKeyRing(config);
        services.AddOptions<KeyManagementOptions>()
            .Configure<NpgsqlDataSource>((o, db) => o.XmlRepository = new PostgresXmlRepository(db));
        services.AddAuthentication(BearerTokenDefaults.AuthenticationScheme).AddBearerToken();
        services.AddOptions<BearerTokenOptions>(BearerTokenDefaults.AuthenticationScheme)
            .Configure<IOptions<AuthOptions>>((o, auth) => o.BearerTokenExpiration = auth.Value.AccessTokenLifetime);
        services.AddSingleton<Functions.Auth.TokenService>();
        services.AddSingleton<PasswordHasher<UserRow>>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<RefreshTokenStore>();

        services.AddKeyedSingleton<IRateLimiterPolicy<string>, LoginRateLimitPolicy>(LoginRateLimit);
        return services;
    }

    /// <summary>
    /// The caller's address for rate limiting: the connection's remote address. Forwarded headers are applied before this by
    /// ASP.NET Core's forwarded-headers middleware, and only from trusted proxies (the Functions host in the worker; in the
    /// development host only the proxies configured under ForwardedHeaders), so a client cannot pick its own address.
    /// </summary>
    internal static string ClientAddress(HttpContext http) => http.Connection.RemoteIpAddress?.ToString() ?? "local";

    /// <summary>Auth:LoginPermitLimit sign-in and register attempts per Auth:LoginWindow per client address.</summary>
    private sealed class LoginRateLimitPolicy(IOptions<AuthOptions> options) : IRateLimiterPolicy<string>
    {
        public RateLimitPartition<string> GetPartition(HttpContext http)
        {
            var auth = options.Value;
            return RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http),
                _ => new FixedWindowRateLimiterOptions { PermitLimit = auth.LoginPermitLimit, Window = auth.LoginWindow, QueueLimit = 0 });
        }

        public Func<OnRejectedContext, CancellationToken, ValueTask>? OnRejected => async (ctx, _) =>
        {
            var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : options.Value.LoginWindow;
            await Problems.Problem.TooManyRequests("Too many attempts. Wait before trying again.", retry).ExecuteAsync(ctx.HttpContext);
        };
    }

    /// <summary>The caller of an authenticated principal, or null when the account is inactive or the session ended.</summary>
    public static Task<CurrentUser?> LoadAsync(NpgsqlDataSource db, ClaimsPrincipal principal, CancellationToken ct) =>
        Guid.TryParse(principal.FindFirstValue(ClaimTypes.NameIdentifier), out var id) && Guid.TryParse(principal.FindFirstValue(ClaimTypes.Sid), out var sid)
            ? LoadUserAsync(db, id, sid, ct)
            : Task.FromResult<CurrentUser?>(null);

    /// <summary>The user with their scope, when active and the session is not revoked; one query per request.</summary>
    public static async Task<CurrentUser?> LoadUserAsync(NpgsqlDataSource db, Guid id, Guid sid, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<UserScopeRow>(new CommandDefinition("""
            SELECT u.username, u.role, u.limited_to_locations,
                   ARRAY(SELECT brand_id FROM user_brands WHERE user_id = u.id) AS brand_ids,
                   ARRAY(SELECT location_id FROM user_locations WHERE user_id = u.id) AS location_ids
            FROM users u
            WHERE u.id = @id AND u.is_active
              AND EXISTS (SELECT 1 FROM refresh_tokens t WHERE t.family_id = @sid AND t.user_id = u.id AND t.revoked_at IS NULL)
            """, new { id, sid }, cancellationToken: ct));
        return row is null ? null : new CurrentUser(id, row.Username, row.Role, row.BrandIds, row.LocationIds, sid, row.LimitedToLocations);
    }

    // Property-style: Npgsql reports uuid[] columns as Array, which Dapper's constructor matching rejects.
    private sealed record UserScopeRow
    {
        public string Username { get; init; } = "";
        public string Role { get; init; } = "";
        public Guid[] BrandIds { get; init; } = [];
        public Guid[] LocationIds { get; init; } = [];
        public bool LimitedToLocations { get; init; }
    }
}
