using System.Diagnostics;
using System.Net.Sockets;

namespace StoreSync.Bench;

/// <summary>
/// Cold start: from starting the published development host process (ReadyToRun, as deployed code is) to its first 200 from
/// /api/health, over an existing database, with Azurite running (scripts/azurite.sh). Median of N runs. Target: under 1 s.
/// </summary>
public static class ColdStartBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 5;
        var repo = FindRepo();
        var publish = Path.Combine(repo, "artifacts", "localhost");
        Console.WriteLine("publishing the development host to artifacts/localhost ...");
        var p = Process.Start(new ProcessStartInfo("dotnet", ["publish", Path.Combine(repo, "src", "StoreSync.LocalHost"), "-c", "Release",
            "-r", "linux-x64", "--self-contained", "false", "-o", publish, "--nologo", "-v", "q"]))!;
        await p.WaitForExitAsync();
        if (p.ExitCode != 0) return p.ExitCode;
        await using var db = await BenchDatabase.CreateAsync("coldstart");
        var storage = Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "UseDevelopmentStorage=true";
        var times = new List<double>();
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(2) };
        for (var i = 0; i < runs + 1; i++)
        {
            var port = FreePort();
            var psi = new ProcessStartInfo(Path.Combine(publish, "StoreSync.LocalHost"))
            {
                WorkingDirectory = publish,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                Environment = { ["STORESYNC_PORT"] = port.ToString(), ["STORESYNC_DB"] = db.ConnectionString, ["AzureWebJobsStorage"] = storage },
            };
            var sw = Stopwatch.StartNew();
            using var proc = Process.Start(psi)!;
            proc.OutputDataReceived += (_, _) => { };
            proc.ErrorDataReceived += (_, _) => { };
            proc.BeginOutputReadLine();
            proc.BeginErrorReadLine();
            while (sw.Elapsed < TimeSpan.FromSeconds(30))
            {
                try
                {
                    var r = await http.GetAsync($"http://127.0.0.1:{port}/api/health");
                    if (r.IsSuccessStatusCode) break;
                }
                catch (HttpRequestException) { }
                await Task.Delay(5);
            }
            sw.Stop();
            proc.Kill(entireProcessTree: true);
            await proc.WaitForExitAsync();
            // The first run also migrates the fresh database; it is not a cold start of an existing deployment.
            if (i > 0) times.Add(sw.Elapsed.TotalMilliseconds);
            Console.WriteLine($"run {i}{(i == 0 ? " (migrates, not counted)" : "")}: {sw.Elapsed.TotalMilliseconds:F0} ms");
        }
        times.Sort();
        var median = times[times.Count / 2];
        Console.WriteLine($"cold start to first 200 /api/health: median {median:F0} ms over {times.Count} runs (target < 1000 ms) {Stats.Verdict(median < 1000)}");
        return 0;
    }

    private static int FreePort()
    {
        var l = new TcpListener(System.Net.IPAddress.Loopback, 0);
        l.Start();
        var port = ((System.Net.IPEndPoint)l.LocalEndpoint).Port;
        l.Stop();
        return port;
    }

    private static string FindRepo()
    {
        var dir = new DirectoryInfo(AppContext.BaseDirectory);
        while (dir is not null && !File.Exists(Path.Combine(dir.FullName, "StoreSync.sln"))) dir = dir.Parent;
        return dir?.FullName ?? throw new InvalidOperationException("run from inside the repository");
    }
}
