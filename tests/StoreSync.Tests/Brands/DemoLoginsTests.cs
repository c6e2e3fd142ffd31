using System.Diagnostics;
using System.Text.RegularExpressions;
using StoreSync.Functions.Demo;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Brands;

/// <summary>Issue 14 #10: the demo logins are printed once, on the seed-demo command's standard output, and never reach a log.</summary>
public sealed class DemoLoginsTests
{
    private static string RepoRoot()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StoreSync.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("StoreSync.sln not found above the test output");
    }

    [Fact]
    public async Task SeedDemoPrintsEachNewLoginOnceOnStandardOutputAndNothingSecretOnStandardError()
    {
        var (name, cs) = await TestDatabase.CreateAsync();
        try
        {
            var info = new ProcessStartInfo("dotnet", [typeof(StoreSync.LocalHost.LocalHostEntryPoint).Assembly.Location, "seed-demo"])
            {
                RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
            };
            info.Environment["STORESYNC_DB"] = cs;
            using var process = Process.Start(info)!;
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromMinutes(2));
            Assert.Equal(0, process.ExitCode);
            Assert.Equal(6, Regex.Matches(await stdout, Regex.Escape(DemoData.Password)).Count); // one line per demo account
            Assert.DoesNotContain(DemoData.Password, await stderr);
        }
        finally
        {
            await TestDatabase.DropAsync(name);
        }
    }

    [Fact]
    public void NoScriptSendsTheSeedDemoOutputIntoALogFile()
    {
        var root = RepoRoot();
        var scripts = Directory.GetFiles(Path.Combine(root, "scripts"), "*.sh").Concat(new[] { Path.Combine(root, ".ci", "run") }.Where(File.Exists));
        var leaks = scripts.SelectMany(file => File.ReadAllLines(file).Select((line, i) => (file, line, i)))
            .Where(l => l.line.Contains("seed-demo") && !l.line.TrimStart().StartsWith('#'))
            // stdout (">" or ">>" not preceded by a descriptor number, or "&>") into anything but /dev/null
            .Where(l => Regex.IsMatch(l.line, @"(^|[^0-9&>])>>?\s*(?!/dev/null)[^\s>]|&>>?\s*(?!/dev/null)[^\s>]"))
            .Select(l => $"{Path.GetRelativePath(root, l.file)}:{l.i + 1}: {l.line.Trim()}").ToList();
        Assert.Empty(leaks);
    }
}
