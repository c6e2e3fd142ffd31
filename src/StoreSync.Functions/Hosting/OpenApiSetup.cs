using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;

namespace StoreSync.Functions.Hosting;

/// <summary>OpenAPI document at /api/openapi/v1.json and Swagger UI at /api/docs.</summary>
public static class OpenApiSetup
{
    public static IServiceCollection AddStoreSyncOpenApi(this IServiceCollection services) =>
        services.AddOpenApi("v1", o =>
        {
            o.AddDocumentTransformer((doc, _, _) =>
            {
                doc.Info = new OpenApiInfo
                {
                    Title = "StoreSync API",
                    Version = "v1",
                    Description = "Multi-location campaign management: brands, locations, templates, campaigns, approvals, AI drafting. " +
                                  "Errors are RFC 9457 problem details. Authenticate with POST /api/v1/auth/token and send `Authorization: Bearer <accessToken>`.",
                };
                doc.Components ??= new OpenApiComponents();
                doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                doc.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "Access token from POST /api/v1/auth/token",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((op, ctx, _) =>
            {
                var metadata = ctx.Description.ActionDescriptor.EndpointMetadata;
                var anonymous = metadata.OfType<Microsoft.AspNetCore.Authorization.IAllowAnonymous>().Any();
                var authorized = metadata.OfType<Microsoft.AspNetCore.Authorization.IAuthorizeData>().Any();
                if (authorized && !anonymous)
                {
                    op.Security ??= [];
                    op.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", ctx.Document)] = [] });
                }
                return Task.CompletedTask;
            });
        });

    public static WebApplication MapStoreSyncOpenApi(this WebApplication app)
    {
        app.MapOpenApi("/api/openapi/{documentName}.json").AllowAnonymous();
        app.UseSwaggerUI(o =>
        {
            o.RoutePrefix = "api/docs";
            o.SwaggerEndpoint("/api/openapi/v1.json", "StoreSync API v1");
            o.DocumentTitle = "StoreSync API";
        });
        return app;
    }
}
