using System.ComponentModel.DataAnnotations;
using System.Net;
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
        services.AddAuthorization();
        services.AddSingleton<Functions.Auth.TokenService>();
        services.AddSingleton<PasswordHasher<UserRow>>();
        services.AddSingleton<UserStore>();
        services.AddSingleton<RefreshTokenStore>();

        services.AddRateLimiter(o =>
        {
            o.RejectionStatusCode = StatusCodes.Status429TooManyRequests;
            o.AddPolicy(LoginRateLimit, http =>
            {
                var auth = http.RequestServices.GetRequiredService<IOptions<AuthOptions>>().Value;
                return RateLimitPartition.GetFixedWindowLimiter(ClientAddress(http),
                    _ => new FixedWindowRateLimiterOptions { PermitLimit = auth.LoginPermitLimit, Window = auth.LoginWindow, QueueLimit = 0 });
            });
            o.OnRejected = async (ctx, ct) =>
            {
                var retry = ctx.Lease.TryGetMetadata(MetadataName.RetryAfter, out var r) ? r : TimeSpan.FromSeconds(60);
                await Problems.Problem.TooManyRequests("Too many attempts. Wait before trying again.", retry).ExecuteAsync(ctx.HttpContext);
            };
        });
        return services;
    }

    /// <summary>
    /// The caller's address for rate limiting. Behind the Functions host every request arrives from loopback, so the
    /// address the platform's front end appended to X-Forwarded-For (the last entry, possibly with a port) is used;
    /// entries before it are whatever the client sent and are not trusted.
    /// </summary>
    internal static string ClientAddress(HttpContext http)
    {
        var remote = http.Connection.RemoteIpAddress;
        if (remote is null || IPAddress.IsLoopback(remote))
        {
            var forwarded = http.Request.Headers["X-Forwarded-For"].ToString();
            var last = forwarded.Split(',', StringSplitOptions.TrimEntries | StringSplitOptions.RemoveEmptyEntries).LastOrDefault();
            if (last is not null && IPEndPoint.TryParse(last, out var endpoint)) return endpoint.Address.ToString();
        }
        return remote?.ToString() ?? "local";
    }

    /// <summary>
    /// After authentication: load the caller from the database. A token for a deactivated or deleted user, or
    /// for a session that was logged out or revoked, is refused here with 401.
    /// </summary>
    public static IApplicationBuilder UseCurrentUser(this IApplicationBuilder app) => app.Use(async (http, next) =>
    {
        var principal = http.User;
        if (principal.Identity?.IsAuthenticated == true)
        {
            var user = await LoadAsync(http.RequestServices.GetRequiredService<NpgsqlDataSource>(), principal, http.RequestAborted);
            if (user is null)
            {
                http.Response.StatusCode = 401;
                await Results.Problem(statusCode: 401, title: "Unauthorized",
                    detail: "The token is no longer valid: the account is deactivated or the session ended. Sign in again.").ExecuteAsync(http);
                return;
            }
            http.Features.Set(user);
        }
        await next(http);
    });

    private static Task<CurrentUser?> LoadAsync(NpgsqlDataSource db, ClaimsPrincipal principal, CancellationToken ct) =>
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
