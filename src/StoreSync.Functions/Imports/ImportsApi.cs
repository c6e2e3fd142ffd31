using System.Globalization;
using CsvHelper;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using StoreSync.Data.Imports;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;

namespace StoreSync.Functions.Imports;

public sealed record ImportJobResponse(Guid Id, Guid? BrandId, string Status, bool DryRun, string Source, string FileName, long Size,
    int TotalRows, int ProcessedRows, int Created, int Updated, int Unchanged, int Failed, IReadOnlyList<ImportRowError> Errors,
    string? Message, Guid? DuplicateOf, DateTimeOffset CreatedAt, DateTimeOffset? StartedAt, DateTimeOffset? FinishedAt)
{
    public static ImportJobResponse From(ImportJobRow j) =>
        new(j.Id, j.BrandId, j.Status, j.DryRun, j.Source, j.FileName, j.Size, j.TotalRows, j.ProcessedRows, j.Created, j.Updated,
            j.Unchanged, j.Failed, ImportJobStore.ErrorsOf(j), j.Message, j.DuplicateOf, j.CreatedAt, j.StartedAt, j.FinishedAt);
}

/// <summary>Location imports over HTTP: upload (runs in the background), job status, error list, and the template sheet.</summary>
public static class ImportsApi
{
    // Room for the multipart envelope around a file of exactly MaxFileBytes.
    private const long MultipartSlack = 64 * 1024;

    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration("Imports").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ImportJobStore>();
        services.AddSingleton<ImportBrands>();
        services.AddSingleton<LocationImporter>();
        services.AddSingleton<ImportQueue>();
        services.AddHostedService<ImportWorker>();
        services.AddSingleton<Hosting.Triggers.ITriggerFunction, LocationImportFunction>();
        return services;
    }

    public static IEndpointRouteBuilder MapImports(this IEndpointRouteBuilder app)
    {
        var maxBody = app.ServiceProvider.GetRequiredService<IOptions<ImportOptions>>().Value.MaxFileBytes + MultipartSlack;
        var brand = app.MapGroup("/api/v1/brands/{brandId:guid}/locations").WithTags("Imports").RequireAuthorization()
            .ProducesProblem(401).ProducesProblem(404);
        brand.MapPost("/import", Upload)
            .WithSummary("Import locations from a spreadsheet (multipart field 'file': .xlsx, .xls or .csv; ?dryRun=true validates only)")
            .Accepts<IFormFile>("multipart/form-data")
            .Produces<ImportJobResponse>(StatusCodes.Status202Accepted).ProducesValidationProblem()
            .ProducesProblem(403).ProducesProblem(413).ProducesProblem(429)
            .DisableAntiforgery()
            .WithMetadata(new RequestSizeLimitAttribute(maxBody))
            .WithFormOptions(multipartBodyLengthLimit: maxBody);
        brand.MapGet("/import-template", Template).WithSummary("An .xlsx with the import columns and two example rows")
            .Produces(200, contentType: XlsxWriter.ContentType);

        var imports = app.MapGroup("/api/v1/imports").WithTags("Imports").RequireAuthorization().ProducesProblem(401);
        imports.MapGet("/", List).WithSummary("Import jobs of the caller's brands, newest first (?brandId&status&sort&page&pageSize)")
            .Produces<Page<ImportJobResponse>>();
        imports.MapGet("/{id:guid}", Get).WithSummary("An import job: status, progress, counts and the first 100 row errors")
            .Produces<ImportJobResponse>().ProducesProblem(404);
        imports.MapGet("/{id:guid}/errors.csv", ErrorsCsv).WithSummary("Every row error of an import as CSV (formula-like cells escaped)")
            .Produces(200, contentType: "text/csv").ProducesProblem(404);
        return app;
    }

    private static async Task<IResult> Upload(Guid brandId, bool? dryRun, HttpContext http, ImportBrands brands, LocationImporter importer,
        ImportQueue queue, IOptions<ImportOptions> options, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var brand = me.CanSeeBrand(brandId) ? await brands.FindAsync(brandId, ct) : null;
        if (brand is null) return Problem.NotFound("brand");
        if (!me.CanManageBrand(brandId)) return Problem.Forbidden("Only the brand's managers and admins import locations.");
        if (!http.Request.HasFormContentType)
            return Problem.Validation("file", "Send the spreadsheet as multipart/form-data in a field named 'file'.");
        IFormFile? file;
        try
        {
            file = (await http.Request.ReadFormAsync(ct)).Files.GetFile("file");
        }
        catch (InvalidDataException e)
        {
            return Problem.BadRequest($"The multipart body is malformed: {e.Message}");
        }
        if (file is null) return Problem.Validation("file", "The form has no field named 'file' holding a spreadsheet (.xlsx, .xls or .csv).");
        var max = options.Value.MaxFileBytes;
        if (file.Length > max)
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
                detail: $"'{file.FileName}' is {file.Length:N0} bytes; the limit is {max:N0} bytes.");
        if (!queue.TryReserve())
            return Problem.TooManyRequests("Too many imports are waiting; try again shortly.", TimeSpan.FromSeconds(30));
        string? path = null;
        try
        {
            var name = Path.GetFileName(file.FileName);
            var saved = await ImportQueue.SaveAsync(file, ct);
            path = saved.Path;
            var job = await importer.SubmitAsync(brand.Id, ImportSource.Upload, new ImportFile(name, file.Length, saved.Hash), dryRun ?? false,
                me.Id, null, ct);
            if (job.Status == ImportStatus.Queued)
            {
                queue.Enqueue(new ImportWork(job, brand, saved.Path));
                path = null;
            }
            return Results.Accepted($"/api/v1/imports/{job.Id}", ImportJobResponse.From(job));
        }
        finally
        {
            if (path is not null)
            {
                queue.Release();
                File.Delete(path);
            }
        }
    }

    private static async Task<IResult> Get(Guid id, HttpContext http, ImportJobStore jobs, CancellationToken ct)
    {
        var me = http.CurrentUser();
        return await jobs.FindAsync(id, me.AllBrands, me.BrandIds, ct) is { } job
            ? Results.Ok(ImportJobResponse.From(job))
            : Problem.NotFound("import");
    }

    private static async Task<IResult> List(HttpContext http, ImportJobStore jobs, Guid? brandId, string? status, string? sort, int? page,
        int? pageSize, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var p = PageRequest.From(page, pageSize);
        var (items, total) = await jobs.ListAsync(
            new ImportListQuery(me.AllBrands, me.BrandIds, brandId, status, sort ?? "-createdAt", p.Offset, p.PageSize), ct);
        return Results.Ok(new Page<ImportJobResponse>(items.Select(ImportJobResponse.From).ToList(), p.Page, p.PageSize, total));
    }

    private static async Task<IResult> ErrorsCsv(Guid id, HttpContext http, ImportJobStore jobs, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (await jobs.FindAsync(id, me.AllBrands, me.BrandIds, ct) is null) return Problem.NotFound("import");
        return Results.Stream(async body =>
        {
            // A BOM so spreadsheet programs read UTF-8; cells starting with = + - @ (tab, CR) get a leading ' so they stay text.
            await using var csv = CsvWriter.Create(body, new CsvWriterOptions { Injection = CsvInjection.Escape, WriteByteOrderMark = true },
                leaveOpen: true);
            await csv.WriteRecordAsync(["row", "column", "message", "value"], ct);
            await foreach (var e in jobs.ErrorsAsync(id, ct))
                await csv.WriteRecordAsync([e.Row.ToString(CultureInfo.InvariantCulture), e.Column, e.Message, e.Value ?? ""], ct);
            await csv.FlushAsync(ct);
        }, "text/csv; charset=utf-8", $"import-{id}-errors.csv");
    }

    private static async Task<IResult> Template(Guid brandId, HttpContext http, ImportBrands brands, CancellationToken ct)
    {
        var brand = http.CurrentUser().CanSeeBrand(brandId) ? await brands.FindAsync(brandId, ct) : null;
        if (brand is null) return Problem.NotFound("brand");
        var content = new MemoryStream();
        XlsxWriter.Write(content, "Locations",
        [
            ["Store Number", "Name", "Street", "City", "State", "Postal Code", "Country", "Time Zone", "Latitude", "Longitude", "Active", "Region", "Drive Thru"],
            ["1001", "Downtown Chicago", "233 S Wacker Dr", "Chicago", "IL", "60606", "US", "America/Chicago", 41.8789, -87.6359, "yes", "Midwest", "no"],
            ["1002", "Austin South Congress", "1600 S Congress Ave", "Austin", "TX", "78704", "US", "America/Chicago", 30.2489, -97.7501, "yes", "South", "yes"],
        ]);
        content.Position = 0;
        return Results.File(content, XlsxWriter.ContentType, $"{brand.Slug}-locations-import-template.xlsx");
    }
}
