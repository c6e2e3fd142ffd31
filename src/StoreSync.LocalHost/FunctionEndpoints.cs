using System.Reflection;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Hosting;

namespace StoreSync.LocalHost;

/// <summary>
/// Maps every HTTP function of the route table to an endpoint, as the worker's <c>FunctionsEndpointDataSource</c> maps function
/// metadata: the trigger's methods and route under <c>/api</c>. A request runs the shared <see cref="RequestPipeline"/> around the
/// function method itself, invoked as the worker would invoke it, and executes the result it returns.
/// </summary>
public static class FunctionEndpoints
{
    public static WebApplication MapFunctions(this WebApplication app)
    {
        var catalog = app.Services.GetRequiredService<FunctionCatalog>();
        Check(catalog);
        var pipeline = app.Services.GetRequiredService<RequestPipeline>();
        foreach (var function in catalog.Http)
        {
            var invoke = FunctionInvoker.For(function.Method);
            app.MapMethods(function.Path, function.Methods, http => pipeline.InvokeAsync(http, function.Policy, async () =>
            {
                var result = await invoke(http.RequestServices, name => Bind(http, name), http.RequestAborted);
                if (result is IResult r) await r.ExecuteAsync(http);
            })).WithDisplayName(function.Name);
        }
        return app;
    }

    private static object? Bind(HttpContext http, ParameterInfo p) =>
        p.ParameterType == typeof(HttpRequest) ? http.Request
        : p.ParameterType == typeof(HttpContext) ? http
        // [DurableClient]: this host's own client of its local durable backend (none when the lifecycle does not run here).
        : IsDurableClient(p) ? http.RequestServices.GetService<DurableTaskClient>()
        : http.Request.RouteValues.TryGetValue(p.Name!, out var value) ? FunctionInvoker.Convert(value?.ToString(), p.ParameterType)
        : null;

    /// <summary>
    /// Fails start-up on a route table this host cannot serve faithfully: two functions on one method and route, or a
    /// function parameter it cannot bind (only the trigger, route values, a [DurableClient] and the cancellation token bind here).
    /// </summary>
    public static void Check(FunctionCatalog catalog)
    {
        var problems = new List<string>();
        foreach (var group in catalog.Http.SelectMany(f => f.Methods.Select(m => (Key: $"{m} {Normalize(f.Pattern)}", f.Name))).GroupBy(x => x.Key))
            if (group.Count() > 1) problems.Add($"{group.Key} is the route of {string.Join(" and ", group.Select(g => g.Name))}");
        foreach (var f in catalog.Http)
        {
            var routeValues = f.Pattern.Parameters.Select(p => p.Name).ToHashSet(StringComparer.OrdinalIgnoreCase);
            foreach (var p in f.Method.GetParameters())
                if (p.ParameterType != typeof(HttpRequest) && p.ParameterType != typeof(CancellationToken) && !IsDurableClient(p)
                    && !routeValues.Contains(p.Name!))
                    problems.Add($"{f.Name}: parameter '{p.Name}' ({p.ParameterType.Name}) is neither the trigger, a route value, a [DurableClient] nor the cancellation token");
            if (FunctionHandlers.HandlerOf(f) is null) problems.Add($"{f.Name} does not return Api.Handle(...) of a feature handler");
        }
        if (problems.Count > 0) throw new InvalidOperationException("The function route table cannot be served: " + string.Join("; ", problems));
    }

    private static bool IsDurableClient(ParameterInfo p) =>
        p.ParameterType == typeof(DurableTaskClient) && p.GetCustomAttribute<DurableClientAttribute>() is not null;

    /// <summary>Route parameters compared by position, not name or constraint: /a/{id:guid} and /a/{key} collide.</summary>
    private static string Normalize(RoutePattern pattern) => string.Join('/', pattern.PathSegments.Select(s =>
        string.Concat(s.Parts.Select(p => p is RoutePatternLiteralPart l ? l.Content.ToLowerInvariant() : "{}"))));
}
