using Microsoft.Azure.Functions.Worker;
using Microsoft.Azure.Functions.Worker.Middleware;
using StoreSync.Functions.Common.Http;

namespace StoreSync.Functions.Hosting;

/// <summary>
/// The worker middleware of every HTTP function: runs the shared <see cref="RequestPipeline"/> (authentication, the current
/// user, role gates, rate limits, limits, problem answers) around the function, and executes the function's result inside
/// it, so an exception thrown while the handler runs becomes the same RFC 9457 answer as in the development host. Other
/// triggers pass straight through.
/// </summary>
public sealed class ApiMiddleware : IFunctionsWorkerMiddleware
{
    private readonly RequestPipeline _pipeline;
    private readonly FunctionCatalog _catalog;
    private readonly Func<FunctionContext, IResult?> _takeResult;

    public ApiMiddleware(RequestPipeline pipeline, FunctionCatalog catalog) : this(pipeline, catalog, TakeResult) { }

    /// <summary>Tests pass their own accessor: the worker's invocation-result feature is internal to it and cannot be mocked.</summary>
    internal ApiMiddleware(RequestPipeline pipeline, FunctionCatalog catalog, Func<FunctionContext, IResult?> takeResult) =>
        (_pipeline, _catalog, _takeResult) = (pipeline, catalog, takeResult);

    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        var policy = _catalog.FindHttp(context.FunctionDefinition.Name)?.Policy ?? RequestPolicy.Default;
        await _pipeline.InvokeAsync(http, policy, async () =>
        {
            await next(context);
            if (_takeResult(context) is { } result) await result.ExecuteAsync(http);
        });
    }

    /// <summary>The function's result, replaced by an empty one: it is executed here, inside the pipeline, and the worker writes nothing more.</summary>
    private static IResult? TakeResult(FunctionContext context)
    {
        if (context.GetInvocationResult() is not { Value: IResult result } invocation) return null;
        invocation.Value = Results.Empty;
        return result;
    }
}
