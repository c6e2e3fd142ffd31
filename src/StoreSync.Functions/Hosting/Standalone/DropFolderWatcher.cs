using System.Text.Json;
using Microsoft.Extensions.Options;
using StoreSync.Functions.Hosting.Triggers;

namespace StoreSync.Functions.Hosting.Standalone;

/// <summary>
/// Standalone stand-in for the blob trigger: a local folder laid out like the blob container
/// ({brandSlug}/file.xlsx). Each new file is handed to the blob function with the payload the host would
/// send, then moved to .processed/ (or .failed/ with a .error.txt beside it).
/// </summary>
public sealed class DropFolderWatcher(
    IEnumerable<ITriggerFunction> functions,
    FunctionCatalog catalog,
    IOptions<StandaloneOptions> options,
    ILogger<DropFolderWatcher> logger) : BackgroundService
{
    private readonly Dictionary<string, long> _lastSeenSizes = new();

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var manifest = catalog.Functions.FirstOrDefault(f => f.Trigger?.Type == "blobTrigger");
        var folder = options.Value.DropFolder;
        if (manifest?.Trigger is null || string.IsNullOrWhiteSpace(folder)) return;
        var function = functions.FirstOrDefault(f => f.Name == manifest.Name);
        if (function is null) return;
        Directory.CreateDirectory(folder);
        var container = ContainerOf(manifest.Trigger.Path);
        logger.LogInformation("Watching drop folder {Folder} for {Function} (layout {{brandSlug}}/file)", Path.GetFullPath(folder), manifest.Name);
        using var timer = new PeriodicTimer(options.Value.DropFolderPollInterval);
        do
        {
            try
            {
                await ScanOnceAsync(folder, function, manifest.Trigger, container, stoppingToken);
            }
            catch (Exception e) when (e is not OperationCanceledException)
            {
                logger.LogError(e, "Drop folder scan failed");
            }
        } while (await timer.WaitForNextTickAsync(stoppingToken));
    }

    internal async Task ScanOnceAsync(string folder, ITriggerFunction function, FunctionBinding trigger, string container, CancellationToken ct)
    {
        foreach (var file in Directory.EnumerateFiles(folder, "*", SearchOption.AllDirectories))
        {
            var relative = Path.GetRelativePath(folder, file).Replace(Path.DirectorySeparatorChar, '/');
            if (relative.StartsWith('.') || !relative.Contains('/') || Path.GetFileName(file).StartsWith('.')) continue;
            // Only take a file once its size stopped changing between two scans (the copy has finished).
            var size = new FileInfo(file).Length;
            if (!_lastSeenSizes.TryGetValue(file, out var seen) || seen != size)
            {
                _lastSeenSizes[file] = size;
                continue;
            }
            _lastSeenSizes.Remove(file);
            await ProcessAsync(folder, file, relative, function, trigger, container, ct);
        }
    }

    private async Task ProcessAsync(string folder, string file, string relative, ITriggerFunction function, FunctionBinding trigger, string container, CancellationToken ct)
    {
        var content = await File.ReadAllBytesAsync(file, ct);
        var slash = relative.IndexOf('/');
        var request = new InvocationRequest(
            new Dictionary<string, JsonElement> { [trigger.Name] = JsonSerializer.SerializeToElement(Convert.ToBase64String(content)) },
            new Dictionary<string, JsonElement>
            {
                ["Uri"] = JsonSerializer.SerializeToElement($"file:///{container}/{relative}"),
                ["brandSlug"] = JsonSerializer.SerializeToElement(relative[..slash]),
                ["name"] = JsonSerializer.SerializeToElement(relative[(slash + 1)..]),
                ["Properties"] = JsonSerializer.SerializeToElement(new { Length = content.Length }),
                ["Metadata"] = JsonSerializer.SerializeToElement(new Dictionary<string, string>()),
            });
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss");
        try
        {
            var response = await function.InvokeAsync(request, ct);
            foreach (var line in response.Logs) logger.LogInformation("{Function}: {Line}", function.Name, line);
            // A function may report a failure in its return value (e.g. a failed import job) rather than by throwing,
            // so the host does not retry a file that will never succeed; sort such files into .failed/ too.
            if (FailureMessage(response.ReturnValue) is { } failure)
            {
                var target = MoveTo(folder, ".failed", relative, stamp, file);
                await File.WriteAllTextAsync(target + ".error.txt", failure, ct);
            }
            else
            {
                MoveTo(folder, ".processed", relative, stamp, file);
            }
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogError(e, "Drop folder file {File} failed", relative);
            var target = MoveTo(folder, ".failed", relative, stamp, file);
            await File.WriteAllTextAsync(target + ".error.txt", e.Message, ct);
        }
    }

    private static string MoveTo(string folder, string bucket, string relative, string stamp, string file)
    {
        var target = Path.Combine(folder, bucket, Path.GetDirectoryName(relative) ?? "", stamp + "-" + Path.GetFileName(file));
        Directory.CreateDirectory(Path.GetDirectoryName(target)!);
        File.Move(file, target, overwrite: true);
        return target;
    }

    private static string? FailureMessage(object? returnValue)
    {
        if (returnValue is null) return null;
        var json = JsonSerializer.SerializeToElement(returnValue, new JsonSerializerOptions(JsonSerializerDefaults.Web));
        if (json.ValueKind != JsonValueKind.Object || !json.TryGetProperty("status", out var status) ||
            status.ValueKind != JsonValueKind.String || status.GetString() != "failed") return null;
        return json.TryGetProperty("message", out var m) && m.ValueKind == JsonValueKind.String ? m.GetString() : "failed";
    }

    private static string ContainerOf(string? path) => path?.Split('/', 2)[0] ?? "imports";
}
