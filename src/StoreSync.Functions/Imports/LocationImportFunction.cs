using System.Security.Cryptography;
using System.Text.Json;
using StoreSync.Data.Imports;
using StoreSync.Functions.Hosting.Triggers;

namespace StoreSync.Functions.Imports;

/// <summary>
/// The blob function: a spreadsheet dropped under imports/{brandSlug}/... imports that brand's locations. The host waits, so the
/// job runs here and the answer carries its summary. Every outcome of the file (unknown brand, corrupt, too large) is a failed
/// job and a 200: a non-2xx answer would make the host retry the same blob five times. Only a malformed payload is a 400.
/// The standalone drop folder calls this same function with a file:// Uri.
/// </summary>
public sealed class LocationImportFunction(LocationImporter importer, ImportBrands brands, ILogger<LocationImportFunction> logger) : ITriggerFunction
{
    public string Name => "LocationImport";

    public async Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken ct)
    {
        var blob = BlobInfo.From(request, "blob", "imports");
        var slash = blob.BlobPath.IndexOf('/');
        if (slash <= 0 || slash == blob.BlobPath.Length - 1)
            throw new InvalidInvocationException($"The blob path '{blob.BlobPath}' must be {{brandSlug}}/{{file name}}.");
        var slug = blob.BlobPath[..slash];
        var file = new ImportFile(blob.BlobPath[(slash + 1)..], blob.Content.Length, SHA256.HashData(blob.Content));
        var brand = await brands.FindBySlugAsync(slug, ct);
        var job = await importer.SubmitAsync(brand?.Id, SourceOf(request), file, dryRun: false, createdBy: null,
            brand is null ? $"No brand has the slug '{slug}' (the folder '{file.FileName}' was dropped in); nothing was imported." : null, ct);
        if (job.Status == ImportStatus.Queued)
            job = await importer.RunAsync(job, brand!, new MemoryStream(blob.Content, writable: false), ct);
        var summary = LocationImporter.Summary(job);
        logger.LogInformation("{Summary}", summary);
        return InvocationResponse.WithLogs([summary], JsonSerializer.SerializeToElement(ImportJobResponse.From(job), JsonSerializerOptions.Web));
    }

    private static string SourceOf(InvocationRequest request) =>
        request.Metadata?.TryGetValue("Uri", out var uri) == true && uri.ValueKind == JsonValueKind.String &&
        uri.GetString()!.StartsWith("file:", StringComparison.OrdinalIgnoreCase)
            ? ImportSource.DropFolder
            : ImportSource.Blob;
}
