using System.Text.Json;

namespace StoreSync.Functions.Hosting.Triggers;

public static class TriggerEndpoints
{
    /// <summary>
    /// Maps POST /{FunctionName} for every non-HTTP function, exactly where the Functions host sends invocations.
    /// These routes are not under /api, so the forwarded HTTP function cannot reach them.
    /// </summary>
    public static IEndpointRouteBuilder MapTriggerFunctions(this IEndpointRouteBuilder app)
    {
        foreach (var function in app.ServiceProvider.GetServices<ITriggerFunction>())
        {
            var name = function.Name;
            app.MapPost("/" + name, async (HttpContext http, CancellationToken ct) =>
                {
                    InvocationRequest? request;
                    try
                    {
                        request = await http.Request.ReadFromJsonAsync<InvocationRequest>(TriggerJson.Options, ct);
                    }
                    catch (JsonException e)
                    {
                        return Results.Problem(statusCode: 400, title: "Malformed invocation payload", detail: e.Message);
                    }
                    if (request is null)
                        return Results.Problem(statusCode: 400, title: "Malformed invocation payload", detail: "The body must be a JSON object {Data, Metadata}.");
                    var target = http.RequestServices.GetServices<ITriggerFunction>().First(f => f.Name == name);
                    try
                    {
                        return Results.Json(await target.InvokeAsync(request, ct), TriggerJson.Options);
                    }
                    catch (InvalidInvocationException e)
                    {
                        return Results.Problem(statusCode: 400, title: "Invalid invocation payload", detail: e.Message);
                    }
                })
                .WithName("Trigger_" + name)
                .ExcludeFromDescription()
                .DisableAntiforgery()
                .WithMetadata(new Microsoft.AspNetCore.Mvc.RequestSizeLimitAttribute(128L * 1024 * 1024));
        }
        return app;
    }
}
