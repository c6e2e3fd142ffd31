using System.Globalization;
using CsvHelper;
using System.Security.Cryptography;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using StoreSync.Data.Imports;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Http;
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

/// <summary>An upload's body may hold a file of Imports:MaxFileBytes plus its multipart envelope.</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class ImportUploadLimitAttribute : Attribute, IRequestBodyLimit
{
    public const long MultipartSlack = 64 * 1024;

    public long MaxBytes(IServiceProvider services) => services.GetRequiredService<IOptions<ImportOptions>>().Value.MaxFileBytes + MultipartSlack;
}

/// <summary>The upload's body is a multipart form with a spreadsheet in the field 'file' (documented as such in OpenAPI).</summary>
[AttributeUsage(AttributeTargets.Method)]
public sealed class SpreadsheetUploadAttribute : Attribute, Microsoft.AspNetCore.Http.Metadata.IAcceptsMetadata
{
    public IReadOnlyList<string> ContentTypes { get; } = ["multipart/form-data"];
    public Type? RequestType => typeof(IFormFile);
    public bool IsOptional => false;
}

/// <summary>Location imports over HTTP: upload (imported through the blob container), job status, error list, and the template sheet.</summary>
public static class ImportsApi
{
    public static IServiceCollection AddImports(this IServiceCollection services)
    {
        services.AddOptions<ImportOptions>().BindConfiguration("Imports").ValidateDataAnnotations().ValidateOnStart();
        services.AddSingleton<ImportJobStore>();
        services.AddSingleton<ImportBrands>();
        services.AddSingleton<LocationImporter>();
        services.AddSingleton<ImportBlobs>();
        return services;
    }

    /// <summary>
    /// The upload is spooled to a temporary file (hashed on the way), recorded as a queued job, and written to the imports
    /// container, whose blob trigger runs the job; the answer does not wait for it.
    /// </summary>
    internal static async Task<IResult> Upload(Guid brandId, bool? dryRun, HttpContext http, ImportBrands brands, LocationImporter importer,
        ImportBlobs blobs, IOptions<ImportOptions> options, ILogger<ImportBlobs> logger, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var brand = me.CanSeeBrand(brandId) ? await brands.FindAsync(brandId, ct) : null;
        if (brand is null) return Problem.NotFound("brand");
        if (!me.CanManageBrand(brandId)) return Problem.Forbidden("Only the brand's managers and admins import locations.");
        if (!http.Request.HasFormContentType)
            return Problem.Validation("file", "Send the spreadsheet as multipart/form-data in a field named 'file'.");
        var max = options.Value.MaxFileBytes;
        IFormFile? file;
        try
        {
            file = (await http.Request.ReadFormAsync(new FormOptions { MultipartBodyLengthLimit = max + ImportUploadLimitAttribute.MultipartSlack }, ct))
                .Files.GetFile("file");
        }
        catch (InvalidDataException e)
        {
            return Problem.BadRequest($"The multipart body is malformed: {e.Message}");
        }
        if (file is null) return Problem.Validation("file", "The form has no field named 'file' holding a spreadsheet (.xlsx, .xls or .csv).");
        if (file.Length > max)
            return Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Payload too large",
                detail: $"'{file.FileName}' is {file.Length:N0} bytes; the limit is {max:N0} bytes.");

        var name = Path.GetFileName(file.FileName);
        var path = Path.Combine(Path.GetTempPath(), $"storesync-upload-{Guid.NewGuid():N}");
        try
        {
            await using var spooled = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, 81920,
                FileOptions.Asynchronous | FileOptions.DeleteOnClose);
            var hash = await SpoolAsync(file, spooled, ct);
            var job = await importer.SubmitAsync(brand.Id, ImportSource.Upload, new ImportFile(name, file.Length, hash), dryRun ?? false,
                me.Id, null, ct);
            if (job.Status == ImportStatus.Queued)
            {
                spooled.Position = 0;
                try
                {
                    await blobs.UploadAsync(job, brand.Slug, spooled, ct);
                }
                catch (Azure.RequestFailedException e)
                {
                    logger.LogWarning("Import {ImportId}: the file could not be stored ({Message})", job.Id, e.Message);
                    await importer.FailAsync(job, "The file could not be stored (storage unavailable); nothing was imported. Upload it again.", ct);
                    return Results.Problem(statusCode: 503, title: "Service unavailable",
                        detail: "Storage is unavailable, so the file was not imported. Try again shortly.");
                }
            }
            return Results.Accepted($"/api/v1/imports/{job.Id}", ImportJobResponse.From(job));
        }
        finally
        {
            File.Delete(path);
        }
    }

    private static async Task<byte[]> SpoolAsync(IFormFile file, Stream target, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var source = file.OpenReadStream();
        var buffer = new byte[81920];
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            sha.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        await target.FlushAsync(ct);
        return sha.GetHashAndReset();
    }

    internal static async Task<IResult> Get(Guid id, HttpContext http, ImportJobStore jobs, CancellationToken ct)
    {
        var me = http.CurrentUser();
        return await jobs.FindAsync(id, me.AllBrands, me.BrandIds, ct) is { } job
            ? Results.Ok(ImportJobResponse.From(job))
            : Problem.NotFound("import");
    }

    internal static async Task<IResult> List(HttpContext http, ImportJobStore jobs, Guid? brandId, string? status, string? sort, int? page,
        int? pageSize, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var p = PageRequest.From(page, pageSize);
        var (items, total) = await jobs.ListAsync(
            new ImportListQuery(me.AllBrands, me.BrandIds, brandId, status, sort ?? "-createdAt", p.Offset, p.PageSize), ct);
        return Results.Ok(new Page<ImportJobResponse>(items.Select(ImportJobResponse.From).ToList(), p.Page, p.PageSize, total));
    }

    internal static async Task<IResult> ErrorsCsv(Guid id, HttpContext http, ImportJobStore jobs, CancellationToken ct)
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

    internal static async Task<IResult> Template(Guid brandId, HttpContext http, ImportBrands brands, CancellationToken ct)
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
