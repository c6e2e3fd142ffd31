using System.Collections.Concurrent;
using System.Reflection;
using Microsoft.AspNetCore.Routing.Patterns;

namespace StoreSync.Functions.Hosting;

/// <summary>
/// How an HTTP function hands its request to a feature handler: <c>=> Api.Handle(CampaignsApi.List)</c>.
/// The handler is a plain static method in the minimal-API style (route values, query, JSON body, services, HttpContext,
/// CancellationToken); ASP.NET Core's own <see cref="RequestDelegateFactory"/> binds it, so binding, validation of the
/// input's shape and the answers to malformed input are the same in the Functions worker and the development host.
/// </summary>
public static class Api
{
    private static readonly ConcurrentDictionary<MethodInfo, HandlerResult> Handlers = new();

    public static IResult Handle(Delegate handler)
    {
        if (handler.Target is not null)
            throw new ArgumentException($"Handlers are static methods; {handler.Method.Name} captures state.", nameof(handler));
        return Handlers.GetOrAdd(handler.Method, _ => new HandlerResult(handler));
    }
}

/// <summary>The result an HTTP function returns: executing it binds and runs the handler (compiled once, on first use).</summary>
public sealed class HandlerResult(Delegate handler) : IResult
{
    private RequestDelegate? _compiled;

    public Delegate Handler => handler;

    public Task ExecuteAsync(HttpContext http) =>
        (_compiled ??= Compile(http.RequestServices, RouteParameters(http), null).RequestDelegate)(http);

    /// <summary>Compiles the handler; with an endpoint builder, also fills it with the inferred metadata (for OpenAPI).</summary>
    public RequestDelegateResult Compile(IServiceProvider services, IEnumerable<string>? routeParameters, EndpointBuilder? endpoint)
    {
        var options = new RequestDelegateFactoryOptions
        {
            ServiceProvider = services,
            RouteParameterNames = routeParameters,
            ThrowOnBadRequest = true,
            EndpointBuilder = endpoint,
        };
        var metadata = RequestDelegateFactory.InferMetadata(handler.Method, options);
        return RequestDelegateFactory.Create(handler, options, metadata);
    }

    private static IEnumerable<string>? RouteParameters(HttpContext http) =>
        (http.GetEndpoint() as RouteEndpoint)?.RoutePattern.Parameters.Select(p => p.Name).ToArray();

    internal static IEnumerable<string> RouteParameters(RoutePattern pattern) => pattern.Parameters.Select(p => p.Name).ToArray();
}
