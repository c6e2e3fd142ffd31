using System.Text.RegularExpressions;
using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using StoreSync.Functions.Hosting;

namespace StoreSync.LocalHost;

/// <summary>
/// The development host's blob trigger: lists each <c>[BlobTrigger]</c> function's container (Azurite) and delivers every blob
/// it has no receipt for, one at a time, in name order. Receipts live in the storage account like the Functions host's
/// (container <c>storesync-receipts</c>, keyed by function, blob and ETag), so a blob written while the host was down is
/// delivered when it starts, and a blob is delivered again only when it changes. A function that throws is retried on the
/// next listing, five times at most; then the blob is receipted as poison and logged, like the host's poison queue.
/// </summary>
public sealed partial class BlobListener(FunctionCatalog catalog, BlobServiceClient storage, IConfiguration config, IServiceScopeFactory scopes,
    IOptions<LocalHostOptions> options, ILogger<BlobListener> logger) : BackgroundService
{
    public const string ReceiptsContainer = "storesync-receipts";
    private const int MaxAttempts = 5;

    protected override Task ExecuteAsync(CancellationToken stoppingToken)
    {
        if (!options.Value.RunBlobTriggers) return Task.CompletedTask;
        return Task.WhenAll(catalog.Blobs.Select(f => ListenAsync(f, stoppingToken)));
    }

    /// <summary>"%Setting%/{name}" → the container named by the setting; the rest of the path binds the blob name.</summary>
    public static string ContainerOf(string path, IConfiguration config)
    {
        var container = path.Split('/')[0];
        return SettingExpression().Replace(container, m => config[m.Groups[1].Value]
            ?? throw new InvalidOperationException($"The blob trigger path '{path}' needs the setting {m.Groups[1].Value}."));
    }

    private async Task ListenAsync(BlobFunction function, CancellationToken ct)
    {
        var container = storage.GetBlobContainerClient(ContainerOf(function.Path, config));
        var receipts = storage.GetBlobContainerClient(ReceiptsContainer);
        var invoke = FunctionInvoker.For(function.Method);
        var done = new Dictionary<string, ETag>();
        var attempts = new Dictionary<string, int>();
        var started = false;
        while (!ct.IsCancellationRequested)
        {
            try
            {
                if (!started)
                {
                    await container.CreateIfNotExistsAsync(cancellationToken: ct);
                    await receipts.CreateIfNotExistsAsync(cancellationToken: ct);
                    await foreach (var r in receipts.GetBlobsAsync(new GetBlobsOptions { Traits = BlobTraits.Metadata, Prefix = ReceiptPrefix(function, container) }, ct))
                        if (r.Metadata.TryGetValue("etag", out var etag)) done[r.Name[ReceiptPrefix(function, container).Length..]] = new ETag(etag);
                    started = true;
                    logger.LogInformation("Blob trigger {Function} listening on container {Container} ({Known} blobs already delivered)",
                        function.Name, container.Name, done.Count);
                }
                await foreach (var blob in container.GetBlobsAsync(new GetBlobsOptions(), ct))
                {
                    if (done.TryGetValue(blob.Name, out var seen) && seen == blob.Properties.ETag) continue;
                    var delivered = await DeliverAsync(function, invoke, container, blob, attempts, ct);
                    if (!delivered) continue;
                    // The function may have written the blob's metadata (a new ETag, the same content): receipt the blob as it is now.
                    var etag = await CurrentETagAsync(container.GetBlobClient(blob.Name), ct) ?? blob.Properties.ETag!.Value;
                    done[blob.Name] = etag;
                    await receipts.GetBlobClient(ReceiptPrefix(function, container) + blob.Name).UploadAsync(BinaryData.Empty,
                        new BlobUploadOptions { Metadata = new Dictionary<string, string> { ["etag"] = etag.ToString() } }, ct);
                }
            }
            catch (OperationCanceledException) when (ct.IsCancellationRequested)
            {
                return;
            }
            catch (Exception e) when (e is RequestFailedException or HttpRequestException or AggregateException)
            {
                logger.LogWarning("Blob trigger {Function}: storage unavailable ({Message}); retrying", function.Name, e.Message);
            }
            try { await Task.Delay(options.Value.BlobPollInterval, ct); }
            catch (OperationCanceledException) { return; }
        }
    }

    /// <summary>Invokes the function for one blob; true when the blob is done with (delivered, or given up on as poison).</summary>
    private async Task<bool> DeliverAsync(BlobFunction function, FunctionInvoker.Invocation invoke, BlobContainerClient container, BlobItem blob,
        Dictionary<string, int> attempts, CancellationToken ct)
    {
        var client = container.GetBlobClient(blob.Name);
        try
        {
            await using var scope = scopes.CreateAsyncScope();
            await invoke(scope.ServiceProvider, p => p.ParameterType == typeof(BlobClient) ? client
                : p.ParameterType == typeof(string) && p.Name == "name" ? blob.Name
                : null, ct);
            attempts.Remove(blob.Name);
            return true;
        }
        catch (Exception e) when (!ct.IsCancellationRequested)
        {
            var n = attempts[blob.Name] = attempts.GetValueOrDefault(blob.Name) + 1;
            if (n < MaxAttempts)
            {
                logger.LogWarning(e, "Blob trigger {Function} failed on {Blob} (attempt {Attempt} of {Max}); it is retried", function.Name, blob.Name, n, MaxAttempts);
                return false;
            }
            logger.LogError(e, "Blob trigger {Function} gave up on {Blob} after {Max} attempts (poison)", function.Name, blob.Name, MaxAttempts);
            attempts.Remove(blob.Name);
            return true;
        }
    }

    private static async Task<ETag?> CurrentETagAsync(BlobClient blob, CancellationToken ct)
    {
        try
        {
            return (await blob.GetPropertiesAsync(cancellationToken: ct)).Value.ETag;
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            return null; // deleted meanwhile
        }
    }

    private static string ReceiptPrefix(BlobFunction function, BlobContainerClient container) => $"{function.Name}/{container.Name}/";

    [GeneratedRegex("%([^%]+)%")]
    private static partial Regex SettingExpression();
}
