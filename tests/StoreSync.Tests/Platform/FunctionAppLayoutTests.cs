using System.Diagnostics;
using System.Text.Json;

namespace StoreSync.Tests.Platform;

/// <summary>`dotnet publish` must produce a complete Functions app: host.json, function folders, the handler executable.</summary>
public sealed class FunctionAppLayoutTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StoreSync.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("Repository root not found.");
    }

    [Fact]
    public void FunctionJsonFilesDeclareTheExpectedBindings()
    {
        var root = Path.Combine(RepoRoot(), "src", "StoreSync.Functions", "functions");
        var functions = Directory.GetDirectories(root).Select(d => Path.GetFileName(d)!).Order().ToArray();
        Assert.Equal(new[] { "Api", "LifecycleSweep", "LocationImport" }, functions);

        var api = Bindings(root, "Api");
        var trigger = Assert.Single(api, b => b.GetProperty("type").GetString() == "httpTrigger");
        Assert.Equal("{*path}", trigger.GetProperty("route").GetString());
        Assert.Equal("anonymous", trigger.GetProperty("authLevel").GetString());
        Assert.Single(api, b => b.GetProperty("type").GetString() == "http" && b.GetProperty("direction").GetString() == "out");
        Assert.Equal(2, api.Count);

        var timer = Assert.Single(Bindings(root, "LifecycleSweep"));
        Assert.Equal("timerTrigger", timer.GetProperty("type").GetString());
        Assert.Equal("0 * * * * *", timer.GetProperty("schedule").GetString());
        Assert.NotNull(NCrontab.CrontabSchedule.TryParse(timer.GetProperty("schedule").GetString(), new() { IncludingSeconds = true }));

        var blob = Assert.Single(Bindings(root, "LocationImport"));
        Assert.Equal("blobTrigger", blob.GetProperty("type").GetString());
        Assert.Equal("binary", blob.GetProperty("dataType").GetString());
        Assert.Equal("EventGrid", blob.GetProperty("source").GetString());
        Assert.StartsWith("imports/{brandSlug}/", blob.GetProperty("path").GetString());
    }

    [Fact]
    public void HostJsonIsACustomHandlerWithForwardingAndTheExtensionBundle()
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(RepoRoot(), "host.json")));
        var root = doc.RootElement;
        Assert.Equal("2.0", root.GetProperty("version").GetString());
        Assert.Equal("Microsoft.Azure.Functions.ExtensionBundle", root.GetProperty("extensionBundle").GetProperty("id").GetString());
        var handler = root.GetProperty("customHandler");
        Assert.True(handler.GetProperty("enableForwardingHttpRequest").GetBoolean());
        Assert.Equal("StoreSync.Functions", handler.GetProperty("description").GetProperty("defaultExecutablePath").GetString());
    }

    [Fact]
    public async Task PublishProducesACompleteFunctionsApp()
    {
        var output = Path.Combine(Path.GetTempPath(), "storesync-publish-" + Guid.NewGuid().ToString("N")[..8]);
        try
        {
            var psi = new ProcessStartInfo("dotnet", ["publish", Path.Combine(RepoRoot(), "src", "StoreSync.Functions"), "-c", "Release",
                "-r", "linux-x64", "--self-contained", "false", "-p:PublishReadyToRun=false", "-o", output, "--nologo", "-v", "q"])
            { RedirectStandardOutput = true, RedirectStandardError = true };
            using var process = Process.Start(psi)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync();
            Assert.True(process.ExitCode == 0, await stdout + await stderr);

            using var host = JsonDocument.Parse(File.ReadAllText(Path.Combine(output, "host.json")));
            var exe = host.RootElement.GetProperty("customHandler").GetProperty("description").GetProperty("defaultExecutablePath").GetString()!;
            var exePath = Path.Combine(output, exe);
            Assert.True(File.Exists(exePath), $"host.json names {exe}, which publish did not produce");
            if (!OperatingSystem.IsWindows()) Assert.True(File.GetUnixFileMode(exePath).HasFlag(UnixFileMode.UserExecute), "the handler must be executable");
            foreach (var function in new[] { "Api", "LifecycleSweep", "LocationImport" })
            {
                var json = Path.Combine(output, function, "function.json");
                Assert.True(File.Exists(json), $"{function}/function.json missing from the publish output");
                using var _ = JsonDocument.Parse(File.ReadAllText(json));
            }
            Assert.False(Directory.Exists(Path.Combine(output, "functions")), "function folders belong at the app root");
        }
        finally
        {
            if (Directory.Exists(output)) Directory.Delete(output, true);
        }
    }

    private static List<JsonElement> Bindings(string root, string function)
    {
        using var doc = JsonDocument.Parse(File.ReadAllText(Path.Combine(root, function, "function.json")));
        return doc.RootElement.GetProperty("bindings").EnumerateArray().Select(e => e.Clone()).ToList();
    }
}
