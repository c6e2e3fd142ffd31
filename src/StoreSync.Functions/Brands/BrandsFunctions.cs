using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Brands;

/// <summary>Brands and their settings. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Brands")]
public sealed class BrandsFunctions
{
    [Function("Brands_List")]
    [EndpointSummary("List brands: admins see all, everyone else their member brands (?q&sort=name|-name|slug|-slug|createdAt|-createdAt&page&pageSize)")]
    [ProducesResponseType<Page<BrandResponse>>(200)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brands")] HttpRequest req) =>
        Api.Handle(BrandsApi.List);

    [Function("Brands_Create")]
    [EndpointSummary("Create a brand (admin)")]
    [ProducesResponseType<BrandResponse>(201)]
    [Problems(400, 403, 409)]
    public IResult Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/brands")] HttpRequest req) =>
        Api.Handle(BrandsApi.Create);

    [Function("Brands_Get")]
    [EndpointSummary("Get a brand")]
    [ProducesResponseType<BrandResponse>(200)]
    [Problems(404)]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brands/{brandId:guid}")] HttpRequest req) =>
        Api.Handle(BrandsApi.Get);

    [Function("Brands_Update")]
    [EndpointSummary("Change name, slug or settings (admin or the brand's brand manager); only fields present change")]
    [ProducesResponseType<BrandResponse>(200)]
    [Problems(400, 403, 404, 409)]
    public IResult Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/brands/{brandId:guid}")] HttpRequest req) =>
        Api.Handle(BrandsApi.Update);

    [Function("Brands_Delete")]
    [EndpointSummary("Delete a brand with its locations and templates (admin; 409 while it has campaigns)")]
    [ProducesResponseType(204)]
    [Problems(403, 404, 409)]
    public IResult Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/brands/{brandId:guid}")] HttpRequest req) =>
        Api.Handle(BrandsApi.Delete);
}
