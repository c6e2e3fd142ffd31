using System.Text.Json;

namespace StoreSync.Functions.Hosting.Triggers;

/// <summary>What the Functions host POSTs to /{FunctionName} for a non-HTTP trigger.</summary>
public sealed record InvocationRequest(Dictionary<string, JsonElement>? Data, Dictionary<string, JsonElement>? Metadata);

/// <summary>What the host expects back: outputs by binding name, log lines, and a return value.</summary>
public sealed record InvocationResponse(Dictionary<string, object?> Outputs, List<string> Logs, object? ReturnValue)
{
    public static InvocationResponse WithLogs(IEnumerable<string> logs, object? returnValue = null) =>
        new(new Dictionary<string, object?>(), logs.ToList(), returnValue);
}

/// <summary>A trigger payload the handler cannot use: answered with 400, so the host records a failed invocation.</summary>
public sealed class InvalidInvocationException(string message) : Exception(message);

/// <summary>A non-HTTP function: the host (or standalone mode) invokes it with the documented payload.</summary>
public interface ITriggerFunction
{
    /// <summary>The function's folder name, which is also its route.</summary>
    string Name { get; }

    Task<InvocationResponse> InvokeAsync(InvocationRequest request, CancellationToken ct);
}

/// <summary>The timer payload: {"Schedule": {...}, "ScheduleStatus": {...} | null, "IsPastDue": bool}.</summary>
public sealed record TimerInfo(JsonElement? Schedule, ScheduleStatus? ScheduleStatus, bool IsPastDue)
{
    public static TimerInfo From(InvocationRequest request, string bindingName)
    {
        if (request.Data is null || !request.Data.TryGetValue(bindingName, out var value) || value.ValueKind != JsonValueKind.Object)
            throw new InvalidInvocationException($"Timer payload must have Data.{bindingName} as an object.");
        try
        {
            return value.Deserialize<TimerInfo>(TriggerJson.Options)
                   ?? throw new InvalidInvocationException($"Data.{bindingName} is empty.");
        }
        catch (JsonException e)
        {
            throw new InvalidInvocationException($"Data.{bindingName} is not a timer payload: {e.Message}");
        }
    }
}

public sealed record ScheduleStatus(DateTimeOffset? Last, DateTimeOffset? Next, DateTimeOffset? LastUpdated);

/// <summary>A blob payload: content (base64 with dataType binary) plus the blob's path and properties.</summary>
public sealed record BlobInfo(byte[] Content, string BlobPath, string? FileName, Dictionary<string, JsonElement> Metadata)
{
    public static BlobInfo From(InvocationRequest request, string bindingName, string container)
    {
        if (request.Data is null || !request.Data.TryGetValue(bindingName, out var value))
            throw new InvalidInvocationException($"Blob payload must have Data.{bindingName}.");
        if (value.ValueKind != JsonValueKind.String)
            throw new InvalidInvocationException($"Data.{bindingName} must be the blob content as a base64 string (dataType binary).");
        byte[] content;
        try
        {
            content = value.GetBytesFromBase64();
        }
        catch (FormatException)
        {
            throw new InvalidInvocationException($"Data.{bindingName} is not valid base64.");
        }
        var metadata = request.Metadata ?? new Dictionary<string, JsonElement>();
        var path = BlobPathFromMetadata(metadata, container)
                   ?? throw new InvalidInvocationException("Metadata must carry the blob's Uri or its path tokens (brandSlug, name).");
        return new BlobInfo(content, path, Path.GetFileName(path), metadata);
    }

    // The Uri names the blob exactly (its path may have sub-folders); the path tokens are the fallback.
    private static string? BlobPathFromMetadata(Dictionary<string, JsonElement> metadata, string container)
    {
        if (metadata.TryGetValue("Uri", out var uri) && uri.ValueKind == JsonValueKind.String &&
            Uri.TryCreate(uri.GetString(), UriKind.Absolute, out var parsed))
        {
            var segments = Uri.UnescapeDataString(parsed.AbsolutePath).TrimStart('/').Split('/', 2);
            // Azurite puts the account name first in the path.
            if (segments.Length == 2 && segments[0] != container && segments[1].StartsWith(container + "/"))
                segments = segments[1].Split('/', 2);
            if (segments.Length == 2 && segments[0] == container) return segments[1];
        }
        if (metadata.TryGetValue("brandSlug", out var slug) && slug.ValueKind == JsonValueKind.String &&
            metadata.TryGetValue("name", out var name) && name.ValueKind == JsonValueKind.String)
            return $"{slug.GetString()}/{name.GetString()}";
        return null;
    }
}

public static class TriggerJson
{
    // The host's protocol uses PascalCase names (Data, Metadata, Outputs, Logs, ReturnValue); read any case.
    public static readonly JsonSerializerOptions Options = new() { PropertyNameCaseInsensitive = true };
}
