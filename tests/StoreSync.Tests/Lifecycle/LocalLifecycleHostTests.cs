using System.Net.Http.Json;
using Dapper;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StoreSync.Functions.Lifecycle;
using StoreSync.LocalHost.Durable;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Lifecycle;

/// <summary>
/// The campaign lifecycle on the development host's durable backend (DurableTask.AzureStorage on Azurite) with the
/// outbox pump: HTTP actions only (the pump drains on the commit's NOTIFY), and a host replaced mid-timer.
/// </summary>
public class LocalLifecycleHostTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private async Task<IHost> StartHostAsync(string hub)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        if (Environment.GetEnvironmentVariable("STORESYNC_TEST_DURABLE_LOGS") == "1") builder.Logging.AddSimpleConsole().SetMinimumLevel(LogLevel.Information);
        builder.Services.AddSingleton(app.Services.GetRequiredService<NpgsqlDataSource>());
        builder.Services.AddSingleton(TimeProvider.System);
        // The campaign's own timer 2 s after the due instant's set-based run (30 s in production), so the test sees both.
        builder.Services.Configure<LifecycleOptions>(o => o.TimedStepGrace = TimeSpan.FromSeconds(2));
        builder.Services.AddLocalCampaignLifecycle(o =>
        {
            o.StorageConnectionString = LocalDurableBackendTests.Azurite;
            o.TaskHubName = hub;
            o.WorkerId = "test-" + hub;
            o.MaxQueuePollingInterval = TimeSpan.FromSeconds(1);
        });
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    private static async Task StopAsync(IHost host)
    {
        await host.StopAsync();
        host.Dispose();
    }

    [Fact]
    public async Task CampaignActivatesOnTimeAndCompletesAfterTheHostIsReplacedWhileItsStartTimerIsPending()
    {
        var hub = "storesyncdurabletest" + Guid.NewGuid().ToString("N")[..8];
        var setup = await app.CreateCampaignSetupAsync();
        var (_, author) = await app.SignInAsNewAsync("brandManager", [setup.BrandId]);
        var (_, reviewer) = await app.SignInAsNewAsync("brandManager", [setup.BrandId]);
        var start = DateTimeOffset.UtcNow.AddSeconds(12);
        var end = start.AddSeconds(3);
        var id = await app.CreateCampaignAsync(setup, "draft", start, end);

        var first = await StartHostAsync(hub);
        IHost? second = null;
        try
        {
            foreach (var action in new[] { "submit", "approve", "schedule" })
            {
                var response = await (action == "submit" ? author : reviewer).PostAsJsonAsync($"/api/v1/campaigns/{id}/{action}", new { });
                Assert.True(response.IsSuccessStatusCode, $"{action}: {await response.Content.ReadAsStringAsync()}");
            }
            // The pump delivered every action (on the commits' NOTIFY) and the orchestration now waits for the start.
            var client = first.Services.GetRequiredService<DurableTaskClient>();
            await WaitUntilAsync(async () => (await OutboxRowsAsync(id)) == 0 &&
                                             (await client.GetInstanceAsync(id.ToString(), getInputsAndOutputs: true))?.ReadCustomStatusAs<LifecycleProgress>()
                                             is { Status: "scheduled", NextStep: nameof(ActivateCampaign) },
                TimeSpan.FromSeconds(8));

            await StopAsync(first);
            first = null;
            Assert.True(DateTimeOffset.UtcNow < start, "the host went away while the start timer was pending");
            second = await StartHostAsync(hub);

            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(40));
            OrchestrationMetadata done;
            try
            {
                done = await second.Services.GetRequiredService<DurableTaskClient>()
                    .WaitForInstanceCompletionAsync(id.ToString(), getInputsAndOutputs: true, cts.Token);
            }
            catch (OperationCanceledException)
            {
                var meta = await second.Services.GetRequiredService<DurableTaskClient>().GetInstanceAsync(id.ToString(), true);
                Assert.Fail($"not completed: {meta?.RuntimeStatus} {meta?.FailureDetails?.ErrorMessage} input={meta?.SerializedInput} " +
                            $"status={await app.StatusOfAsync(id)} history={string.Join(",", (await app.HistoryAsync(id)).Select(h => h.Action))}");
                throw;
            }
            Assert.Equal("\"completed\"", done.SerializedOutput);
            var history = await app.HistoryAsync(id);
            Assert.Equal(["submit", "approve", "schedule", "activate", "complete"], history.Select(h => h.Action));
            Assert.InRange(history.Single(h => h.Action == "activate").At - start, TimeSpan.Zero, TimeSpan.FromSeconds(3));
            Assert.InRange(history.Single(h => h.Action == "complete").At - end, TimeSpan.Zero, TimeSpan.FromSeconds(3));
        }
        finally
        {
            if (first is not null) await StopAsync(first);
            if (second is not null)
            {
                await second.Services.GetRequiredService<DurableTaskClient>().PurgeInstanceAsync(id.ToString());
                await StopAsync(second);
            }
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

    private async Task<int> OutboxRowsAsync(Guid id)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM lifecycle_outbox WHERE campaign_id = @id", new { id });
    }

    private static async Task WaitUntilAsync(Func<Task<bool>> condition, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (!await condition())
        {
            Assert.True(DateTime.UtcNow < until, "timed out");
            await Task.Delay(100);
        }
    }
}
