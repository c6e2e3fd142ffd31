using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Hosting;
using StoreSync.Functions.Imports;

namespace StoreSync.Functions.Exports;

/// <summary>Spreadsheet exports. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Exports")]
public sealed class ExportsFunctions
{
    [Function("Exports_Campaigns")]
    [EndpointSummary("Campaigns as CSV or XLSX (?format=csv|xlsx plus the filters and sort of GET /campaigns), streamed; formula-like text escaped with '")]
    [ProducesResponseType(typeof(string), 200, "text/csv")]
    [ProducesResponseType(typeof(byte[]), 200, XlsxWriter.ContentType)]
    [Problems(400, 404)]
    public IResult Campaigns([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/campaigns/export")] HttpRequest req) =>
        Api.Handle(ExportsApi.Campaigns);

    [Function("Exports_Locations")]
    [EndpointSummary("A brand's locations in the import template's columns (CSV or XLSX): re-imported unchanged, every row is 'unchanged'")]
    [ProducesResponseType(typeof(string), 200, "text/csv")]
    [ProducesResponseType(typeof(byte[]), 200, XlsxWriter.ContentType)]
    [Problems(400, 404)]
    public IResult Locations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brands/{brandId:guid}/locations/export")] HttpRequest req) =>
        Api.Handle(ExportsApi.Locations);
}
