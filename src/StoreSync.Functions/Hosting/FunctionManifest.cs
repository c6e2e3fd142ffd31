using System.Text.Json;
using System.Text.Json.Serialization;

namespace StoreSync.Functions.Hosting;

/// <summary>One function folder: its name and the bindings in its function.json.</summary>
public sealed record FunctionManifest(string Name, IReadOnlyList<FunctionBinding> Bindings)
{
    public FunctionBinding? Trigger => Bindings.FirstOrDefault(b => b.Direction == "in" && b.Type.EndsWith("Trigger", StringComparison.Ordinal));

    /// <summary>Reads every {root}/{Name}/function.json; these are the files the Functions host reads too.</summary>
    public static IReadOnlyList<FunctionManifest> LoadAll(string root)
    {
        var list = new List<FunctionManifest>();
        if (!Directory.Exists(root)) return list;
        foreach (var dir in Directory.GetDirectories(root).Order(StringComparer.Ordinal))
        {
            var file = Path.Combine(dir, "function.json");
            if (!File.Exists(file)) continue;
            var doc = JsonSerializer.Deserialize<FunctionJson>(File.ReadAllText(file), JsonOptions)
                      ?? throw new InvalidOperationException($"{file} is empty.");
            list.Add(new FunctionManifest(Path.GetFileName(dir), doc.Bindings ?? []));
        }
        return list;
    }

    private static readonly JsonSerializerOptions JsonOptions = new(JsonSerializerDefaults.Web);

    private sealed record FunctionJson(List<FunctionBinding>? Bindings);
}

public sealed record FunctionBinding(
    string Type,
    string Direction,
    string Name,
    string? Schedule = null,
    string? Path = null,
    string? DataType = null,
    string? Source = null,
    string? Connection = null,
    string? Route = null,
    string? AuthLevel = null,
    string[]? Methods = null,
    [property: JsonPropertyName("runOnStartup")] bool RunOnStartup = false);
