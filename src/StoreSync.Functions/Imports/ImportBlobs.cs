using System.Security.Cryptography;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using StoreSync.Data.Imports;

namespace StoreSync.Functions.Imports;

/// <summary>
/// Spreadsheets travel through the storage account's <c>imports</c> container: an upload is written to
/// <c>{brandSlug}/{importId}/{fileName}</c> and imported by the blob trigger, and a file any other tool writes under
/// <c>{brandSlug}/...</c> is imported the same way. The blob is the durable queue: a job whose run was cut short is run again
/// when its blob is delivered again, and a finished job is never run twice.
/// </summary>
public sealed class ImportBlobs(BlobServiceClient storage, IConfiguration config, LocationImporter importer, ImportBrands brands, ImportJobStore jobs,
    IOptions<ImportOptions> options, TimeProvider time, ILogger<ImportBlobs> logger)
{
    /// <summary>The app setting naming the container (the blob trigger's path reads it as %ImportsContainer%).</summary>
    public const string ContainerSetting = "ImportsContainer";
    public const string DefaultContainer = "imports";

    /// <summary>Metadata key written on a blob once its job has ended (the development host's listener skips such blobs).</summary>
    public const string ReceiptKey = "storesyncimport";

    public BlobContainerClient Container { get; } = storage.GetBlobContainerClient(config[ContainerSetting] ?? DefaultContainer);

    public static string PathOf(string brandSlug, Guid importId, string fileName) => $"{brandSlug}/{importId}/{fileName}";

    /// <summary>Writes an uploaded file (already spooled and hashed) as the blob of its job.</summary>
    public async Task UploadAsync(ImportJobRow job, string brandSlug, Stream content, CancellationToken ct)
    {
        await Container.CreateIfNotExistsAsync(cancellationToken: ct);
        await Container.GetBlobClient(PathOf(brandSlug, job.Id, job.FileName)).UploadAsync(content, new BlobUploadOptions
        {
            HttpHeaders = new BlobHttpHeaders { ContentType = "application/octet-stream" },
            Metadata = new Dictionary<string, string> { ["importid"] = job.Id.ToString() },
        }, ct);
    }

    /// <summary>
    /// Imports one blob of the container and returns its job as it ended. Every outcome of the file (no brand in its path,
    /// empty, too large, not a spreadsheet, corrupt) is a failed job, never an exception: a thrown exception would make the
    /// trigger deliver the same blob again and again.
    /// </summary>
    public async Task<ImportJobRow> ImportAsync(BlobClient blob, CancellationToken ct)
    {
        var (slug, importId, fileName) = Parse(blob.Name);
        var brand = slug is null ? null : await brands.FindBySlugAsync(slug, ct);
        if (importId is { } id && brand is not null && await jobs.FindAsync(id, true, [], ct) is { } uploaded && uploaded.BrandId == brand.Id)
        {
            if (uploaded.Status is ImportStatus.Succeeded or ImportStatus.Failed)
            {
                await WriteReceiptAsync(blob, uploaded, ct);
                return uploaded;
            }
            return await RunAsync(blob, uploaded, brand, ct);
        }

        BlobProperties properties = await blob.GetPropertiesAsync(cancellationToken: ct);
        if (properties.Metadata.TryGetValue(ReceiptKey, out var receipt) && Guid.TryParse(receipt, out var done)
            && await jobs.FindAsync(done, true, [], ct) is { Status: ImportStatus.Succeeded or ImportStatus.Failed } finished)
            return finished;
        var refusal = brand is not null ? null
            : slug is null ? $"The blob '{blob.Name}' is not under a brand's folder: write files as {{brandSlug}}/{{file name}}; nothing was imported."
            : $"No brand has the slug '{slug}' (the folder '{fileName}' was written to); nothing was imported.";
        // The hash is unknown until the file is read; a job that runs gets it from the bytes it imports.
        var job = await importer.SubmitAsync(brand?.Id, ImportSource.Blob, new ImportFile(fileName, properties.ContentLength, null), dryRun: false,
            createdBy: null, refusal, ct);
        if (job.Status != ImportStatus.Queued)
        {
            await WriteReceiptAsync(blob, job, ct);
            logger.LogInformation("{Summary}", LocationImporter.Summary(job));
            return job;
        }
        return await RunAsync(blob, job, brand!, ct);
    }

    private async Task<ImportJobRow> RunAsync(BlobClient blob, ImportJobRow job, ImportBrand brand, CancellationToken ct)
    {
        var max = options.Value.MaxFileBytes;
        var path = Path.Combine(Path.GetTempPath(), $"storesync-import-{job.Id:N}.blob");
        try
        {
            byte[] hash;
            await using (var file = new FileStream(path, FileMode.Create, FileAccess.ReadWrite, FileShare.None, 81920, FileOptions.Asynchronous))
            {
                try
                {
                    hash = await DownloadAsync(blob, file, max, ct);
                }
                catch (FileTooLargeException)
                {
                    await jobs.FailAsync(job.Id, $"'{job.FileName}' is larger than the limit of {max:N0} bytes (setting Imports:MaxFileBytes).", 0,
                        time.GetUtcNow(), ct);
                    return await EndAsync(blob, job.Id, ct);
                }
                if (file.Length == 0)
                {
                    await jobs.FailAsync(job.Id, $"'{job.FileName}' is empty (0 bytes).", 0, time.GetUtcNow(), ct);
                    return await EndAsync(blob, job.Id, ct);
                }
                if (job.ContentHash is not { Length: > 0 })
                {
                    await jobs.SetContentHashAsync(job.Id, hash, file.Length, ct);
                    job = (await jobs.FindAsync(job.Id, true, [], ct))!;
                }
                file.Position = 0;
                await importer.RunAsync(job, brand, file, ct);
            }
            return await EndAsync(blob, job.Id, ct);
        }
        finally
        {
            File.Delete(path);
        }
    }

    private async Task<ImportJobRow> EndAsync(BlobClient blob, Guid jobId, CancellationToken ct)
    {
        var ended = (await jobs.FindAsync(jobId, true, [], ct))!;
        await WriteReceiptAsync(blob, ended, ct);
        logger.LogInformation("{Summary}", LocationImporter.Summary(ended));
        return ended;
    }

    private async Task WriteReceiptAsync(BlobClient blob, ImportJobRow job, CancellationToken ct)
    {
        try
        {
            BlobProperties properties = await blob.GetPropertiesAsync(cancellationToken: ct);
            // Written once: a metadata write changes the blob's ETag, which a listener would take for a new version.
            if (properties.Metadata.TryGetValue(ReceiptKey, out var existing) && existing == job.Id.ToString()) return;
            var metadata = new Dictionary<string, string>(properties.Metadata) { [ReceiptKey] = job.Id.ToString() };
            await blob.SetMetadataAsync(metadata, new BlobRequestConditions { IfMatch = properties.ETag }, ct);
        }
        catch (RequestFailedException e)
        {
            // The blob changed or went away meanwhile: a changed blob is a new file and is imported again.
            logger.LogInformation("No import receipt on {Blob}: {Message}", blob.Name, e.Message);
        }
    }

    /// <summary>Copies the blob to <paramref name="target"/>, refusing more than <paramref name="max"/> bytes, and returns its SHA-256.</summary>
    private static async Task<byte[]> DownloadAsync(BlobClient blob, Stream target, long max, CancellationToken ct)
    {
        using var sha = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        await using var source = await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), ct);
        if (source.Length > max) throw new FileTooLargeException();
        var buffer = new byte[81920];
        long total = 0;
        int read;
        while ((read = await source.ReadAsync(buffer, ct)) > 0)
        {
            total += read;
            if (total > max) throw new FileTooLargeException();
            sha.AppendData(buffer, 0, read);
            await target.WriteAsync(buffer.AsMemory(0, read), ct);
        }
        return sha.GetHashAndReset();
    }

    /// <summary><c>{brandSlug}/{importId}/{fileName}</c> for uploads, <c>{brandSlug}/.../{fileName}</c> for anything else.</summary>
    public static (string? Slug, Guid? ImportId, string FileName) Parse(string blobName)
    {
        var parts = blobName.Split('/', StringSplitOptions.RemoveEmptyEntries);
        var fileName = parts.Length == 0 ? blobName : parts[^1];
        if (parts.Length < 2) return (null, null, fileName);
        Guid? importId = parts.Length == 3 && Guid.TryParse(parts[1], out var id) ? id : null;
        return (parts[0], importId, fileName);
    }

    private sealed class FileTooLargeException : Exception;
}
