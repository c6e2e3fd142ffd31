using Microsoft.DurableTask.Client;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Lifecycle;

/// <summary>
/// Delivers what an HTTP workflow action committed to the lifecycle outbox as soon as its response has gone out, instead of
/// waiting for the next Lifecycle_DrainOutbox tick. The function passes its [DurableClient] binding; the handler (feature
/// code) knows nothing of it. A failed or cut-short drain only leaves the rows for the timer drain.
/// </summary>
public static class LifecycleHttp
{
    /// <summary>
    /// After a 2xx: one campaign's rows (route value "id"), or for a bulk action every due row, up to
    /// <paramref name="maxBatches"/> batches of <see cref="LifecycleOutbox.BatchSize"/>. Returns <paramref name="result"/> as is
    /// (the route table reads the handler from it); a null request or client (metadata reads, no lifecycle) does nothing.
    /// </summary>
    public static IResult DrainAfterCommit(this IResult result, HttpRequest? req, DurableTaskClient? client, int maxBatches = 1)
    {
        if (req is null || client is null) return result;
        var http = req.HttpContext;
        Guid[]? ids = http.Request.RouteValues.TryGetValue("id", out var v) && Guid.TryParse(v?.ToString(), out var id) ? [id] : null;
        http.Response.OnCompleted(() => DrainAsync(http, client, ids, maxBatches));
        return result;
    }

    private static async Task DrainAsync(HttpContext http, DurableTaskClient client, Guid[]? ids, int maxBatches)
    {
        if (http.Response.StatusCode is < 200 or >= 300) return;
        var services = http.RequestServices;
        try
        {
            // Not the request's token: the response is complete, and the commit must reach its orchestration anyway.
            await services.GetRequiredService<LifecycleOutbox>().DrainAsync(client, CancellationToken.None, maxBatches, ids);
        }
        catch (Exception e)
        {
            services.GetRequiredService<ILoggerFactory>().CreateLogger(typeof(LifecycleHttp))
                .LogWarning(e, "Lifecycle: drain after {Path} failed; the timer drain delivers it", http.Request.Path);
        }
    }
}
