using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Locations;

/// <summary>Locations (stores) of brands. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Locations")]
public sealed class LocationsFunctions
{
    [Function("Locations_ListAll")]
    [EndpointSummary("All locations visible to you (?brandId&isActive&q&city&state&timeZone&attribute.<key>=value&sort&page&pageSize)")]
    [ProducesResponseType<Page<LocationResponse>>(200)]
    [Problems(400)]
    public IResult ListAll([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/locations")] HttpRequest req) =>
        Api.Handle(LocationsApi.ListAll);

    [Function("Locations_List")]
    [EndpointSummary("Locations of a brand (?isActive&q&city&state&timeZone&attribute.<key>=value&sort=name|-name|storeNumber|-storeNumber|city|-city|createdAt|-createdAt&page&pageSize)")]
    [ProducesResponseType<Page<LocationResponse>>(200)]
    [Problems(400, 404)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brands/{brandId:guid}/locations")] HttpRequest req) =>
        Api.Handle(LocationsApi.ListOfBrand);

    [Function("Locations_Create")]
    [EndpointSummary("Create a location (admin or the brand's brand manager)")]
    [ProducesResponseType<LocationResponse>(201)]
    [Problems(400, 403, 404, 409)]
    public IResult Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/brands/{brandId:guid}/locations")] HttpRequest req) =>
        Api.Handle(LocationsApi.Create);

    [Function("Locations_Get")]
    [EndpointSummary("Get a location (ETag)")]
    [ProducesResponseType<LocationResponse>(200)]
    [Problems(404)]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brands/{brandId:guid}/locations/{locationId:guid}")] HttpRequest req) =>
        Api.Handle(LocationsApi.Get);

    [Function("Locations_Update")]
    [EndpointSummary("Change a location: only fields present change (If-Match honoured)")]
    [ProducesResponseType<LocationResponse>(200)]
    [Problems(400, 403, 404, 409, 412)]
    [IfMatch]
    public IResult Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/brands/{brandId:guid}/locations/{locationId:guid}")] HttpRequest req) =>
        Api.Handle(LocationsApi.Update);

    [Function("Locations_Delete")]
    [EndpointSummary("Delete a location (409 while it has campaigns; If-Match honoured)")]
    [ProducesResponseType(204)]
    [Problems(403, 404, 409, 412)]
    [IfMatch]
    public IResult Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/brands/{brandId:guid}/locations/{locationId:guid}")] HttpRequest req) =>
        Api.Handle(LocationsApi.Delete);
}
