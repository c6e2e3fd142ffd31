using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Health;

/// <summary>Health and the API description: anonymous. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Health")]
public sealed class HealthFunctions
{
    [Function("Health_Check")]
    [EndpointSummary("Liveness and readiness: database, pgvector, schema version and mail")]
    [ProducesResponseType<HealthApi.HealthResponse>(200)]
    [Problems(503)]
    [AllowAnonymous]
    public IResult Check([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "health")] HttpRequest req) =>
        Api.Handle(HealthApi.Check);

    [Function("OpenApi_Document")]
    [EndpointSummary("The OpenAPI document of this API")]
    [Problems(404)]
    [AllowAnonymous]
    [ExcludeFromDescription]
    public IResult Document([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "openapi/{documentName}.json")] HttpRequest req) =>
        Api.Handle(ApiDocs.Document);

    [Function("OpenApi_Ui")]
    [EndpointSummary("Swagger UI for the OpenAPI document")]
    [AllowAnonymous]
    [ExcludeFromDescription]
    public IResult Ui([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "docs/{*path}")] HttpRequest req) =>
        Api.Handle(ApiDocs.Ui);
}
