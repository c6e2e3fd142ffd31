using StoreSync.Functions.Hosting.Triggers;

namespace StoreSync.Functions.Imports;

/// <summary>The blob function: a spreadsheet dropped under imports/{brandSlug}/... imports that brand's locations.</summary>
public sealed class LocationImportFunction(ILogger<LocationImportFunction> logger) : ITriggerFunction
{
    public string Name => "LocationImport";

    public Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken ct)
    {
        var blob = BlobInfo.From(request, "blob", "imports");
        logger.LogInformation("LocationImport received {Path} ({Bytes} bytes)", blob.BlobPath, blob.Content.Length);
        return Task.FromResult(InvocationResponse.WithLogs([$"LocationImport: {blob.BlobPath} ({blob.Content.Length} bytes)"]));
    }
}
