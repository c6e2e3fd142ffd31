using Dapper;
using StoreSync.Functions.Lifecycle;

namespace StoreSync.Tests.Lifecycle;

/// <summary>Overlapping, interrupted and repeated set-based due runs (DueInstant, reconciliation) apply every transition exactly once and lose none.</summary>
public sealed class LifecycleConcurrencyTests(LifecycleApp app) : IClassFixture<LifecycleApp>
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 9, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TwoConcurrentDueRunsOverTheSameDueSetApplyEachTransitionExactlyOnce()
    {
        app.Clock.Set(Now);
        var setup = await app.CreateCampaignSetupAsync();
        await app.CreateCampaignsAsync(setup, "scheduled", Now.AddHours(-2), Now.AddDays(30), count: 2000);
        var small = new LifecycleOptions { BatchSize = 50 };

        var results = await Task.WhenAll(
            Task.Run(() => app.Due(small).RunAsync(false, CancellationToken.None)),
            Task.Run(() => app.Due(small).RunAsync(false, CancellationToken.None)));

        Assert.Equal(new Dictionary<string, int> { ["active"] = 2000 }, await app.StatusCountsAsync(setup.BrandId));
        var (rows, campaigns) = await ActivationHistoryAsync(setup.BrandId);
        Assert.Equal(2000, rows);
        Assert.Equal(2000, campaigns);
        Assert.Equal(2000, results.Sum(r => r.Activated));
        Assert.All(results, r => Assert.Equal(0, r.Failed));
    }

    [Fact]
    public async Task ADueRunStoppedBetweenBatchesLosesNothingAndTheNextRunFinishes()
    {
        app.Clock.Set(Now.AddDays(1));
        var setup = await app.CreateCampaignSetupAsync();
        await app.CreateCampaignsAsync(setup, "scheduled", Now, Now.AddDays(30), count: 450);

        var killed = await app.Due(new LifecycleOptions { BatchSize = 100, MaxBatchesPerRun = 1 }).RunAsync(false, CancellationToken.None);
        Assert.True(killed.StoppedEarly);
        Assert.Equal(new Dictionary<string, int> { ["active"] = 100, ["scheduled"] = 350 }, await app.StatusCountsAsync(setup.BrandId));

        var next = await app.Due(new LifecycleOptions { BatchSize = 100 }).RunAsync(true, CancellationToken.None);
        Assert.Equal(350, next.Activated);
        Assert.Equal(new Dictionary<string, int> { ["active"] = 450 }, await app.StatusCountsAsync(setup.BrandId));
        Assert.Equal((450, 450), await ActivationHistoryAsync(setup.BrandId));
    }

    [Fact]
    public async Task ADueRunCancelledMidBatchCommitsNothingOfThatBatch()
    {
        app.Clock.Set(Now.AddDays(2));
        var setup = await app.CreateCampaignSetupAsync();
        var ids = await app.CreateCampaignsAsync(setup, "scheduled", Now.AddDays(1), Now.AddDays(30), count: 300);
        // Hold a lock on one due row so the run's batch is in flight when it is cancelled.
        await using var blocker = await app.Db.OpenConnectionAsync();
        await using var held = await blocker.BeginTransactionAsync();
        await blocker.ExecuteAsync("SELECT pg_advisory_xact_lock(42)", transaction: held);
        await using (var trigger = await app.Db.OpenConnectionAsync())
            await trigger.ExecuteAsync("""
                CREATE FUNCTION test_wait_for_lock() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN PERFORM pg_advisory_lock_shared(42); PERFORM pg_advisory_unlock_shared(42); RETURN NEW; END $$;
                CREATE TRIGGER test_wait_for_lock BEFORE UPDATE ON campaigns FOR EACH ROW EXECUTE FUNCTION test_wait_for_lock();
                """);
        try
        {
            using var cts = new CancellationTokenSource(TimeSpan.FromMilliseconds(500));
            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => app.Due(new LifecycleOptions { BatchSize = 100 }).RunAsync(false, cts.Token));
        }
        finally
        {
            await held.RollbackAsync();
            await using var cleanup = await app.Db.OpenConnectionAsync();
            await cleanup.ExecuteAsync("DROP TRIGGER test_wait_for_lock ON campaigns; DROP FUNCTION test_wait_for_lock();");
        }
        Assert.Equal(new Dictionary<string, int> { ["scheduled"] = 300 }, await app.StatusCountsAsync(setup.BrandId));

        var next = await app.RunDueAsync();
        Assert.Equal(300, next.Activated);
        Assert.Equal((300, 300), await ActivationHistoryAsync(setup.BrandId));
        Assert.Single(await app.HistoryAsync(ids[0]));
    }

    private async Task<(int Rows, int Campaigns)> ActivationHistoryAsync(Guid brandId)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(int, int)>("""
            SELECT count(*)::int, count(DISTINCT h.campaign_id)::int
            FROM campaign_history h JOIN campaigns c ON c.id = h.campaign_id
            WHERE c.brand_id = @brandId AND h.action = 'activate'
            """, new { brandId });
    }
}
