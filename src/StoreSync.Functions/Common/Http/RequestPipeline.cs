using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using System.Text;
using System.Threading.RateLimiting;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authentication.BearerToken;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Net.Http.Headers;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;

namespace StoreSync.Functions.Common.Http;

/// <summary>What the request pipeline applies to one HTTP function, read once from its attributes (method, then class).</summary>
public sealed record RequestPolicy(bool Anonymous, string? RateLimit, AdminOnlyAttribute? AdminOnly, IRequestBodyLimit? BodyLimit,
    bool Device = false)
{
    public static readonly RequestPolicy Default = new(false, null, null, null);

    public static RequestPolicy Of(MethodInfo method)
    {
        T? Find<T>() where T : class => method.GetCustomAttributes(true).OfType<T>().FirstOrDefault()
                                         ?? method.DeclaringType!.GetCustomAttributes(true).OfType<T>().FirstOrDefault();
        return new RequestPolicy(Find<IAllowAnonymous>() is not null, Find<EnableRateLimitingAttribute>()?.PolicyName, Find<AdminOnlyAttribute>(),
            Find<IRequestBodyLimit>(), Find<DeviceAuthenticationAttribute>() is not null);
    }
}

/// <summary>Only admins may call the function (403 with this detail otherwise).</summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method)]
public sealed class AdminOnlyAttribute(string detail) : Attribute
{
    public string Detail { get; } = detail;
}

/// <summary>A request body limit other than the JSON default, computed from the app's options.</summary>
public interface IRequestBodyLimit
{
    long MaxBytes(IServiceProvider services);
}

/// <summary>
/// What every API request goes through, in the Functions worker (called by <c>ApiMiddleware</c>) and in the development host
/// (called by its endpoints): security headers, body size limit, authentication of the bearer token, the per-request load of
/// the caller (a deactivated user or a revoked session is refused at once), role gates, rate limits, and RFC 9457 answers for
/// every failure, including exceptions the handler throws.
/// </summary>
public sealed class RequestPipeline(ProblemExceptionHandler problems, ILogger<RequestPipeline> logger)
{
    public const long JsonBodyLimit = 1024 * 1024;

    private readonly ConcurrentDictionary<string, PartitionedRateLimiter<HttpContext>> _limiters = new();

    public async Task InvokeAsync(HttpContext http, RequestPolicy policy, Func<Task> next)
    {
        SecurityHeaders.Apply(http);
        try
        {
            if (await RefuseAsync(http, policy) is { } refusal)
            {
                await refusal.ExecuteAsync(http);
                return;
            }
            await next();
        }
        catch (Exception e) when (!http.Response.HasStarted && !http.RequestAborted.IsCancellationRequested)
        {
            if (!await problems.TryHandleAsync(http, e, http.RequestAborted))
            {
                logger.LogError(e, "Unhandled exception on {Method} {Path}", http.Request.Method, http.Request.Path);
                http.Response.Clear();
                http.Response.StatusCode = StatusCodes.Status500InternalServerError;
                await Results.Problem(statusCode: 500, title: "Internal server error",
                    detail: "Something went wrong on our side. It has been logged.").ExecuteAsync(http);
            }
        }
    }

    private async Task<IResult?> RefuseAsync(HttpContext http, RequestPolicy policy)
    {
        var services = http.RequestServices;
        var bodyLimit = policy.BodyLimit?.MaxBytes(services) ?? JsonBodyLimit;
        if (http.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size) size.MaxRequestBodySize = bodyLimit;
        if (http.Request.ContentLength > bodyLimit)
            return Results.Problem(statusCode: 413, title: "Payload too large",
                detail: $"The request body is larger than the {bodyLimit / 1024:N0} KB this endpoint accepts.");
        if (UnreadableCharset(http.Request) is { } charset)
            return Results.Problem(statusCode: 415, title: "Unsupported media type",
                detail: $"The request's charset '{charset}' is not supported. Send UTF-8 JSON (Content-Type: application/json).");

        if (policy.Device)
        {
            if (await DeviceKeys.AuthenticateAsync(http) is not { } device)
                return Results.Problem(statusCode: 401, title: "Unauthorized",
                    detail: "Send Authorization: Device <key> with a device key of this store (user tokens are not accepted here).");
            http.Features.Set(device);
        }
        else if (!policy.Anonymous)
        {
            var auth = await http.AuthenticateAsync(BearerTokenDefaults.AuthenticationScheme);
            if (!auth.Succeeded)
                return Results.Problem(statusCode: 401, title: "Unauthorized",
                    detail: "Sign in first: send Authorization: Bearer <accessToken> from POST /api/v1/auth/token.");
            http.User = auth.Principal;
            var user = await AuthSetup.LoadAsync(services.GetRequiredService<Npgsql.NpgsqlDataSource>(), auth.Principal, http.RequestAborted);
            if (user is null)
                return Results.Problem(statusCode: 401, title: "Unauthorized",
                    detail: "The token is no longer valid: the account is deactivated or the session ended. Sign in again.");
            http.Features.Set(user);
            if (policy.AdminOnly is { } admin && !user.IsAdmin) return Problem.Forbidden(admin.Detail);
        }

        if (policy.RateLimit is { } name)
        {
            var limiter = _limiters.GetOrAdd(name, static (n, sp) =>
            {
                var p = sp.GetRequiredKeyedService<IRateLimiterPolicy<string>>(n);
                return PartitionedRateLimiter.Create<HttpContext, string>(p.GetPartition);
            }, services);
            var lease = await limiter.AcquireAsync(http, 1, http.RequestAborted);
            if (!lease.IsAcquired)
            {
                var policyObject = services.GetRequiredKeyedService<IRateLimiterPolicy<string>>(name);
                return new RejectedResult(policyObject, lease);
            }
            http.Response.RegisterForDispose(lease);
        }
        return null;
    }

    /// <summary>A charset the server cannot decode would otherwise fail deep inside the JSON reader.</summary>
    private static string? UnreadableCharset(HttpRequest request)
    {
        if (request.ContentType is null || !MediaTypeHeaderValue.TryParse(request.ContentType, out var type)) return null;
        var charset = type.Charset.Value?.Trim('"');
        if (string.IsNullOrEmpty(charset)) return null;
        try
        {
            Encoding.GetEncoding(charset);
            return null;
        }
        catch (ArgumentException)
        {
            return charset;
        }
    }

    private sealed class RejectedResult(IRateLimiterPolicy<string> policy, RateLimitLease lease) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            using (lease)
            {
                http.Response.StatusCode = StatusCodes.Status429TooManyRequests;
                if (policy.OnRejected is { } onRejected)
                    await onRejected(new OnRejectedContext { HttpContext = http, Lease = lease }, http.RequestAborted);
                else
                    await Problem.TooManyRequests("Too many requests. Wait before trying again.", TimeSpan.FromSeconds(60)).ExecuteAsync(http);
            }
        }
    }
}

/// <summary>Headers every API answer carries (the front end's CSP is set where the front end is served).</summary>
public static class SecurityHeaders
{
    public static void Apply(HttpContext http)
    {
        var headers = http.Response.Headers;
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers.XFrameOptions = "DENY";
        headers.ContentSecurityPolicy = "default-src 'none'; frame-ancestors 'none'";
        if (http.Request.IsHttps) headers.StrictTransportSecurity = "max-age=31536000; includeSubDomains";
    }
}
