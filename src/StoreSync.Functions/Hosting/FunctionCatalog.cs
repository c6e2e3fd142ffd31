using System.Reflection;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Http;

namespace StoreSync.Functions.Hosting;

/// <summary>An HTTP function: its trigger's route and methods, and the request policy its attributes declare.</summary>
public sealed record HttpFunction(string Name, MethodInfo Method, string Route, IReadOnlyList<string> Methods, RequestPolicy Policy)
{
    /// <summary>The route as served: the host's <c>api</c> prefix plus the trigger's route.</summary>
    public string Path => $"{FunctionCatalog.RoutePrefix}/{Route}";

    public RoutePattern Pattern { get; } = RoutePatternFactory.Parse($"{FunctionCatalog.RoutePrefix}/{Route}");
}

public sealed record TimerFunction(string Name, MethodInfo Method, string Schedule, bool RunOnStartup);

public sealed record BlobFunction(string Name, MethodInfo Method, string Path, string? Connection);

/// <summary>
/// The one route table: every <c>[Function]</c> of this assembly, read from its trigger attributes (as the Functions worker's own
/// metadata generator and <c>FunctionsEndpointDataSource</c> read them). The worker middleware looks up request policies here;
/// the development host maps routes, timers and blob listeners from it; OpenAPI describes it.
/// </summary>
public sealed class FunctionCatalog
{
    public const string RoutePrefix = "api";

    public IReadOnlyList<HttpFunction> Http { get; }
    public IReadOnlyList<TimerFunction> Timers { get; }
    public IReadOnlyList<BlobFunction> Blobs { get; }

    /// <summary>Functions with a trigger no host of ours maps (e.g. orchestration and activity triggers run by the Durable worker).</summary>
    public IReadOnlyList<(string Name, MethodInfo Method)> Other { get; }

    private readonly Dictionary<string, HttpFunction> _byName;

    private FunctionCatalog(List<HttpFunction> http, List<TimerFunction> timers, List<BlobFunction> blobs, List<(string, MethodInfo)> other)
    {
        (Http, Timers, Blobs, Other) = (http, timers, blobs, other);
        _byName = http.ToDictionary(f => f.Name, StringComparer.OrdinalIgnoreCase);
    }

    public static FunctionCatalog Instance { get; } = Load(typeof(FunctionCatalog).Assembly);

    public HttpFunction? FindHttp(string name) => _byName.GetValueOrDefault(name);

    public static FunctionCatalog Load(Assembly assembly)
    {
        List<HttpFunction> http = [];
        List<TimerFunction> timers = [];
        List<BlobFunction> blobs = [];
        List<(string, MethodInfo)> other = [];
        foreach (var type in assembly.GetTypes().Where(t => t is { IsClass: true, IsAbstract: false } || t is { IsAbstract: true, IsSealed: true }))
        foreach (var method in type.GetMethods(BindingFlags.Public | BindingFlags.Instance | BindingFlags.Static | BindingFlags.DeclaredOnly))
        {
            if (method.GetCustomAttribute<FunctionAttribute>() is not { } function) continue;
            var parameters = method.GetParameters();
            if (parameters.Select(p => p.GetCustomAttribute<HttpTriggerAttribute>()).FirstOrDefault(a => a is not null) is { } httpTrigger)
            {
                var methods = (httpTrigger.Methods ?? ["get"]).Select(m => m.ToUpperInvariant()).ToArray();
                http.Add(new HttpFunction(function.Name, method, httpTrigger.Route ?? function.Name, methods, RequestPolicy.Of(method)));
            }
            else if (parameters.Select(p => p.GetCustomAttribute<TimerTriggerAttribute>()).FirstOrDefault(a => a is not null) is { } timer)
                timers.Add(new TimerFunction(function.Name, method, timer.Schedule, timer.RunOnStartup));
            else if (parameters.Select(p => p.GetCustomAttribute<BlobTriggerAttribute>()).FirstOrDefault(a => a is not null) is { } blob)
                blobs.Add(new BlobFunction(function.Name, method, blob.BlobPath, blob.Connection));
            else
                other.Add((function.Name, method));
        }
        return new FunctionCatalog(http.OrderBy(f => f.Route, StringComparer.Ordinal).ToList(), timers, blobs, other);
    }
}
