using System.Diagnostics;
using System.Net.Http.Json;
using Dapper;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StoreSync.Data.Lifecycle;
using StoreSync.Functions.Lifecycle;
using StoreSync.LocalHost.Durable;
using StoreSync.Tests.Infrastructure;
using Xunit.Abstractions;

namespace StoreSync.Tests.Lifecycle;

/// <summary>Runs only with STORESYNC_DURABLE_BENCH=1 (minutes of both cores); N from STORESYNC_DURABLE_BENCH_N (default 1000).</summary>
public sealed class BenchFactAttribute : FactAttribute
{
    public BenchFactAttribute()
    {
        if (Environment.GetEnvironmentVariable("STORESYNC_DURABLE_BENCH") != "1") Skip = "Benchmark: set STORESYNC_DURABLE_BENCH=1";
    }
}

/// <summary>
/// Issue 13's figures on the development host's durable backends: bulk submit → all orchestrations waiting for review;
/// N campaigns sharing one start instant → activation lag; the same N activations as one set-based UPDATE + history INSERT.
/// </summary>
public class LifecycleScaleBenchmarks(StoreSyncApp app, ITestOutputHelper output) : IClassFixture<StoreSyncApp>
{
    private static int N => int.TryParse(Environment.GetEnvironmentVariable("STORESYNC_DURABLE_BENCH_N"), out var n) ? n : 1000;

    [BenchFact]
    public Task InMemoryBackend() => RunAsync(LocalDurableBackend.InMemory);

    [BenchFact]
    public Task AzureStorageBackendOnAzurite() => RunAsync(LocalDurableBackend.AzureStorage);

    private async Task RunAsync(LocalDurableBackend backend)
    {
        var hub = "storesyncdurablebench" + Guid.NewGuid().ToString("N")[..8];
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(app.Services.GetRequiredService<NpgsqlDataSource>());
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddLocalCampaignLifecycle(o =>
        {
            o.Backend = backend;
            o.StorageConnectionString = LocalDurableBackendTests.Azurite;
            o.TaskHubName = hub;
            o.WorkerId = "bench-" + hub;
        });
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<DurableTaskClient>();
        try
        {
            var setup = await app.CreateCampaignSetupAsync();
            var (_, author) = await app.SignInAsNewAsync("brandManager", [setup.BrandId]);

            // 1. Bulk submit → every orchestration started and waiting for review.
            var drafts = await app.CreateCampaignsAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(30), DateTimeOffset.UtcNow.AddDays(31), N);
            var clock = Stopwatch.StartNew();
            foreach (var chunk in drafts.Chunk(1000))
            {
                var r = await author.PostAsJsonAsync("/api/v1/campaigns/bulk/submit", new { campaignIds = chunk });
                Assert.True(r.IsSuccessStatusCode, await r.Content.ReadAsStringAsync());
            }
            var committed = clock.Elapsed;
            var waiting = await WaitForWaitingAsync(client, drafts.Select(d => d.ToString()).ToHashSet(), "pendingReview", TimeSpan.FromMinutes(5));
            output.WriteLine($"{backend}: bulk submit of {N}: committed in {committed.TotalSeconds:F1} s; all {waiting} waiting for review after {clock.Elapsed.TotalSeconds:F1} s");

            // 2. N campaigns sharing one start instant → activation lag.
            var lead = backend == LocalDurableBackend.InMemory ? TimeSpan.FromSeconds(15) : TimeSpan.FromSeconds(20) + committed + clock.Elapsed;
            var start = DateTimeOffset.UtcNow + lead;
            var scheduled = await app.CreateCampaignsAsync(setup, "scheduled", start, start.AddHours(1), N);
            var startClock = Stopwatch.StartNew();
            var reconciled = await host.Services.GetRequiredService<LifecycleOutbox>().ReconcileAsync(client, CancellationToken.None);
            await WaitForWaitingAsync(client, scheduled.Select(d => d.ToString()).ToHashSet(), "scheduled", TimeSpan.FromMinutes(5));
            output.WriteLine($"{backend}: {reconciled.Restarted} scheduled orchestrations started and waiting in {startClock.Elapsed.TotalSeconds:F1} s " +
                             $"(start instant {lead.TotalSeconds:F0} s ahead)");
            Assert.True(DateTimeOffset.UtcNow < start, "all were waiting before the start instant");
            var until = DateTime.UtcNow + TimeSpan.FromMinutes(5);
            await using (var conn = await app.Db.OpenConnectionAsync())
            {
                while (await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM campaigns WHERE id = ANY(@scheduled) AND status = 'active'",
                           new { scheduled }) < N && DateTime.UtcNow < until)
                    await Task.Delay(250);
                var lags = (await conn.QueryAsync<double>("""
                    SELECT extract(epoch FROM at - due_at)::float8 FROM campaign_history
                    WHERE campaign_id = ANY(@scheduled) AND action = 'activate' ORDER BY 1
                    """, new { scheduled })).ToList();
                Assert.Equal(N, lags.Count);
                output.WriteLine($"{backend}: {N} sharing one start instant: activation lag p50 {P(lags, 0.5):F2} s, p99 {P(lags, 0.99):F2} s, max {lags[^1]:F2} s");
            }

            // 3. The same N activations as one set-based statement (the bare database write).
            var bare = await app.CreateCampaignsAsync(setup, "scheduled", DateTimeOffset.UtcNow.AddSeconds(-1), DateTimeOffset.UtcNow.AddHours(1), N);
            await using (var conn = await app.Db.OpenConnectionAsync())
            {
                var sw = Stopwatch.StartNew();
                await using var tx = await conn.BeginTransactionAsync();
                var moved = await DueTransitions.ApplyBatchAsync(conn, tx, LifecycleSweep.Transitions[0], DateTimeOffset.UtcNow, N, [], CancellationToken.None);
                await tx.CommitAsync();
                output.WriteLine($"{backend}: set-based UPDATE + history INSERT of {moved.Count} activations: {sw.Elapsed.TotalMilliseconds:F0} ms");
            }
        }
        finally
        {
            await host.StopAsync();
            if (backend == LocalDurableBackend.AzureStorage)
            {
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

    private static double P(List<double> sorted, double q) => sorted[Math.Min(sorted.Count - 1, (int)Math.Ceiling(q * sorted.Count) - 1)];

    /// <summary>Until every listed instance's custom status says it waits in <paramref name="status"/>; returns how many.</summary>
    private static async Task<int> WaitForWaitingAsync(DurableTaskClient client, HashSet<string> ids, string status, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            var count = 0;
            await foreach (var i in client.GetAllInstancesAsync(new OrchestrationQuery { PageSize = 1000, FetchInputsAndOutputs = true }))
                if (ids.Contains(i.InstanceId) && i.ReadCustomStatusAs<LifecycleProgress>()?.Status == status) count++;
            if (count == ids.Count) return count;
            Assert.True(DateTime.UtcNow < until, $"only {count} of {ids.Count} waiting in {status}");
            await Task.Delay(500);
        }
    }
}
