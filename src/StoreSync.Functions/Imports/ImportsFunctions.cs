using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Imports;

/// <summary>Location imports: upload, jobs, errors, the template sheet. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Imports")]
public sealed class ImportsFunctions
{
    [Function("Imports_Upload")]
    [EndpointSummary("Import locations from a spreadsheet (multipart field 'file': .xlsx, .xls or .csv; ?dryRun=true validates only)")]
    [ProducesResponseType<ImportJobResponse>(202)]
    [Problems(400, 403, 404, 413, 503)]
    [ImportUploadLimit]
    [SpreadsheetUpload]
    public IResult Upload([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/brands/{brandId:guid}/locations/import")] HttpRequest req) =>
        Api.Handle(ImportsApi.Upload);

    [Function("Imports_Template")]
    [EndpointSummary("An .xlsx with the import columns and two example rows")]
    [ProducesResponseType(typeof(byte[]), 200, XlsxWriter.ContentType)]
    [Problems(404)]
    public IResult Template([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/brands/{brandId:guid}/locations/import-template")] HttpRequest req) =>
        Api.Handle(ImportsApi.Template);

    [Function("Imports_List")]
    [EndpointSummary("Import jobs of the caller's brands, newest first (?brandId&status&sort&page&pageSize)")]
    [ProducesResponseType<Page<ImportJobResponse>>(200)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/imports")] HttpRequest req) =>
        Api.Handle(ImportsApi.List);

    [Function("Imports_Get")]
    [EndpointSummary("An import job: status, progress, counts and the first 100 row errors")]
    [ProducesResponseType<ImportJobResponse>(200)]
    [Problems(404)]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/imports/{id:guid}")] HttpRequest req) =>
        Api.Handle(ImportsApi.Get);

    [Function("Imports_ErrorsCsv")]
    [EndpointSummary("Every row error of an import as CSV (formula-like cells escaped)")]
    [ProducesResponseType(typeof(string), 200, "text/csv")]
    [Problems(404)]
    public IResult ErrorsCsv([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/imports/{id:guid}/errors.csv")] HttpRequest req) =>
        Api.Handle(ImportsApi.ErrorsCsv);
}

/// <summary>
/// The blob function: a spreadsheet written to the imports container under {brandSlug}/... imports that brand's locations
/// (an upload's blob runs its own job). Every outcome of the file is a job; nothing is thrown for a bad file, so the platform
/// never retries one.
/// </summary>
public sealed class LocationImportFunction(ImportBlobs imports)
{
    [Function("LocationImport")]
    public Task Run([BlobTrigger("%" + ImportBlobs.ContainerSetting + "%/{name}", Source = BlobTriggerSource.EventGrid, Connection = "AzureWebJobsStorage")]
        Azure.Storage.Blobs.BlobClient blob, string name, CancellationToken ct) => imports.ImportAsync(blob, ct);
}
