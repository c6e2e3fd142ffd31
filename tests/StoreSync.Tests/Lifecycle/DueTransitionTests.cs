using Dapper;
using StoreSync.Data.Lifecycle;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using StoreSync.Functions.Lifecycle;

namespace StoreSync.Tests.Lifecycle;

/// <summary>
/// The timed transitions: scheduled → active at the start instant, active → completed at the end, through the workflow table;
/// set-based at a due instant (the DueInstant orchestration's activity), one campaign at a time (its own orchestration, the
/// real activities on a mocked context), and as reconciliation's catch-up after downtime.
/// </summary>
public sealed class DueTransitionTests(LifecycleApp app) : IClassFixture<LifecycleApp>
{
    private static readonly DateTimeOffset Base = new(2026, 10, 20, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task CampaignsStartAndEndAtNineLocalInChicagoAndBerlinAcrossChicagosDstChange()
    {
        var chicago = await app.CreateCampaignSetupAsync("America/Chicago");
        var berlin = await app.CreateCampaignSetupAsync("Europe/Berlin");
        // Chicago leaves daylight time on 2026-11-01: 09:00 is 14:00Z the day before, 15:00Z that day. Berlin left it on 2026-10-25.
        var chicagoStart = LifecycleTestData.NineLocal(2026, 10, 31, "America/Chicago");
        var chicagoEnd = LifecycleTestData.NineLocal(2026, 11, 1, "America/Chicago");
        var berlinStart = LifecycleTestData.NineLocal(2026, 11, 1, "Europe/Berlin");
        var berlinEnd = LifecycleTestData.NineLocal(2026, 11, 2, "Europe/Berlin");
        Assert.Equal(DateTimeOffset.Parse("2026-10-31T14:00:00Z"), chicagoStart);
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T15:00:00Z"), chicagoEnd);
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T08:00:00Z"), berlinStart);
        var inChicago = await app.CreateCampaignAsync(chicago, "scheduled", chicagoStart, chicagoEnd);
        var inBerlin = await app.CreateCampaignAsync(berlin, "scheduled", berlinStart, berlinEnd);

        async Task At(DateTimeOffset now, string chicagoStatus, string berlinStatus)
        {
            app.Clock.Set(now);
            await app.RunDueAsync();
            Assert.Equal(chicagoStatus, await app.StatusOfAsync(inChicago));
            Assert.Equal(berlinStatus, await app.StatusOfAsync(inBerlin));
        }

        await At(chicagoStart.AddSeconds(-1), "scheduled", "scheduled");
        await At(chicagoStart, "active", "scheduled");
        await At(berlinStart.AddSeconds(-1), "active", "scheduled");
        await At(berlinStart, "active", "active");
        await At(chicagoEnd.AddHours(-1), "active", "active"); // 09:00 by the summer offset: not yet
        await At(chicagoEnd, "completed", "active");
        await At(berlinEnd, "completed", "completed");

        var history = await app.HistoryAsync(inChicago);
        Assert.Equal(["activate", "complete"], history.Select(h => h.Action));
        Assert.Equal([chicagoStart, chicagoEnd], history.Select(h => h.At));
        Assert.All(history, h => Assert.Null(h.ActorId));
    }

    [Fact]
    public async Task EachCampaignsOwnOrchestrationStartsAndEndsItAtNineLocalAcrossChicagosDstChange()
    {
        var chicago = await app.CreateCampaignSetupAsync("America/Chicago");
        var start = LifecycleTestData.NineLocal(2026, 10, 31, "America/Chicago");
        var end = LifecycleTestData.NineLocal(2026, 11, 1, "America/Chicago");
        var id = await app.CreateCampaignAsync(chicago, "scheduled", start, end);
        var driver = await app.DriveAsync(app.Clock, id, start.AddDays(-2));

        driver.AdvanceTo(start.UtcDateTime.AddSeconds(-1));
        Assert.Equal("scheduled", await app.StatusOfAsync(id));
        driver.AdvanceTo(start.UtcDateTime);
        Assert.Equal("active", await app.StatusOfAsync(id));
        driver.AdvanceTo(end.UtcDateTime.AddHours(-1)); // 09:00 by the summer offset: not yet
        Assert.Equal("active", await app.StatusOfAsync(id));
        driver.AdvanceTo(end.UtcDateTime);

        Assert.Equal("completed", await driver.Run);
        var history = await app.HistoryAsync(id);
        Assert.Equal([("activate", start, (DateTimeOffset?)start), ("complete", end, end)], history.Select(h => (h.Action, h.At, h.DueAt)));
        Assert.All(history, h => Assert.Null(h.ActorId));
        Assert.Contains("Lifecycle orchestration (due 2026-10-31T14:00:00Z)", history[0].Comment);
    }

    [Fact]
    public async Task ReconciliationAfterDowntimeCatchesUpBothTransitionsInOrder()
    {
        var setup = await app.CreateCampaignSetupAsync();
        var start = Base.AddDays(1);
        var end = Base.AddDays(2);
        var id = await app.CreateCampaignAsync(setup, "scheduled", start, end);
        var now = Base.AddDays(3); // the app was down through both instants
        app.Clock.Set(now);

        var logs = await app.RunReconcileTimerAsync(new Mock<DurableTaskClient>("test").Object);

        Assert.Equal("completed", await app.StatusOfAsync(id));
        var history = await app.HistoryAsync(id);
        Assert.Collection(history,
            a => Assert.Equal(("scheduled", "active", "activate", (Guid?)null, now, (DateTimeOffset?)start), (a.FromStatus, a.ToStatus, a.Action, a.ActorId, a.At, a.DueAt)),
            c => Assert.Equal(("active", "completed", "complete", (Guid?)null, now, (DateTimeOffset?)end), (c.FromStatus, c.ToStatus, c.Action, c.ActorId, c.At, c.DueAt)));
        Assert.Contains("Lifecycle orchestration (due 2026-10-21T12:00:00Z)", history[0].Comment);
        Assert.Contains(logs, l => l.Contains("caughtUpActivated=") && l.Contains("caughtUpCompleted="));
    }

    [Fact]
    public async Task ACatchUpBacklogLongerThanABatchEndsCompletedInOneRun()
    {
        var (setup, now) = await QuietMomentAsync(days: 50);
        // Oldest starts first: the completions run dry while activations still go on, then the last ones need completing.
        await app.CreateCampaignsAsync(setup, "scheduled", now.AddDays(-3), now.AddDays(5), count: 4);
        await app.CreateCampaignsAsync(setup, "scheduled", now.AddDays(-2), now.AddHours(-1), count: 3);

        var result = await app.Due(new LifecycleOptions { BatchSize = 2 }).RunAsync(true, CancellationToken.None);

        Assert.Equal((7, 3), (result.Activated, result.Completed));
        Assert.Equal(new Dictionary<string, int> { ["active"] = 4, ["completed"] = 3 }, await app.StatusCountsAsync(setup.BrandId));
    }

    [Fact]
    public async Task TheReconciliationTimerReportsWhatItCaughtUpAndRestarted()
    {
        var (setup, now) = await QuietMomentAsync(days: 10);
        var started = await app.CreateCampaignsAsync(setup, "scheduled", now.AddMinutes(-1), now.AddDays(1), count: 3);
        await app.CreateCampaignsAsync(setup, "active", now.AddDays(-1), now.AddSeconds(-5), count: 2);
        var client = new Mock<DurableTaskClient>("test");

        var logs = await app.RunReconcileTimerAsync(client.Object);

        var summary = Assert.Single(logs, l => l.StartsWith("Lifecycle reconciliation: caughtUp"));
        Assert.Contains("caughtUpActivated=3 caughtUpCompleted=2", summary);
        Assert.Matches("restarted=[1-9]", summary);
        Assert.Contains("durationMs=", summary);
        // The three now active had no orchestration: each gets one, waiting for its end.
        foreach (var id in started)
            client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(nameof(CampaignLifecycle), It.Is<object?>(i => ((LifecycleInput)i!).State!.Status == "active"),
                It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == id.ToString("D")), It.IsAny<CancellationToken>()), Times.Once);
        Assert.Equal(new Dictionary<string, int> { ["active"] = 3, ["completed"] = 2 }, await app.StatusCountsAsync(setup.BrandId));
    }

    [Fact]
    public async Task ARepeatedRunAppliesNothingTwice()
    {
        var (setup, now) = await QuietMomentAsync(days: 20);
        var ids = await app.CreateCampaignsAsync(setup, "scheduled", now.AddHours(-1), now.AddHours(1), count: 5);

        await app.RunDueAsync();
        var second = await app.RunDueAsync();
        // The campaign's own orchestration, waking after the instant's run, finds it moved and writes nothing.
        var late = await app.Steps().ApplyTimedAsync("activate", new TimedStep(ids[0], now.AddHours(-1)), CancellationToken.None);

        Assert.Equal(0, second.Activated);
        Assert.Equal("active", late?.Status);
        foreach (var id in ids) Assert.Single(await app.HistoryAsync(id));
    }

    [Fact]
    public async Task AFailingCampaignIsLoggedAndSkippedWhileTheOthersTransition()
    {
        var (setup, now) = await QuietMomentAsync(days: 30);
        var ids = await app.CreateCampaignsAsync(setup, "scheduled", now.AddMinutes(-10), now.AddDays(1), count: 6);
        var bad = ids[2];
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync($"""
            CREATE FUNCTION test_fail_one_campaign() RETURNS trigger LANGUAGE plpgsql AS $$
            BEGIN
                IF NEW.id = '{bad}' THEN RAISE EXCEPTION 'injected failure for %', NEW.id; END IF;
                RETURN NEW;
            END $$;
            CREATE TRIGGER test_fail_one_campaign BEFORE UPDATE ON campaigns FOR EACH ROW EXECUTE FUNCTION test_fail_one_campaign();
            """);
        try
        {
            var result = await app.RunDueAsync();

            Assert.Contains("activated=5 completed=0 failed=1", result.Summary);
            Assert.Contains(result.Problems, l => l.Contains(bad.ToString()) && l.Contains("injected failure"));
            foreach (var id in ids.Where(i => i != bad)) Assert.Equal("active", await app.StatusOfAsync(id));
            Assert.Equal("scheduled", await app.StatusOfAsync(bad));
            Assert.Empty(await app.HistoryAsync(bad));
        }
        finally
        {
            await conn.ExecuteAsync("DROP TRIGGER test_fail_one_campaign ON campaigns; DROP FUNCTION test_fail_one_campaign();");
        }

        var next = await app.RunDueAsync();
        Assert.Equal(1, next.Activated);
        Assert.Equal("active", await app.StatusOfAsync(bad));
    }

    [Fact]
    public async Task ARunOutOfTimeStartsNoBatchAndTheNextRunTakesItAll()
    {
        var (setup, now) = await QuietMomentAsync(days: 40);
        var ids = await app.CreateCampaignsAsync(setup, "scheduled", now.AddMinutes(-1), now.AddDays(1), count: 4);

        var late = await app.Due(new LifecycleOptions { TimeBudget = TimeSpan.Zero }).RunAsync(false, CancellationToken.None);
        Assert.True(late.StoppedEarly);
        Assert.Equal(0, late.Batches);
        foreach (var id in ids) Assert.Equal("scheduled", await app.StatusOfAsync(id));

        var next = await app.RunDueAsync();
        Assert.False(next.StoppedEarly);
        Assert.Equal(4, next.Activated);
    }

    /// <summary>A new brand, the clock at Base + days, and nothing left due from earlier tests of this class.</summary>
    private async Task<(CampaignSetup Setup, DateTimeOffset Now)> QuietMomentAsync(int days)
    {
        var setup = await app.CreateCampaignSetupAsync();
        var now = Base.AddDays(days);
        app.Clock.Set(now);
        await app.RunDueAsync();
        return (setup, now);
    }

    [Theory]
    [InlineData("activate", "campaigns_due_start_idx")]
    [InlineData("complete", "campaigns_due_end_idx")]
    public async Task TheDueQueriesCanUseTheirPartialIndexes(string action, string index)
    {
        var t = DueTransitionRunner.Transitions.Single(x => x.Action == action);
        await using var conn = await app.Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // A fresh test database is tiny, so the planner would rightly scan it; forbid that to prove the index matches the query.
        await conn.ExecuteAsync("SET LOCAL enable_seqscan = off", transaction: tx);
        var plan = string.Join("\n", await conn.QueryAsync<string>("EXPLAIN " + DueTransitions.ClaimSql(t),
            new { fromStatuses = t.FromStatuses, now = DateTime.UtcNow, exclude = Array.Empty<Guid>(), limit = 500 }, tx));
        Assert.Contains(index, plan);
        Assert.DoesNotContain("Sort", plan);
    }

    [Theory]
    [InlineData("submit")]
    [InlineData("approve")]
    [InlineData("cancel")]
    [InlineData("nosuchaction")]
    public void TheLifecycleRefusesAnythingButTheWorkflowsSystemTransitions(string action) =>
        Assert.Throws<InvalidOperationException>(() => DueTransitionRunner.Resolve(action, DueOn.Start));

    [Fact]
    public void TheTimedTransitionsComeFromTheWorkflowTable() =>
        Assert.Equal([("activate", "scheduled", "active"), ("complete", "active", "completed")],
            DueTransitionRunner.Transitions.Select(t => (t.Action, t.FromStatuses.Single(), t.ToStatus)));
}
