using System.Diagnostics;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using StoreSync.LocalHost.Durable;

namespace StoreSync.Tests.Lifecycle;

/// <summary>
/// The development host's durable backend (src/StoreSync.LocalHost/Durable, linked into this project): the Durable Task
/// SDK worker and client over the gRPC sidecar over DurableTask.AzureStorage on Azurite, and the in-memory option.
/// </summary>
public class LocalDurableBackendTests
{
    /// <summary>Azurite as scripts/azurite.sh starts it (STORESYNC_AZURITE overrides).</summary>
    public static string Azurite { get; } = Environment.GetEnvironmentVariable("STORESYNC_AZURITE") ??
        "DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;" +
        "AccountKey=Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==;" +
        "BlobEndpoint=http://127.0.0.1:10000/devstoreaccount1;QueueEndpoint=http://127.0.0.1:10001/devstoreaccount1;" +
        "TableEndpoint=http://127.0.0.1:10002/devstoreaccount1;";

    private const string TimerThenDone = nameof(TimerThenDone);

    /// <summary>Waits 3 s on a durable timer (re-waiting if it fires early), then reports when it finished.</summary>
    private static void Tasks(DurableTaskRegistry r) => r.AddOrchestratorFunc<int, string>(TimerThenDone, async (ctx, seconds) =>
    {
        var due = ctx.CurrentUtcDateTime.AddSeconds(seconds);
        while (ctx.CurrentUtcDateTime < due) await ctx.CreateTimer(due, CancellationToken.None);
        return $"done {due:O}";
    });

    private static async Task<IHost> StartHostAsync(Action<LocalDurableOptions> configure)
    {
        var builder = Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Logging.SetMinimumLevel(LogLevel.Warning);
        builder.Services.AddLocalDurable(Tasks, configure);
        var host = builder.Build();
        await host.StartAsync();
        return host;
    }

    [Fact]
    public async Task OrchestrationWaitingOnATimerCompletesAfterTheHostIsReplacedOnTheSameTaskHub()
    {
        var hub = "storesyncdurabletest" + Guid.NewGuid().ToString("N")[..8];
        void Configure(LocalDurableOptions o)
        {
            o.StorageConnectionString = Azurite;
            o.TaskHubName = hub;
            o.WorkerId = "test-" + hub;
            o.MaxQueuePollingInterval = TimeSpan.FromSeconds(1);
        }

        var first = await StartHostAsync(Configure);
        var instanceId = "timer-" + Guid.NewGuid().ToString("N");
        string? result;
        try
        {
            var client = first.Services.GetRequiredService<DurableTaskClient>();
            await client.ScheduleNewOrchestrationInstanceAsync(TimerThenDone, 3, new StartOrchestrationOptions(instanceId));
            using (var started = new CancellationTokenSource(TimeSpan.FromSeconds(30)))
                await client.WaitForInstanceStartAsync(instanceId, started.Token);
            await Task.Delay(TimeSpan.FromSeconds(1)); // mid-timer
        }
        finally
        {
            await first.StopAsync();
            first.Dispose();
        }

        var second = await StartHostAsync(Configure);
        try
        {
            var client = second.Services.GetRequiredService<DurableTaskClient>();
            var before = await client.GetInstanceAsync(instanceId);
            Assert.Equal(OrchestrationRuntimeStatus.Running, before?.RuntimeStatus);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var done = await client.WaitForInstanceCompletionAsync(instanceId, getInputsAndOutputs: true, cts.Token);
            Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
            result = done.ReadOutputAs<string>();
            Assert.StartsWith("done ", result);
        }
        finally
        {
            var client = second.Services.GetRequiredService<DurableTaskClient>();
            await client.PurgeInstanceAsync(instanceId);
            await second.StopAsync();
            second.Dispose();
            await DeleteTaskHubAsync(hub);
        }
    }

    private static int _stepRuns;
    private static readonly TaskCompletionSource StepStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>An orchestration whose activity hangs on its first run (the host dies mid-activity) and succeeds after.</summary>
    private static void MidActivityTasks(DurableTaskRegistry r) => r
        .AddOrchestratorFunc<string, string>("OneStep", (ctx, input) => ctx.CallActivityAsync<string>("Step", input))
        .AddActivityFunc<string, string>("Step", async (_, input) =>
        {
            if (Interlocked.Increment(ref _stepRuns) == 1)
            {
                StepStarted.TrySetResult();
                await Task.Delay(Timeout.Infinite);
            }
            return "stepped " + input;
        });

    [Fact]
    public async Task OrchestrationWhoseHostDiedMidActivityCompletesOnTheNextHostAfterTheVisibilityTimeout()
    {
        var hub = "storesyncdurabletest" + Guid.NewGuid().ToString("N")[..8];
        void Configure(LocalDurableOptions o)
        {
            o.StorageConnectionString = Azurite;
            o.TaskHubName = hub;
            o.WorkerId = "test-" + hub;
            o.MaxQueuePollingInterval = TimeSpan.FromSeconds(1);
            o.VisibilityTimeout = TimeSpan.FromSeconds(8);
        }
        async Task<IHost> Start()
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Logging.ClearProviders();
            builder.Services.Configure<HostOptions>(h => h.ShutdownTimeout = TimeSpan.FromSeconds(5));
            builder.Services.AddLocalDurable(MidActivityTasks, Configure);
            var host = builder.Build();
            await host.StartAsync();
            return host;
        }

        var id = "step-" + Guid.NewGuid().ToString("N");
        var first = await Start();
        await first.Services.GetRequiredService<DurableTaskClient>().ScheduleNewOrchestrationInstanceAsync("OneStep", "x", new StartOrchestrationOptions(id));
        await StepStarted.Task.WaitAsync(TimeSpan.FromSeconds(30));
        await first.StopAsync();
        first.Dispose();

        var second = await Start();
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(60));
            var done = await second.Services.GetRequiredService<DurableTaskClient>().WaitForInstanceCompletionAsync(id, true, cts.Token);
            Assert.Equal("stepped x", done.ReadOutputAs<string>());
            Assert.True(_stepRuns >= 2);
        }
        finally
        {
            await second.StopAsync();
            second.Dispose();
            await DeleteTaskHubAsync(hub);
        }
    }

    [Fact]
    public async Task InMemoryBackendRunsManyInstancesBeyondTheProcessorCountLimit()
    {
        var host = await StartHostAsync(o => o.Backend = LocalDurableBackend.InMemory);
        try
        {
            var client = host.Services.GetRequiredService<DurableTaskClient>();
            var ids = Enumerable.Range(0, 50).Select(i => $"mem-{i}-{Guid.NewGuid():N}").ToList();
            var clock = Stopwatch.StartNew();
            await Task.WhenAll(ids.Select(id => client.ScheduleNewOrchestrationInstanceAsync(TimerThenDone, 1, new StartOrchestrationOptions(id))));
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            var done = await Task.WhenAll(ids.Select(id => client.WaitForInstanceCompletionAsync(id, true, cts.Token)));
            Assert.All(done, d => Assert.Equal(OrchestrationRuntimeStatus.Completed, d.RuntimeStatus));
            Assert.True(clock.Elapsed < TimeSpan.FromSeconds(15), $"50 one-second timers took {clock.Elapsed}");
        }
        finally
        {
            await host.StopAsync();
            host.Dispose();
        }
    }

    /// <summary>Removes the task hub's queues, tables and blob container from Azurite.</summary>
    private static async Task DeleteTaskHubAsync(string hub)
    {
        try
        {
            var service = LocalDurableServiceCollectionExtensions.CreateOrchestrationService(
                new LocalDurableOptions { StorageConnectionString = Azurite, TaskHubName = hub }, LoggerFactory.Create(_ => { }));
            await service.DeleteAsync();
        }
        catch (Exception)
        {
            // Best effort: a leftover test hub costs only Azurite disk.
        }
    }
}
