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
public sealed class ApiMiddleware(RequestPipeline pipeline, FunctionCatalog catalog) : IFunctionsWorkerMiddleware
{
    public async Task Invoke(FunctionContext context, FunctionExecutionDelegate next)
    {
        if (context.GetHttpContext() is not { } http)
        {
            await next(context);
            return;
        }
        var policy = catalog.FindHttp(context.FunctionDefinition.Name)?.Policy ?? RequestPolicy.Default;
        await pipeline.InvokeAsync(http, policy, async () =>
        {
            await next(context);
            if (context.GetInvocationResult() is { Value: IResult result } invocation)
            {
                // Executed here, inside the pipeline; the worker then finds an empty result and writes nothing more.
                invocation.Value = Results.Empty;
                await result.ExecuteAsync(http);
            }
        });
    }
}
