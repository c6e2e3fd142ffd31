using System.Reflection;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.OpenApi;
using StoreSync.Functions.Common.Auth;

namespace StoreSync.Functions.Hosting;

/// <summary>Problem answers a function may give (400 is a validation problem); 401 is implied for every signed-in function, 413 and 415 (the request pipeline's refusals) for every function.</summary>
[AttributeUsage(AttributeTargets.Method | AttributeTargets.Class, AllowMultiple = true)]
public sealed class ProblemsAttribute(params int[] statusCodes) : Attribute
{
    public IReadOnlyList<int> StatusCodes { get; } = statusCodes;
}

/// <summary>The function honours If-Match (412 when stale); documented as an optional header.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class IfMatchAttribute : Attribute;

/// <summary>
/// The OpenAPI document (served by the <c>OpenApi_Document</c> function at /api/openapi/v1.json) describes the functions of the
/// route table: ASP.NET Core's generator reads endpoints built from each function's route and its handler's inferred metadata,
/// so the document is the same in the Functions worker and the development host. The function name is the operationId.
/// </summary>
public static class OpenApiSetup
{
    /// <summary>
    /// One plain-English description per feature tag (the <c>[Tags]</c> of each <c>*Functions</c> class). A new tag without an
    /// entry here is served without a description, which the OpenAPI lint (redocly, tag-description) reports.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, string> TagDescriptions = new Dictionary<string, string>
    {
        ["Health"] = "Whether the service is up: the database, the pgvector extension and the schema version. No sign-in needed.",
        ["Auth"] = "Signing in and out, refreshing tokens, creating an account, and the signed-in user's own profile and password.",
        ["Users"] = "Managing the people who use StoreSync: their roles and the brands and locations they work with. Admins only.",
        ["Brands"] = "The brands StoreSync manages, with their voice, guidelines and defaults such as the time zone for new stores.",
        ["Locations"] = "The stores of each brand: address, time zone, attributes and whether they are active.",
        ["Imports"] = "Adding and updating many stores at once from a spreadsheet, following the progress and the errors of each import.",
        ["Templates"] = "Reusable campaign copy with {{variables}} that each store fills in, and previews of the result.",
        ["Campaigns"] = "Campaigns for one store or rolled out to many: their copy, schedule and path through review to going live.",
        ["Approvals"] = "The review queue: campaigns waiting for the caller's decision, and approving or rejecting them.",
        ["AI"] = "Drafting campaign copy with AI, one campaign or many at a time, and finding campaigns with similar meaning.",
        ["Notifications"] = "Messages for the signed-in user about campaigns that need them or changed, and marking them read.",
        ["Stats"] = "Figures for the dashboard: campaigns by status, approvals waiting, time to approval and recent activity.",
        ["Lifecycle"] = "How the scheduled start and end of campaigns is being applied: the last run, what is due next and any backlog.",
        ["Offers"] = "Structured offers: the price a till would charge for a basket, and campaigns whose offers conflict at a store.",
        ["Devices"] = "Tills, signage players and store tablets of a store: registering one (its key is shown once), listing and revoking them.",
        ["Store"] = "The store API devices call with `Authorization: Device <key>`: what is live at their store, and the redemptions they report.",
        ["Vouchers"] = "Single-use voucher codes of a campaign: generating them, listing or exporting them, and each code as a QR image.",
        ["Public"] = "What anyone may read without signing in: a store's public page with its live campaigns.",
        ["Analytics"] = "Results of campaigns from store redemptions: redemptions, discount and revenue per campaign, store and day, as JSON or CSV.",
        ["Rollouts"] = "One template rolled out to many stores: progress by status, the stores that have not acted yet, and reminders.",
        ["Comments"] = "Conversation on a campaign: comments with @mentions, shown in one timeline with the workflow history.",
        ["Audit"] = "Who changed what and when: the audit log with filters, as pages or as CSV. Admins, and brand managers for their brands.",
        ["Exports"] = "Campaigns and stores as CSV or Excel spreadsheets; the store export imports back unchanged.",
        ["Reports"] = "A PDF summary of campaigns for leadership: counts by status, time to approval, results and charts.",
        ["Calendar"] = "A personal calendar feed (iCalendar) of scheduled and live campaigns that calendar apps subscribe to.",
    };

    /// <summary>What the request pipeline answers before any handler runs, for every function: a body over its limit, a charset it cannot read.</summary>
    internal static readonly int[] PipelineProblems = [413, 415];

    public static IServiceCollection AddStoreSyncOpenApi(this IServiceCollection services)
    {
        // The API explorer reads this data source: the functions, not whatever else a host maps (front end, docs UI).
        services.AddSingleton<EndpointDataSource>(sp => new FunctionEndpointDataSource(sp.GetRequiredService<FunctionCatalog>(), sp));
        return services.AddOpenApi("v1", o =>
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
                // No LICENSE in the repository: the API and its description are not open source.
                doc.Info.License = new OpenApiLicense { Name = "Proprietary: all rights reserved", Identifier = "LicenseRef-StoreSync-Proprietary" };
                doc.Servers = [new OpenApiServer { Url = "/", Description = "This deployment" }];
                foreach (var tag in doc.Tags ?? Enumerable.Empty<OpenApiTag>())
                    if (tag.Name is { } name && TagDescriptions.TryGetValue(name, out var description))
                        tag.Description = description;
                doc.Components ??= new OpenApiComponents();
                doc.Components.SecuritySchemes ??= new Dictionary<string, IOpenApiSecurityScheme>();
                doc.Components.SecuritySchemes["Bearer"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.Http,
                    Scheme = "bearer",
                    Description = "Access token from POST /api/v1/auth/token",
                };
                doc.Components.SecuritySchemes["Device"] = new OpenApiSecurityScheme
                {
                    Type = SecuritySchemeType.ApiKey, In = ParameterLocation.Header, Name = "Authorization",
                    Description = "Store API: `Authorization: Device <key>` with a key from POST /api/v1/brands/{brandId}/locations/{locationId}/devices",
                };
                return Task.CompletedTask;
            });
            o.AddOperationTransformer((op, ctx, _) =>
            {
                var metadata = ctx.Description.ActionDescriptor.EndpointMetadata;
                op.Security ??= [];
                if (metadata.OfType<DeviceAuthenticationAttribute>().Any())
                    op.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Device", ctx.Document)] = [] });
                else if (!metadata.OfType<IAllowAnonymous>().Any())
                    op.Security.Add(new OpenApiSecurityRequirement { [new OpenApiSecuritySchemeReference("Bearer", ctx.Document)] = [] });
                else
                    op.Security.Add(new OpenApiSecurityRequirement()); // explicitly public
                if (metadata.OfType<IfMatchAttribute>().Any())
                {
                    op.Parameters ??= [];
                    op.Parameters.Add(new OpenApiParameter
                    {
                        Name = "If-Match", In = ParameterLocation.Header, Required = false,
                        Description = "The ETag from a GET (e.g. W/\"3\"); when the resource changed since, the answer is 412 and nothing changes.",
                        Schema = new OpenApiSchema { Type = JsonSchemaType.String },
                    });
                }
                return Task.CompletedTask;
            });
        });
    }

    /// <summary>The document as JSON (OpenAPI 3.1).</summary>
    public static async Task<IResult> DocumentAsync(string documentName, IServiceProvider services, CancellationToken ct)
    {
        if (services.GetKeyedService<IOpenApiDocumentProvider>(documentName) is not { } provider)
            return Common.Problems.Problem.NotFound("OpenAPI document");
        var document = await provider.GetOpenApiDocumentAsync(ct);
        var json = await document.SerializeAsJsonAsync(OpenApiSpecVersion.OpenApi3_1, ct);
        return Results.Text(json, "application/json; charset=utf-8");
    }
}

/// <summary>Endpoints for the API explorer: each HTTP function's route and methods with its handler's metadata and attributes.</summary>
internal sealed class FunctionEndpointDataSource(FunctionCatalog catalog, IServiceProvider services) : EndpointDataSource
{
    private IReadOnlyList<Endpoint>? _endpoints;

    public override IReadOnlyList<Endpoint> Endpoints => _endpoints ??= Build();

    public override Microsoft.Extensions.Primitives.IChangeToken GetChangeToken() => Microsoft.Extensions.FileProviders.NullChangeToken.Singleton;

    private List<Endpoint> Build()
    {
        List<Endpoint> endpoints = [];
        foreach (var function in catalog.Http)
        {
            if (FunctionHandlers.HandlerOf(function) is not { } handler) continue;
            var builder = new RouteEndpointBuilder(null, function.Pattern, 0) { DisplayName = function.Name, ApplicationServices = services };
            builder.Metadata.Add(handler.Handler.Method);
            builder.Metadata.Add(new HttpMethodMetadata(function.Methods));
            builder.Metadata.Add(new EndpointNameMetadata(function.Name));
            var attributes = function.Method.DeclaringType!.GetCustomAttributes(true).Concat(function.Method.GetCustomAttributes(true))
                .Where(a => a is not Microsoft.Azure.Functions.Worker.FunctionAttribute).ToList();
            handler.Compile(services, HandlerResult.RouteParameters(function.Pattern), builder);
            foreach (var a in handler.Handler.Method.GetCustomAttributes(true)) builder.Metadata.Add(a);
            foreach (var a in attributes)
            {
                if (a is ProblemsAttribute problems)
                    foreach (var status in problems.StatusCodes)
                        builder.Metadata.Add(new ProducesResponseTypeMetadata(status, status == 400 ? typeof(HttpValidationProblemDetails) : typeof(ProblemDetails),
                            ["application/problem+json"]));
                else
                    builder.Metadata.Add(a);
            }
            var declared = attributes.OfType<ProblemsAttribute>().SelectMany(p => p.StatusCodes).ToHashSet();
            foreach (var status in OpenApiSetup.PipelineProblems.Where(s => !declared.Contains(s)))
                builder.Metadata.Add(new ProducesResponseTypeMetadata(status, typeof(ProblemDetails), ["application/problem+json"]));
            if (!function.Policy.Anonymous)
                builder.Metadata.Add(new ProducesResponseTypeMetadata(401, typeof(ProblemDetails), ["application/problem+json"]));
            else
                builder.Metadata.Add(new AllowAnonymousAttribute());
            endpoints.Add(builder.Build());
        }
        return endpoints;
    }
}

/// <summary>Finds the handler an HTTP function hands over to, by calling the function without a request (functions only return <c>Api.Handle(...)</c>).</summary>
internal static class FunctionHandlers
{
    public static HandlerResult? HandlerOf(HttpFunction function)
    {
        var target = function.Method.IsStatic ? null : System.Runtime.CompilerServices.RuntimeHelpers.GetUninitializedObject(function.Method.DeclaringType!);
        var args = function.Method.GetParameters().Select(p => p.ParameterType.IsValueType ? Activator.CreateInstance(p.ParameterType) : null).ToArray();
        try
        {
            return function.Method.Invoke(target, args) as HandlerResult;
        }
        catch (TargetInvocationException)
        {
            return null;
        }
    }
}
