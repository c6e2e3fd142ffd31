using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Data.Lifecycle;
using StoreSync.Functions.Lifecycle;
using StoreSync.Functions.Notifications;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Lifecycle;

/// <summary>The app with a clock the tests move (the lifecycle's steps read time from it).</summary>
public sealed class LifecycleApp : StoreSyncApp
{
    protected override bool UseTestClock => true;
}

public sealed record CampaignSetup(Guid BrandId, Guid LocationId, Guid TemplateId);

public sealed record HistoryEntry(string? FromStatus, string ToStatus, string Action, Guid? ActorId, DateTimeOffset At, DateTimeOffset? DueAt, string? Comment);

/// <summary>Test data written straight into the database, plus ways to run the lifecycle's steps and timers.</summary>
public static class LifecycleTestData
{
    public static async Task<CampaignSetup> CreateCampaignSetupAsync(this StoreSyncApp app, string timeZone = "America/Chicago", string? brandSettingsJson = null)
    {
        var brandId = await app.CreateBrandAsync();
        if (brandSettingsJson is not null)
        {
            await using var c = await app.Db.OpenConnectionAsync();
            await c.ExecuteAsync("UPDATE brands SET settings = @s::jsonb WHERE id = @brandId", new { s = brandSettingsJson, brandId });
        }
        var locationId = await app.CreateLocationAsync(brandId, timeZone: timeZone);
        var templateId = Guid.CreateVersion7();
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO templates (id, brand_id, name, content) VALUES (@templateId, @brandId, 'Weekend sale', 'Save {{percent}} this weekend')
            """, new { templateId, brandId });
        return new CampaignSetup(brandId, locationId, templateId);
    }

    /// <summary>Inserts <paramref name="count"/> campaigns in the given status in one statement; returns their ids in order.</summary>
    public static async Task<Guid[]> CreateCampaignsAsync(this StoreSyncApp app, CampaignSetup setup, string status, DateTimeOffset? start,
        DateTimeOffset? end, int count = 1, DateTimeOffset? submittedAt = null, Guid? submittedBy = null)
    {
        var ids = Enumerable.Range(0, count).Select(_ => Guid.CreateVersion7()).ToArray();
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO campaigns (id, brand_id, location_id, template_id, name, rendered_content, status, scheduled_start, scheduled_end,
                                   submitted_at, submitted_by)
            SELECT id, @BrandId, @LocationId, @TemplateId, 'Campaign ' || ord, 'Save 10% this weekend', @status, @start, @end, @submittedAt, @submittedBy
            FROM unnest(@ids) WITH ORDINALITY AS x(id, ord)
            """, new { setup.BrandId, setup.LocationId, setup.TemplateId, status, start = start?.UtcDateTime, end = end?.UtcDateTime,
            submittedAt = submittedAt?.UtcDateTime, submittedBy, ids });
        return ids;
    }

    public static async Task<Guid> CreateCampaignAsync(this StoreSyncApp app, CampaignSetup setup, string status, DateTimeOffset? start,
        DateTimeOffset? end, DateTimeOffset? submittedAt = null, Guid? submittedBy = null) =>
        (await app.CreateCampaignsAsync(setup, status, start, end, 1, submittedAt, submittedBy))[0];

    public static async Task<string> StatusOfAsync(this StoreSyncApp app, Guid campaignId)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<string>("SELECT status FROM campaigns WHERE id = @campaignId", new { campaignId }) ?? "(missing)";
    }

    public static async Task<Dictionary<string, int>> StatusCountsAsync(this StoreSyncApp app, Guid brandId)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        var rows = await conn.QueryAsync<(string Status, int Count)>(
            "SELECT status, count(*)::int FROM campaigns WHERE brand_id = @brandId GROUP BY status", new { brandId });
        return rows.ToDictionary(r => r.Status, r => r.Count);
    }

    /// <summary>A campaign's history, oldest first.</summary>
    public static async Task<List<HistoryEntry>> HistoryAsync(this StoreSyncApp app, Guid campaignId)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return (await conn.QueryAsync<HistoryEntry>("""
            SELECT from_status, to_status, action, actor_id, at, due_at, comment FROM campaign_history
            WHERE campaign_id = @campaignId ORDER BY at, id
            """, new { campaignId })).ToList();
    }

    /// <summary>09:00 wall-clock time on a date in an IANA zone, as the UTC instant stored in the database.</summary>
    public static DateTimeOffset NineLocal(int year, int month, int day, string timeZone)
    {
        var zone = TimeZoneInfo.FindSystemTimeZoneById(timeZone);
        var local = new DateTime(year, month, day, 9, 0, 0, DateTimeKind.Unspecified);
        return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(local, zone), TimeSpan.Zero);
    }

    /// <summary>The app's own set-based due-transition run (what a DueInstant orchestration's activity does; its settings, its clock).</summary>
    public static Task<DueRunResult> RunDueAsync(this StoreSyncApp app, bool isPastDue = false) =>
        app.Services.GetRequiredService<DueTransitionRunner>().RunAsync(isPastDue, CancellationToken.None);

    /// <summary>A due-transition run with other settings (batch size, batch limit, time budget) over the app's database and clock.</summary>
    public static DueTransitionRunner Due(this StoreSyncApp app, LifecycleOptions options)
    {
        var db = app.Services.GetRequiredService<NpgsqlDataSource>();
        var time = app.Services.GetRequiredService<TimeProvider>();
        return new DueTransitionRunner(db, new LifecycleRuns(db), Options.Create(options), time, NullLogger<DueTransitionRunner>.Instance);
    }

    /// <summary>The orchestration's activities over the app's database and clock, with other settings (NotifyAdmins).</summary>
    public static LifecycleSteps Steps(this StoreSyncApp app, LifecycleOptions? options = null) => options is null
        ? app.Services.GetRequiredService<LifecycleSteps>()
        : new LifecycleSteps(app.Services.GetRequiredService<NpgsqlDataSource>(), Options.Create(options),
            app.Services.GetRequiredService<TimeProvider>(), NullLogger<LifecycleSteps>.Instance);

    /// <summary>The campaign's orchestration on a mocked context with the real activities, started from its database state.</summary>
    public static async Task<OrchestrationDriver> DriveAsync(this StoreSyncApp app, TestClock clock, Guid campaignId, DateTimeOffset now,
        LifecycleOptions? options = null)
    {
        clock.Set(now);
        var steps = app.Steps(options);
        var state = await steps.LoadAsync(campaignId, CancellationToken.None) ?? throw new InvalidOperationException("No such campaign.");
        return new OrchestrationDriver(now.UtcDateTime, state).UseSteps(steps, clock).Start();
    }

    /// <summary>Runs the reconciliation timer function with <paramref name="client"/> as its [DurableClient]; returns what it logged.</summary>
    public static async Task<IReadOnlyList<string>> RunReconcileTimerAsync(this StoreSyncApp app, Microsoft.DurableTask.Client.DurableTaskClient client)
    {
        var logger = new ListLogger<CampaignLifecycleFunctions>();
        var function = new CampaignLifecycleFunctions(app.Services.GetRequiredService<LifecycleSteps>(), app.Services.GetRequiredService<LifecycleOutbox>(),
            app.Services.GetRequiredService<DueTransitionRunner>(), logger);
        await function.Reconcile(new Microsoft.Azure.Functions.Worker.TimerInfo(), client, CancellationToken.None);
        return logger.Lines;
    }

    /// <summary>Runs the embedding timer function as a host does (an instance from the app's services, a TimerInfo) and returns what it logged.</summary>
    public static async Task<IReadOnlyList<string>> RunEmbeddingTimerAsync(this StoreSyncApp app) =>
        await RunTimersAsync(app, t => t.Embeddings(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None));

    /// <summary>Runs the approval digest timer function; returns what it logged.</summary>
    public static async Task<IReadOnlyList<string>> RunDigestTimerAsync(this StoreSyncApp app) =>
        await RunTimersAsync(app, t => t.Digest(new Microsoft.Azure.Functions.Worker.TimerInfo(), CancellationToken.None));

    private static async Task<IReadOnlyList<string>> RunTimersAsync(StoreSyncApp app, Func<LifecycleTimers, Task> run)
    {
        var logger = new ListLogger<LifecycleTimers>();
        await run(new LifecycleTimers(app.Services.GetRequiredService<ApprovalNotifier>(),
            app.Services.GetRequiredService<StoreSync.Functions.Ai.EmbeddingBackfill>(), logger));
        return logger.Lines;
    }
}
