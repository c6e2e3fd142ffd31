using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Templates;

/// <summary>Campaign templates with {{variables}}. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Templates")]
public sealed class TemplatesFunctions
{
    [Function("Templates_List")]
    [EndpointSummary("List templates (?brandId&campaignType&isActive&q&sort=name|-name|createdAt|-createdAt&page&pageSize)")]
    [ProducesResponseType<Page<TemplateResponse>>(200)]
    [Problems(400)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/templates")] HttpRequest req) =>
        Api.Handle(TemplatesApi.List);

    [Function("Templates_Create")]
    [EndpointSummary("Create a template (brand managers, admins; Idempotency-Key honoured)")]
    [ProducesResponseType<TemplateResponse>(201)]
    [Problems(400, 403, 404, 409, 422)]
    public IResult Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/templates")] HttpRequest req) =>
        Api.Handle(TemplatesApi.Create);

    [Function("Templates_Preview")]
    [EndpointSummary("Render content with sample data and (optionally) a location's built-in variables")]
    [ProducesResponseType<PreviewResponse>(200)]
    [Problems(400, 404)]
    public IResult Preview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/templates/preview")] HttpRequest req) =>
        Api.Handle(TemplatesApi.Preview);

    [Function("Templates_Get")]
    [EndpointSummary("Get a template")]
    [ProducesResponseType<TemplateResponse>(200)]
    [Problems(404)]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/templates/{id:guid}")] HttpRequest req) =>
        Api.Handle(TemplatesApi.Get);

    [Function("Templates_Update")]
    [EndpointSummary("Update a template (If-Match honoured)")]
    [ProducesResponseType<TemplateResponse>(200)]
    [Problems(400, 403, 404, 409, 412)]
    [IfMatch]
    public IResult Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/templates/{id:guid}")] HttpRequest req) =>
        Api.Handle(TemplatesApi.Update);

    [Function("Templates_Delete")]
    [EndpointSummary("Delete a template without campaigns (else 409: deactivate it instead)")]
    [ProducesResponseType(204)]
    [Problems(403, 404, 409)]
    public IResult Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/templates/{id:guid}")] HttpRequest req) =>
        Api.Handle(TemplatesApi.Delete);
}
