using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Net.Sockets;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.Logging;
using StoreSync.LocalHost.Durable;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Lifecycle;

/// <summary>
/// The development host as its own process (its orchestrations on DurableTask.AzureStorage over Azurite), killed with
/// SIGKILL mid-lifecycle and started again on the same task hub and database: nothing it had committed or scheduled is lost.
/// </summary>
public sealed class LocalHostProcessTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private sealed class HostProcess(Process process, StringBuilder log, string baseUrl) : IAsyncDisposable
    {
        public string BaseUrl => baseUrl;
        public string Log { get { lock (log) return log.ToString(); } }

        public void KillHard() => process.Kill(entireProcessTree: true); // SIGKILL on Linux: no shutdown, no lease release

        public async ValueTask DisposeAsync()
        {
            if (!process.HasExited) process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync();
            process.Dispose();
        }
    }

    private async Task<HostProcess> StartAsync(string hub, int port)
    {
        var dll = typeof(StoreSync.LocalHost.LocalHostEntryPoint).Assembly.Location;
        var info = new ProcessStartInfo("dotnet", [dll, "--contentRoot", Path.GetDirectoryName(dll)!])
        {
            RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false,
        };
        info.Environment["STORESYNC_DB"] = app.ConnectionString;
        info.Environment["STORESYNC_PORT"] = port.ToString();
        info.Environment["AzureWebJobsStorage"] = LocalDurableBackendTests.Azurite;
        info.Environment["DurableTaskHub"] = hub;
        info.Environment["ImportsContainer"] = app.ImportsContainer;
        info.Environment["Auth__KeyRingEncryptionKey"] = app.KeyRingKey;
        info.Environment["Auth__LoginPermitLimit"] = "1000";
        info.Environment["Auth__BootstrapAdminUsername"] = "";
        info.Environment["LocalHost__RunTimers"] = "false";
        info.Environment["LocalHost__Durable__MaxQueuePollingInterval"] = "00:00:01";
        info.Environment["Lifecycle__TimedStepGrace"] = "00:00:02";
        var log = new StringBuilder();
        var process = Process.Start(info)!;
        process.OutputDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.ErrorDataReceived += (_, e) => { lock (log) log.AppendLine(e.Data); };
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        var host = new HostProcess(process, log, $"http://127.0.0.1:{port}");
        using var http = new HttpClient();
        var until = DateTime.UtcNow.AddSeconds(60);
        while (true)
        {
            try
            {
                if ((await http.GetAsync(host.BaseUrl + "/api/health")).StatusCode == HttpStatusCode.OK) return host;
            }
            catch (HttpRequestException) { }
            if (process.HasExited || DateTime.UtcNow > until)
                throw new InvalidOperationException($"The host did not come up: {host.Log}");
            await Task.Delay(250);
        }
    }

    private static async Task<HttpClient> SignInAsync(HostProcess host, StoreSyncApp.TestUser user)
    {
        var client = new HttpClient { BaseAddress = new Uri(host.BaseUrl) };
        var response = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = user.Username, password = StoreSyncApp.Password });
        response.EnsureSuccessStatusCode();
        var token = await response.Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token.GetProperty("accessToken").GetString());
        return client;
    }

    private static async Task ActAsync(HttpClient client, Guid id, string action)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/campaigns/{id}/{action}", new { });
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
    }

    private async Task<int> OutboxRowsAsync(params Guid[] ids)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM lifecycle_outbox WHERE campaign_id = ANY(@ids)", new { ids });
    }

    private static int FreePort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    [Fact]
    public async Task AKill9WhileOneCampaignAwaitsReviewAndAnotherItsStartTimerLosesNeitherAndBothRunOnTime()
    {
        var hub = "storesynckill" + Guid.NewGuid().ToString("N")[..8];
        _ = app.Services; // the in-process app's start-up configures the data layer the test reads with (it runs no lifecycle)
        var setup = await app.CreateCampaignSetupAsync();
        var author = await app.CreateUserAsync("brandManager", [setup.BrandId]);
        var reviewer = await app.CreateUserAsync("brandManager", [setup.BrandId]);
        var port = FreePort();
        var timed = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddSeconds(50), DateTimeOffset.UtcNow.AddSeconds(55));
        var reviewed = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2));
        HostProcess? first = null, second = null;
        try
        {
            first = await StartAsync(hub, port);
            var a = await SignInAsync(first, author);
            var r = await SignInAsync(first, reviewer);
            // The start and end are set at scheduling: 25 s ahead leaves room for a slow restart.
            var start = DateTimeOffset.UtcNow.AddSeconds(25);
            await using (var conn = await app.Db.OpenConnectionAsync())
                await conn.ExecuteAsync("UPDATE campaigns SET scheduled_start = @s, scheduled_end = @e WHERE id = @timed",
                    new { s = start.UtcDateTime, e = start.AddSeconds(4).UtcDateTime, timed });
            await ActAsync(a, timed, "submit");
            await ActAsync(r, timed, "approve");
            await ActAsync(r, timed, "schedule");
            await ActAsync(a, reviewed, "submit");
            var delivered = DateTime.UtcNow.AddSeconds(15);
            while (await OutboxRowsAsync(timed, reviewed) > 0 && DateTime.UtcNow < delivered) await Task.Delay(100);
            Assert.Equal(0, await OutboxRowsAsync(timed, reviewed));
            await Task.Delay(1000); // let the new orchestrations' first episodes (timers, waits) reach the task hub

            first.KillHard();
            await first.DisposeAsync();
            first = null;
            Assert.True(DateTimeOffset.UtcNow < start, "killed while the start timer was pending");
            second = await StartAsync(hub, port);

            var r2 = await SignInAsync(second, reviewer);
            await ActAsync(r2, reviewed, "approve"); // the review the killed host was waiting for
            var until = start.AddSeconds(30);
            while (await app.StatusOfAsync(timed) != "completed" && DateTimeOffset.UtcNow < until) await Task.Delay(200);

            var history = await app.HistoryAsync(timed);
            Assert.True(history.Count == 5, $"history {string.Join(",", history.Select(h => h.Action))}; log: {second.Log}");
            Assert.InRange(history.Single(h => h.Action == "activate").At - start, TimeSpan.Zero, TimeSpan.FromSeconds(3));
            Assert.InRange(history.Single(h => h.Action == "complete").At - start.AddSeconds(4), TimeSpan.Zero, TimeSpan.FromSeconds(3));
            Assert.Equal("approved", await app.StatusOfAsync(reviewed));
            Assert.Equal(["submit", "approve"], (await app.HistoryAsync(reviewed)).Select(h => h.Action));
            Assert.Equal(0, await OutboxRowsAsync(timed, reviewed));
        }
        finally
        {
            if (first is not null) await first.DisposeAsync();
            if (second is not null) await second.DisposeAsync();
            try
            {
                await LocalDurableServiceCollectionExtensions.CreateOrchestrationService(
                    new LocalDurableOptions { StorageConnectionString = LocalDurableBackendTests.Azurite, TaskHubName = hub },
                    LoggerFactory.Create(_ => { })).DeleteAsync();
            }
            catch (Exception)
            {
                // best effort
            }
        }
    }
}
