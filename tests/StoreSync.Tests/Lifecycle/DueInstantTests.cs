using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.Logging.Abstractions;
using Moq;
using StoreSync.Functions.Lifecycle;

namespace StoreSync.Tests.Lifecycle;

/// <summary>The DueInstant orchestration: a timer to the instant, then one set-based activity for every campaign due by then.</summary>
public sealed class DueInstantTests
{
    [Fact]
    public async Task ItWaitsForTheInstantAgainWhenItsTimerFiresEarlyThenRunsOneActivity()
    {
        var instant = new DateTime(2027, 3, 1, 6, 0, 0, DateTimeKind.Utc);
        var now = instant.AddDays(-2);
        var timers = new List<DateTime>();
        var ctx = new Mock<TaskOrchestrationContext>();
        ctx.SetupGet(c => c.CurrentUtcDateTime).Returns(() => now);
        ctx.Setup(c => c.CreateTimer(It.IsAny<DateTime>(), It.IsAny<CancellationToken>())).Returns((DateTime at, CancellationToken _) =>
        {
            timers.Add(at);
            now = timers.Count == 1 ? at.AddMilliseconds(-300) : at; // the first fires 0.3 s early, as durable timers can
            return Task.CompletedTask;
        });
        var result = new DueRunResult(3, 0, 0, 1, 5, false, []);
        ctx.Setup(c => c.CallActivityAsync<DueRunResult?>(nameof(ApplyDueTransitions), instant, It.IsAny<TaskOptions?>())).ReturnsAsync(result);

        Assert.Same(result, await new DueInstant().RunAsync(ctx.Object, instant));
        Assert.Equal([instant, instant], timers);
        ctx.Verify(c => c.CallActivityAsync<DueRunResult?>(It.IsAny<TaskName>(), It.IsAny<object?>(), It.IsAny<TaskOptions?>()), Times.Once);
    }

    [Fact]
    public void InstancesAreNamedByTheirInstantToTheMillisecond() =>
        Assert.Equal("due-20271031T140000.250Z", DueInstant.InstanceIdFor(new DateTime(2027, 10, 31, 14, 0, 0, 250, DateTimeKind.Utc)));

    [Fact]
    public async Task EnsuringStartsOneOrchestrationPerDistinctInstantAndToleratesALiveOne()
    {
        var client = new Mock<DurableTaskClient>("test");
        var a = new DateTime(2027, 1, 1, 0, 0, 0, DateTimeKind.Utc);
        var b = a.AddHours(1);
        client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(nameof(DueInstant), b, It.IsAny<StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new InvalidOperationException("already running"));

        var started = await DueInstant.EnsureAsync(client.Object, [a, a, b, a], CancellationToken.None);

        Assert.Equal(1, started);
        client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(nameof(DueInstant), a,
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == DueInstant.InstanceIdFor(a)), It.IsAny<CancellationToken>()), Times.Once);
    }
}

/// <summary>Many campaigns sharing one start, for real (DurableTaskTestHost, the app's database).</summary>
public sealed class CrowdedInstantTests(DurableLifecycleApp app) : IClassFixture<DurableLifecycleApp>
{
    [Fact]
    public async Task FiftyCampaignsSharingOneStartAllGoLiveThroughOneSetBasedRun()
    {
        var setup = await app.CreateCampaignSetupAsync();
        var (_, reviewer) = await app.SignInAsNewAsync("brandManager", [setup.BrandId]);
        var start = DateTimeOffset.UtcNow.AddSeconds(12);
        var ids = await app.CreateCampaignsAsync(setup, "approved", start, start.AddMinutes(10), count: 50, submittedAt: DateTimeOffset.UtcNow.AddMinutes(-1));
        foreach (var id in ids) await app.ActAsync(reviewer, id, "schedule", drain: false);
        await app.DrainAsync();

        var due = await app.Client.WaitForInstanceCompletionAsync(DueInstant.InstanceIdFor(start.UtcDateTime), getInputsAndOutputs: true,
            new CancellationTokenSource(TimeSpan.FromSeconds(30)).Token);

        Assert.Equal(OrchestrationRuntimeStatus.Completed, due.RuntimeStatus);
        Assert.True(due.ReadOutputAs<DueRunResult>()!.Activated >= 50);
        Assert.Equal(new Dictionary<string, int> { ["active"] = 50 }, await app.StatusCountsAsync(setup.BrandId));
        var activations = new List<DateTimeOffset>();
        foreach (var id in ids) activations.Add(Assert.Single(await app.HistoryAsync(id), h => h.Action == "activate").At);
        // One set-based run moved them all: one transaction, one instant, at or after the start (lag: see the lifecycle bench).
        Assert.True(Assert.Single(activations.Distinct()) >= start);
    }
}
