using System.Net;
using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Nodes;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Auth;

/// <summary>
/// The front end's API types are generated from <c>frontend/openapi/v1.json</c>; this test fails when the document the API
/// serves drifts from that committed copy. To refresh the copy after an API change (then regenerate the types with
/// <c>cd frontend &amp;&amp; npm run api:types</c>):
/// <code>STORESYNC_WRITE_OPENAPI=1 dotnet test tests/StoreSync.Tests -c Release --filter "FullyQualifiedName~OpenApiCommittedDocument"</code>
/// </summary>
public sealed class OpenApiCommittedDocumentTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    public const string WriteVariable = "STORESYNC_WRITE_OPENAPI";

    private static string CommittedPath => Path.Combine(FindRepoRoot(), "frontend", "openapi", "v1.json");

    [Fact]
    public async Task ServedDocumentMatchesTheCommittedCopy()
    {
        var response = await app.CreateClient().GetAsync("/api/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var served = JsonNode.Parse(await response.Content.ReadAsStringAsync())!;

        if (Environment.GetEnvironmentVariable(WriteVariable) is "1" or "true")
        {
            Directory.CreateDirectory(Path.GetDirectoryName(CommittedPath)!);
            await File.WriteAllTextAsync(CommittedPath, Pretty(served) + "\n", new UTF8Encoding(false));
            return;
        }

        Assert.True(File.Exists(CommittedPath), $"{CommittedPath} is missing; write it with {WriteVariable}=1 (see frontend/README.md)");
        var committed = JsonNode.Parse(await File.ReadAllTextAsync(CommittedPath))!;
        var difference = FirstDifference(Normalise(served), Normalise(committed), "$");
        Assert.True(difference is null,
            $"The served OpenAPI document differs from frontend/openapi/v1.json at {difference}. If the API change is intended, run " +
            $"{WriteVariable}=1 dotnet test tests/StoreSync.Tests -c Release --filter \"FullyQualifiedName~OpenApiCommittedDocument\" " +
            "and then `npm run api:types` in frontend/, and commit both files.");
    }

    /// <summary>Objects with their properties in ordinal order, so formatting and property order never count as drift.</summary>
    private static JsonNode? Normalise(JsonNode? node) => node switch
    {
        JsonObject o => new JsonObject(o.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => KeyValuePair.Create(p.Key, Normalise(p.Value)))),
        JsonArray a => new JsonArray(a.Select(Normalise).ToArray()),
        null => null,
        _ => JsonNode.Parse(node.ToJsonString()),
    };

    /// <summary>The JSON path of the first difference, or null when equal.</summary>
    private static string? FirstDifference(JsonNode? a, JsonNode? b, string path)
    {
        switch (a, b)
        {
            case (null, null):
                return null;
            case (JsonObject x, JsonObject y):
                foreach (var key in x.Select(p => p.Key).Union(y.Select(p => p.Key)).Order(StringComparer.Ordinal))
                {
                    if (!x.ContainsKey(key)) return $"{path}.{key} (only in the committed copy)";
                    if (!y.ContainsKey(key)) return $"{path}.{key} (only in the served document)";
                    if (FirstDifference(x[key], y[key], $"{path}.{key}") is { } d) return d;
                }
                return null;
            case (JsonArray x, JsonArray y):
                for (var i = 0; i < Math.Max(x.Count, y.Count); i++)
                {
                    if (i >= x.Count || i >= y.Count) return $"{path}[{i}] (arrays of {x.Count} and {y.Count} items)";
                    if (FirstDifference(x[i], y[i], $"{path}[{i}]") is { } d) return d;
                }
                return null;
            default:
                return JsonNode.DeepEquals(a, b) ? null : $"{path} (served {a?.ToJsonString() ?? "null"}, committed {b?.ToJsonString() ?? "null"})";
        }
    }

    private static string Pretty(JsonNode node) =>
        node.ToJsonString(new JsonSerializerOptions { WriteIndented = true, Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StoreSync.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("StoreSync.sln not found above the test output");
    }
}
