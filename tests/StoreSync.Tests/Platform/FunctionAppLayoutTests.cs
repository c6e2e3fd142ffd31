using System.Diagnostics;
using System.Text.Json;
using NCrontab;
using StoreSync.Functions.Hosting;

namespace StoreSync.Tests.Platform;

/// <summary>
/// The app as Azure receives it: <c>dotnet publish src/StoreSync.Functions</c> (what azd runs for a <c>language: dotnet</c>,
/// <c>host: function</c> service), published once for the collection into a temporary folder.
/// </summary>
public sealed class PublishedFunctionsApp : IAsyncLifetime
{
    public string Folder { get; } = Path.Combine(Path.GetTempPath(), "storesync-publish-" + Guid.NewGuid().ToString("N")[..8]);

    public static string RepoRoot { get; } = FindRepoRoot();

    /// <summary>functions.metadata: every function the worker indexes, with its bindings.</summary>
    public IReadOnlyList<JsonElement> Functions { get; private set; } = [];

    public async Task InitializeAsync()
    {
        var psi = new ProcessStartInfo("dotnet",
            ["publish", Path.Combine(RepoRoot, "src", "StoreSync.Functions"), "-c", "Release", "-o", Folder, "--nologo", "-v", "q"])
        { RedirectStandardOutput = true, RedirectStandardError = true };
        psi.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        using var process = Process.Start(psi)!;
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        using var timeout = new CancellationTokenSource(TimeSpan.FromMinutes(8));
        await process.WaitForExitAsync(timeout.Token);
        if (process.ExitCode != 0)
            throw new InvalidOperationException($"dotnet publish failed ({process.ExitCode}):\n{await stdout}\n{await stderr}");
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, "functions.metadata")));
        Functions = doc.RootElement.EnumerateArray().Select(e => e.Clone()).ToList();
    }

    public Task DisposeAsync()
    {
        if (Directory.Exists(Folder)) Directory.Delete(Folder, true);
        return Task.CompletedTask;
    }

    public JsonElement Json(string file)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(Folder, file)), new JsonDocumentOptions { CommentHandling = JsonCommentHandling.Skip });
        return doc.RootElement.Clone();
    }

    public JsonElement Function(string name) => Assert.Single(Functions, f => f.GetProperty("name").GetString() == name);

    /// <summary>The function's trigger: the one binding whose type ends in "Trigger".</summary>
    public static JsonElement Trigger(JsonElement function) =>
        Assert.Single(function.GetProperty("bindings").EnumerateArray(), b => b.GetProperty("type").GetString()!.EndsWith("Trigger", StringComparison.Ordinal));

    private static string FindRepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StoreSync.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }
}

/// <summary>One publish for every class that reads the published app.</summary>
[CollectionDefinition(Name)]
public sealed class PublishedFunctionsAppCollection : ICollectionFixture<PublishedFunctionsApp>
{
    public const string Name = "Published Functions app";
}

/// <summary>
/// The publish output is a complete isolated-worker Functions app, and its functions.metadata (what the Functions host
/// indexes on Azure) lists exactly the functions of the code, with the triggers the development host's route table
/// (<see cref="FunctionCatalog"/>) serves locally.
/// </summary>
[Collection(PublishedFunctionsAppCollection.Name)]
public sealed class FunctionAppLayoutTests(PublishedFunctionsApp app)
{
    private static readonly FunctionCatalog Catalog = FunctionCatalog.Instance;

    [Fact]
    public void PublishProducesAnIsolatedWorkerApp()
    {
        foreach (var file in new[] { "functions.metadata", "extensions.json", "worker.config.json", "host.json", "StoreSync.Functions.dll" })
            Assert.True(File.Exists(Path.Combine(app.Folder, file)), $"{file} missing from the publish output");
        Assert.True(Directory.Exists(Path.Combine(app.Folder, ".azurefunctions")), ".azurefunctions/ (the host-side extensions) missing from the publish output");

        var worker = app.Json("worker.config.json").GetProperty("description");
        Assert.Equal("dotnet-isolated", worker.GetProperty("language").GetString());
        Assert.Equal("StoreSync.Functions.dll", worker.GetProperty("defaultWorkerPath").GetString());

        // No custom-handler leftovers: no function.json folders, no handler settings, no extension bundle (the isolated worker
        // brings its extensions in .azurefunctions/, listed by extensions.json).
        Assert.Empty(Directory.GetFiles(app.Folder, "function.json", SearchOption.AllDirectories));
        var host = app.Json("host.json");
        Assert.Equal("2.0", host.GetProperty("version").GetString());
        Assert.False(host.TryGetProperty("customHandler", out _), "host.json must not configure a custom handler");
        Assert.False(host.TryGetProperty("extensionBundle", out _), "an isolated-worker app gets its extensions from extensions.json, not a bundle");
        Assert.Equal(FunctionCatalog.RoutePrefix, host.GetProperty("extensions").GetProperty("http").GetProperty("routePrefix").GetString());
    }

    [Fact]
    public void MetadataListsExactlyTheFunctionsOfTheCode()
    {
        var published = app.Functions.Select(f => f.GetProperty("name").GetString()!).ToList();
        Assert.Equal(published.Count, published.Distinct(StringComparer.OrdinalIgnoreCase).Count());
        var code = Catalog.Http.Select(f => f.Name).Concat(Catalog.Timers.Select(f => f.Name)).Concat(Catalog.Blobs.Select(f => f.Name))
            .Concat(Catalog.Other.Select(f => f.Name)).ToList();
        Assert.Equal(code.Order(StringComparer.Ordinal), published.Order(StringComparer.Ordinal));
        Assert.All(app.Functions, f => Assert.Equal("dotnet-isolated", f.GetProperty("language").GetString()));
        Assert.All(app.Functions, f => Assert.Equal("StoreSync.Functions.dll", f.GetProperty("scriptFile").GetString()));
    }

    [Fact]
    public void HttpFunctionsHaveTheRoutesAndMethodsOfTheRouteTable()
    {
        Assert.NotEmpty(Catalog.Http);
        foreach (var expected in Catalog.Http)
        {
            var function = app.Function(expected.Name);
            var trigger = PublishedFunctionsApp.Trigger(function);
            Assert.Equal("httpTrigger", trigger.GetProperty("type").GetString());
            Assert.True(expected.Route == trigger.GetProperty("route").GetString(), $"{expected.Name}: route {trigger.GetProperty("route")} in functions.metadata, {expected.Route} in the route table");
            var methods = trigger.GetProperty("methods").EnumerateArray().Select(m => m.GetString()!.ToUpperInvariant()).Order().ToList();
            Assert.True(expected.Methods.Order().SequenceEqual(methods), $"{expected.Name}: methods {string.Join(",", methods)} in functions.metadata, {string.Join(",", expected.Methods)} in the route table");
            // The app authenticates with bearer tokens in the worker middleware; function keys would lock the SPA out.
            Assert.Equal("Anonymous", trigger.GetProperty("authLevel").GetString());
            Assert.Contains(function.GetProperty("bindings").EnumerateArray(),
                b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "Out");
        }
        // Health and the OpenAPI document are functions too.
        Assert.Contains(Catalog.Http, f => f.Path == "api/health");
        Assert.Contains(Catalog.Http, f => f.Path.Contains("openapi", StringComparison.OrdinalIgnoreCase));
        Assert.All(Catalog.Http.Where(f => f.Path is not "api/health" && !f.Path.Contains("openapi", StringComparison.OrdinalIgnoreCase) && !f.Path.Contains("docs", StringComparison.Ordinal)),
            f => Assert.StartsWith("api/v1/", f.Path));
    }

    [Fact]
    public void TimerFunctionsRunOnSixFieldSchedules()
    {
        Assert.NotEmpty(Catalog.Timers);
        foreach (var expected in Catalog.Timers)
        {
            var trigger = PublishedFunctionsApp.Trigger(app.Function(expected.Name));
            Assert.Equal("timerTrigger", trigger.GetProperty("type").GetString());
            var schedule = trigger.GetProperty("schedule").GetString()!;
            Assert.Equal(expected.Schedule, schedule);
            Assert.True(CrontabSchedule.TryParse(schedule, new CrontabSchedule.ParseOptions { IncludingSeconds = true }) is not null,
                $"{expected.Name}: '{schedule}' is not a six-field (with seconds) NCRONTAB expression");
        }
        var backfill = PublishedFunctionsApp.Trigger(app.Function("Lifecycle_EmbeddingBackfill"));
        Assert.Equal("0 * * * * *", backfill.GetProperty("schedule").GetString());
    }

    [Fact]
    public void LocationImportIsAnEventGridBlobTriggerOnTheImportsContainer()
    {
        var expected = Assert.Single(Catalog.Blobs);
        Assert.Equal("LocationImport", expected.Name);
        var trigger = PublishedFunctionsApp.Trigger(app.Function("LocationImport"));
        Assert.Equal("blobTrigger", trigger.GetProperty("type").GetString());
        Assert.Equal(expected.Path, trigger.GetProperty("path").GetString());
        Assert.Equal("%ImportsContainer%/{name}", trigger.GetProperty("path").GetString());
        // Flex Consumption supports only the Event Grid source for blob triggers (no polling).
        Assert.Equal("EventGrid", trigger.GetProperty("source").GetString());
        Assert.Equal("AzureWebJobsStorage", trigger.GetProperty("connection").GetString());
        Assert.Equal(expected.Connection, trigger.GetProperty("connection").GetString());
    }

    [Fact]
    public void ExtensionsJsonLoadsAnExtensionForEveryTriggerThatNeedsOne()
    {
        var extensions = app.Json("extensions.json").GetProperty("extensions").EnumerateArray().ToList();
        foreach (var extension in extensions)
        {
            var hint = extension.GetProperty("hintPath").GetString()!;
            Assert.True(File.Exists(Path.Combine(app.Folder, hint)), $"extensions.json points at {hint}, which publish did not produce");
        }
        var names = extensions.Select(e => e.GetProperty("name").GetString()).ToHashSet();
        // HTTP and timer triggers are built into the host; these come from extensions.
        var needs = new Dictionary<string, string>
        {
            ["blobTrigger"] = "AzureStorageBlobs",
            ["orchestrationTrigger"] = "DurableTask",
            ["activityTrigger"] = "DurableTask",
            ["entityTrigger"] = "DurableTask",
            ["durableClient"] = "DurableTask",
        };
        foreach (var binding in app.Functions.SelectMany(f => f.GetProperty("bindings").EnumerateArray()))
            if (needs.TryGetValue(binding.GetProperty("type").GetString()!, out var extension))
                Assert.True(names.Contains(extension), $"a {binding.GetProperty("type")} binding needs the {extension} extension in extensions.json");
    }
}
