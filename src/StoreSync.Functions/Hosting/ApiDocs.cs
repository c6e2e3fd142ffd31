namespace StoreSync.Functions.Hosting;

/// <summary>The OpenAPI document and Swagger UI, served by functions like every other route.</summary>
public static class ApiDocs
{
    private static RequestDelegate? _ui;

    internal static Task<IResult> Document(string documentName, IServiceProvider services, CancellationToken ct) =>
        OpenApiSetup.DocumentAsync(documentName, services, ct);

    /// <summary>Swagger UI's files (embedded in Swashbuckle) at /api/docs, pointed at /api/openapi/v1.json.</summary>
    internal static Task Ui(HttpContext http)
    {
        // The UI is a page with scripts and styles of its own origin; the API's strict policy would block them.
        http.Response.Headers.ContentSecurityPolicy =
            "default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'";
        _ui ??= new ApplicationBuilder(http.RequestServices)
            .UseSwaggerUI(o =>
            {
                o.RoutePrefix = "api/docs";
                o.SwaggerEndpoint("/api/openapi/v1.json", "StoreSync API v1");
                o.DocumentTitle = "StoreSync API";
            })
            .Build();
        return _ui(http);
    }
}
