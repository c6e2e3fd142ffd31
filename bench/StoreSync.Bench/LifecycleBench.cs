using System.Diagnostics;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Data.Lifecycle;
using StoreSync.Functions.Lifecycle;

namespace StoreSync.Bench;

/// <summary>
/// The set-based due-transition run (what a DueInstant orchestration's activity and reconciliation run). (b) An idle run over 1,000,000 campaigns (nothing due): median under 20 ms, the due
/// queries on their partial indexes (EXPLAIN printed). (a) 10,000 due campaigns (with history) in the same table
/// transitioned by one sweep: under 10 s and within 3x one set-based UPDATE + INSERT of the same rows, measured side
/// by side on the same data reset between runs.
/// Usage: lifecycle [campaigns=1000000] [due=10000] [runs=3]
/// </summary>
public static class LifecycleBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var total = args.Length > 0 ? int.Parse(args[0]) : 1_000_000;
        var due = args.Length > 1 ? int.Parse(args[1]) : 10_000;
        var runs = args.Length > 2 ? int.Parse(args[2]) : 3;
        await using var db = await BenchDatabase.CreateAsync("lifecycle");
        var ds = db.DataSource;
        var options = Options.Create(new LifecycleOptions());
        var sweep = new DueTransitionRunner(ds, new LifecycleRuns(ds), options, TimeProvider.System, NullLogger<DueTransitionRunner>.Instance);

        var sw = Stopwatch.StartNew();
        await SeedIdleAsync(ds, total);
        Console.WriteLine($"seeded {total:N0} campaigns, none due ({sw.Elapsed.TotalSeconds:F1} s)");

        // (b) idle
        await PrintPlansAsync(ds);
        for (var i = 0; i < 5; i++) await sweep.RunAsync(false, CancellationToken.None);
        var idle = new List<double>();
        for (var i = 0; i < 21; i++)
        {
            sw.Restart();
            var r = await sweep.RunAsync(false, CancellationToken.None);
            idle.Add(sw.Elapsed.TotalMilliseconds);
            if (r.Activated + r.Completed != 0) throw new InvalidOperationException("the idle sweep found work");
        }
        idle.Sort();
        var idleMedian = idle[idle.Count / 2];
        Console.WriteLine($"(b) idle sweep over {total:N0} campaigns: median {idleMedian:F2} ms, p95 {Stats.Percentile(idle, 95):F2} ms, " +
                          $"min {idle[0]:F2} ms over {idle.Count} runs (target median < 20 ms) {Stats.Verdict(idleMedian < 20)}");

        // (a) backlog of due campaigns, sweep vs one set-based statement
        await SeedDueAsync(ds, due);
        Console.WriteLine($"added {due:N0} due scheduled campaigns with 3 history rows each");
        var sweepTimes = new List<double>();
        var baseTimes = new List<double>();
        for (var i = 0; i <= runs; i++)
        {
            await ResetAsync(ds);
            sw.Restart();
            var r = await sweep.RunAsync(false, CancellationToken.None);
            var sweepMs = sw.Elapsed.TotalMilliseconds;
            if (r.Activated != due) throw new InvalidOperationException($"sweep activated {r.Activated}, expected {due}");
            await ResetAsync(ds);
            sw.Restart();
            var moved = await BaselineAsync(ds);
            var baseMs = sw.Elapsed.TotalMilliseconds;
            if (moved != due) throw new InvalidOperationException($"baseline moved {moved}, expected {due}");
            Console.WriteLine($"  run {i}{(i == 0 ? " (warm-up, not counted)" : "")}: sweep {sweepMs:F0} ms ({r.Batches} batches), set-based UPDATE+INSERT {baseMs:F0} ms");
            if (i == 0) continue;
            sweepTimes.Add(sweepMs);
            baseTimes.Add(baseMs);
        }
        sweepTimes.Sort();
        baseTimes.Sort();
        var sweepMedian = sweepTimes[sweepTimes.Count / 2];
        var baseMedian = baseTimes[baseTimes.Count / 2];
        var ratio = sweepMedian / baseMedian;
        Console.WriteLine($"(a) {due:N0} due campaigns: sweep median {sweepMedian:F0} ms (target < 10000 ms) {Stats.Verdict(sweepMedian < 10_000)}; " +
                          $"set-based baseline median {baseMedian:F0} ms; ratio {ratio:F2}x (target <= 3x) {Stats.Verdict(ratio <= 3)}");
        return 0;
    }

    /// <summary>
    /// 1,000,000 campaigns in every status, generated set-based; nothing is due (future starts and ends, recent
    /// submissions). The trigram search index is dropped first: it only slows the load and no sweep query touches it.
    /// </summary>
    private static async Task SeedIdleAsync(NpgsqlDataSource ds, int total)
    {
        await using var conn = await ds.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            DROP INDEX campaigns_search_trgm_idx;
            INSERT INTO brands (id, name, slug) SELECT gen_random_uuid(), 'Brand ' || b, 'brand-' || b FROM generate_series(1, 20) b;
            INSERT INTO locations (id, brand_id, store_number, name, time_zone)
            SELECT gen_random_uuid(), b.id, 'S' || s, 'Store ' || s, 'America/Chicago' FROM brands b CROSS JOIN generate_series(1, 50) s;
            INSERT INTO templates (id, brand_id, name, content) SELECT gen_random_uuid(), id, 'Sale', 'Save {{percent}}' FROM brands;
            INSERT INTO users (id, username, password_hash, role) SELECT gen_random_uuid(), 'bm-' || slug, 'x', 'brandManager' FROM brands;
            INSERT INTO user_brands (user_id, brand_id) SELECT u.id, b.id FROM users u JOIN brands b ON u.username = 'bm-' || b.slug;
            """, commandTimeout: 600);
        await conn.ExecuteAsync("""
            WITH loc AS (SELECT l.id, l.brand_id, t.id AS template_id, row_number() OVER (ORDER BY l.id) - 1 AS n
                         FROM locations l JOIN templates t ON t.brand_id = l.brand_id),
                 g AS (SELECT i, i % 100 AS kind, now() AS t0 FROM generate_series(1, @total) i)
            INSERT INTO campaigns (id, brand_id, location_id, template_id, name, rendered_content, status, scheduled_start, scheduled_end,
                                   submitted_at, created_at)
            SELECT gen_random_uuid(), loc.brand_id, loc.id, loc.template_id, 'Campaign ' || g.i, 'Save 10% this weekend',
                   CASE WHEN kind < 60 THEN 'completed' WHEN kind < 70 THEN 'cancelled' WHEN kind < 78 THEN 'draft'
                        WHEN kind < 84 THEN 'scheduled' WHEN kind < 90 THEN 'active' WHEN kind < 94 THEN 'approved'
                        WHEN kind < 97 THEN 'pendingReview' ELSE 'rejected' END,
                   CASE WHEN kind < 70 THEN g.t0 - make_interval(days => 30 + i % 300)
                        WHEN kind < 78 THEN NULL
                        WHEN kind < 84 OR (kind >= 90 AND kind < 94) THEN g.t0 + make_interval(days => 1 + i % 60)
                        ELSE g.t0 - make_interval(days => 1 + i % 20) END,
                   CASE WHEN kind < 70 THEN g.t0 - make_interval(days => 1 + i % 29)
                        WHEN kind < 78 THEN NULL
                        ELSE g.t0 + make_interval(days => 70 + i % 60) END,
                   CASE WHEN kind >= 94 AND kind < 97 THEN g.t0 - make_interval(mins => i % 600) END,
                   g.t0 - make_interval(days => i % 400)
            FROM g JOIN loc ON loc.n = g.i % 1000
            """, new { total }, commandTimeout: 1200);
        await conn.ExecuteAsync("VACUUM ANALYZE", commandTimeout: 1200);
    }

    private static async Task SeedDueAsync(NpgsqlDataSource ds, int due)
    {
        await using var conn = await ds.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            CREATE TABLE bench_due AS
            WITH loc AS (SELECT l.id, l.brand_id, t.id AS template_id, row_number() OVER (ORDER BY l.id) - 1 AS n
                         FROM locations l JOIN templates t ON t.brand_id = l.brand_id)
            SELECT gen_random_uuid() AS id, loc.brand_id, loc.id AS location_id, loc.template_id, i
            FROM generate_series(1, @due) i JOIN loc ON loc.n = i % 1000;
            INSERT INTO campaigns (id, brand_id, location_id, template_id, name, rendered_content, status, scheduled_start, scheduled_end, version)
            SELECT id, brand_id, location_id, template_id, 'Due ' || i, 'Save 10% this weekend', 'scheduled',
                   now() - make_interval(mins => 1 + i % 600), now() + interval '30 days', 4
            FROM bench_due;
            INSERT INTO campaign_history (campaign_id, from_status, to_status, action, at)
            SELECT d.id, s.from_status, s.to_status, s.action, now() - interval '2 days' + s.n * interval '1 hour'
            FROM bench_due d CROSS JOIN (VALUES (1, 'draft', 'pendingReview', 'submit'), (2, 'pendingReview', 'approved', 'approve'),
                                                (3, 'approved', 'scheduled', 'schedule')) s(n, from_status, to_status, action);
            """, new { due }, commandTimeout: 600);
    }

    /// <summary>Puts the due set back as it was (scheduled, no activation history) and vacuums, so every run starts equal.</summary>
    private static async Task ResetAsync(NpgsqlDataSource ds)
    {
        await using var conn = await ds.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            UPDATE campaigns c SET status = 'scheduled', version = 4 FROM bench_due d WHERE c.id = d.id AND c.status <> 'scheduled';
            DELETE FROM campaign_history WHERE action = 'activate';
            """, commandTimeout: 600);
        await conn.ExecuteAsync("VACUUM ANALYZE campaigns", commandTimeout: 600);
        await conn.ExecuteAsync("VACUUM ANALYZE campaign_history", commandTimeout: 600);
    }

    /// <summary>The floor: every due row moved and its history written by one statement in one transaction.</summary>
    private static async Task<int> BaselineAsync(NpgsqlDataSource ds)
    {
        await using var conn = await ds.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        var moved = await conn.ExecuteScalarAsync<int>("""
            WITH moved AS (
                UPDATE campaigns c SET status = 'active', version = c.version + 1, updated_at = now()
                WHERE c.status = 'scheduled' AND c.scheduled_start <= now()
                RETURNING c.id, c.scheduled_start
            ), history AS (
                INSERT INTO campaign_history (campaign_id, from_status, to_status, action, actor_id, comment, at, due_at)
                SELECT id, 'scheduled', 'active', 'activate', NULL, 'baseline', now(), scheduled_start FROM moved
            )
            SELECT count(*) FROM moved
            """, transaction: tx, commandTimeout: 600);
        await tx.CommitAsync();
        return moved;
    }

    private static async Task PrintPlansAsync(NpgsqlDataSource ds)
    {
        await using var conn = await ds.OpenConnectionAsync();
        foreach (var t in DueTransitionRunner.Transitions)
        {
            await using var tx = await conn.BeginTransactionAsync();
            var plan = await conn.QueryAsync<string>("EXPLAIN (ANALYZE, BUFFERS, TIMING OFF) " + DueTransitions.ClaimSql(t),
                new { fromStatuses = t.FromStatuses, now = DateTime.UtcNow, exclude = Array.Empty<Guid>(), limit = 500 }, tx);
            Console.WriteLine($"EXPLAIN {t.Action} due query:");
            foreach (var line in plan) Console.WriteLine("    " + line);
            await tx.RollbackAsync();
        }
    }

    /// <summary>
    /// The orchestrations on the development host's durable backend (usage: lifecycle-durable [inmemory|azurite] [n=1000]
    /// [instant|percampaign] [lead seconds]). (1) one campaign at a time: activation lag after its start (10 samples);
    /// (2) bulk submit of n campaigns (one transaction + outbox, as the bulk action) drained as the function does after it,
    /// until n orchestrations run (wait for review); (3) n campaigns sharing one start: activation lag p50/p99, with the
    /// shape "instant" (one DueInstant set-based run at the instant, campaign orchestrations 30 s later) or "percampaign"
    /// (each campaign's own timer and activity at the instant); (4) side by side, one set-based UPDATE + history INSERT of
    /// the same n transitions, and the ratio.
    /// </summary>
    public static async Task<int> RunDurableAsync(string[] args)
    {
        var backend = args.Length > 0 && args[0].Equals("azurite", StringComparison.OrdinalIgnoreCase)
            ? StoreSync.LocalHost.Durable.LocalDurableBackend.AzureStorage : StoreSync.LocalHost.Durable.LocalDurableBackend.InMemory;
        var n = args.Length > 1 ? int.Parse(args[1]) : 1000;
        var instants = args.Length <= 2 || !args[2].Equals("percampaign", StringComparison.OrdinalIgnoreCase);
        var lead = TimeSpan.FromSeconds(args.Length > 3 ? int.Parse(args[3]) : backend == StoreSync.LocalHost.Durable.LocalDurableBackend.InMemory ? 30 : 90);
        await using var db = await BenchDatabase.CreateAsync("durable");
        var ds = db.DataSource;
        var hub = "storesyncbench" + Guid.NewGuid().ToString("N")[..8];
        var builder = Microsoft.Extensions.Hosting.Host.CreateApplicationBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(ds);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.Configure<LifecycleOptions>(o => { o.DueInstants = instants; o.TimedStepGrace = instants ? TimeSpan.FromSeconds(30) : TimeSpan.Zero; });
        builder.Services.AddSingleton<LifecycleRuns>();
        StoreSync.LocalHost.Durable.LocalDurableServiceCollectionExtensions.AddLocalDurable(builder.Services, r => r.AddCampaignLifecycleTasks(), o =>
        {
            o.Backend = backend;
            o.StorageConnectionString = Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "UseDevelopmentStorage=true";
            o.TaskHubName = hub;
            o.WorkerId = "bench-" + hub;
        });
        builder.Services.AddCampaignLifecycle();
        using var host = builder.Build();
        await host.StartAsync();
        var client = host.Services.GetRequiredService<Microsoft.DurableTask.Client.DurableTaskClient>();
        var outbox = host.Services.GetRequiredService<LifecycleOutbox>();
        Console.WriteLine($"lifecycle-durable: backend={backend} n={n} shape={(instants ? "instant" : "percampaign")} hub={hub} " +
                          $"cores={Environment.ProcessorCount} load={File.ReadAllText("/proc/loadavg").Trim()}");
        var (brand, location, template) = await SeedWorldAsync(ds);
        try
        {
            // (1) single campaigns, one start each, 1.5 s apart
            var now = DateTimeOffset.UtcNow;
            var singles = await InsertAsync(ds, brand, location, template, "approved", Enumerable.Range(0, 10).Select(i => now.AddSeconds(8 + 1.5 * i)).ToArray());
            await MoveAsync(ds, singles, "approved", "scheduled", "schedule");
            await outbox.DrainAsync(client, CancellationToken.None);
            var singleLags = await WaitActiveAsync(ds, singles, TimeSpan.FromSeconds(90));
            Console.WriteLine($"(1) one campaign: activation lag p50 {Stats.Percentile(singleLags, 50):F2} s, p99 {Stats.Percentile(singleLags, 99):F2} s, " +
                              $"max {singleLags.Max():F2} s over {singleLags.Count} (target p99 < 3 s) {Stats.Verdict(Stats.Percentile(singleLags, 99) < 3)}");

            // (2) bulk submit
            var drafts = await InsertAsync(ds, brand, location, template, "draft", Enumerable.Repeat(now.AddDays(2), n).ToArray());
            var submittedAt = DateTimeOffset.UtcNow;
            var sw = Stopwatch.StartNew();
            await MoveAsync(ds, drafts, "draft", "pendingReview", "submit");
            var committed = sw.Elapsed.TotalSeconds;
            await outbox.DrainAsync(client, CancellationToken.None);
            var drained = sw.Elapsed.TotalSeconds;
            await WaitRunningAsync(client, drafts, submittedAt, TimeSpan.FromMinutes(10));
            var waiting = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"(2) bulk submit of {n:N0}: committed {committed:F2} s, drained (all started) {drained:F1} s, all {n:N0} waiting for review {waiting:F1} s " +
                              $"(target < 20 s for 1,000) {Stats.Verdict(waiting < 20 * n / 1000.0)}");

            // (3) n sharing one start
            var start = DateTimeOffset.UtcNow + lead;
            var crowd = await InsertAsync(ds, brand, location, template, "approved", Enumerable.Repeat(start, n).ToArray());
            sw.Restart();
            await MoveAsync(ds, crowd, "approved", "scheduled", "schedule");
            await outbox.DrainAsync(client, CancellationToken.None);
            Console.WriteLine($"    {n:N0} scheduled and delivered in {sw.Elapsed.TotalSeconds:F1} s; start in {(start - DateTimeOffset.UtcNow).TotalSeconds:F1} s");
            if (DateTimeOffset.UtcNow > start) Console.WriteLine("    WARNING: the start passed before all were delivered; raise the lead");
            var lags = await WaitActiveAsync(ds, crowd, TimeSpan.FromMinutes(10));
            var p99 = Stats.Percentile(lags, 99);
            Console.WriteLine($"(3) {n:N0} sharing one start: activation lag p50 {Stats.Percentile(lags, 50):F2} s, p99 {p99:F2} s, max {lags.Max():F2} s " +
                              $"(target p99 < 30 s) {Stats.Verdict(p99 < 30)}");

            // (4) the bare database write of the same n transitions
            await using (var conn = await ds.OpenConnectionAsync())
                await conn.ExecuteAsync("""
                    DELETE FROM campaign_history WHERE campaign_id = ANY(@crowd) AND action = 'activate';
                    UPDATE campaigns SET status = 'scheduled' WHERE id = ANY(@crowd);
                    """, new { crowd });
            sw.Restart();
            await using (var conn = await ds.OpenConnectionAsync())
                await conn.ExecuteAsync("""
                    WITH moved AS (
                        UPDATE campaigns SET status = 'active', version = version + 1, updated_at = now()
                        WHERE id = ANY(@crowd) AND status = 'scheduled' RETURNING id, scheduled_start)
                    INSERT INTO campaign_history (campaign_id, from_status, to_status, action, actor_id, comment, at, due_at)
                    SELECT id, 'scheduled', 'active', 'activate', NULL, 'baseline', now(), scheduled_start FROM moved
                    """, new { crowd });
            var bare = sw.Elapsed.TotalSeconds;
            Console.WriteLine($"(4) one set-based UPDATE + history INSERT of the same {n:N0}: {bare * 1000:F0} ms; durable p99 / bare = {p99 / bare:F1}x");
            return 0;
        }
        finally
        {
            await host.StopAsync();
            if (backend == StoreSync.LocalHost.Durable.LocalDurableBackend.AzureStorage)
                await StoreSync.LocalHost.Durable.LocalDurableServiceCollectionExtensions.CreateOrchestrationService(
                    new StoreSync.LocalHost.Durable.LocalDurableOptions { StorageConnectionString = Environment.GetEnvironmentVariable("AzureWebJobsStorage") ?? "UseDevelopmentStorage=true", TaskHubName = hub },
                    NullLoggerFactory.Instance).DeleteAsync();
        }
    }

    private static async Task<(Guid Brand, Guid Location, Guid Template)> SeedWorldAsync(NpgsqlDataSource ds)
    {
        var (brand, location, template) = (Guid.CreateVersion7(), Guid.CreateVersion7(), Guid.CreateVersion7());
        await using var conn = await ds.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO brands (id, name, slug) VALUES (@brand, 'Bench', 'bench-' || left(@brand::text, 8));
            INSERT INTO locations (id, brand_id, name, store_number, time_zone) VALUES (@location, @brand, 'Store', '1', 'America/Chicago');
            INSERT INTO templates (id, brand_id, name, content) VALUES (@template, @brand, 'T', 'Save');
            """, new { brand, location, template });
        return (brand, location, template);
    }

    private static async Task<Guid[]> InsertAsync(NpgsqlDataSource ds, Guid brand, Guid location, Guid template, string status, DateTimeOffset[] starts)
    {
        var ids = starts.Select(_ => Guid.CreateVersion7()).ToArray();
        await using var conn = await ds.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO campaigns (id, brand_id, location_id, template_id, name, rendered_content, status, scheduled_start, scheduled_end, submitted_at)
            SELECT id, @brand, @location, @template, 'C', 'Save', @status, s, s + interval '1 day', now()
            FROM unnest(@ids, @starts) AS x(id, s)
            """, new { brand, location, template, status, ids, starts = starts.Select(s => s.UtcDateTime).ToArray() });
        return ids;
    }

    /// <summary>What a (bulk) workflow action commits: the conditional move, its history rows and the outbox rows, in one transaction.</summary>
    private static async Task MoveAsync(NpgsqlDataSource ds, Guid[] ids, string from, string to, string action)
    {
        await using var conn = await ds.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("""
            WITH moved AS (UPDATE campaigns SET status = @to, version = version + 1, submitted_at = coalesce(submitted_at, now())
                           WHERE id = ANY(@ids) AND status = @from RETURNING id)
            INSERT INTO campaign_history (campaign_id, from_status, to_status, action, at) SELECT id, @from, @to, @action, now() FROM moved
            """, new { ids, from, to, action }, tx);
        await LifecycleOutbox.EnqueueAsync(conn, tx, ids, action, DateTimeOffset.UtcNow, CancellationToken.None);
        await tx.CommitAsync();
    }

    private static async Task<List<double>> WaitActiveAsync(NpgsqlDataSource ds, Guid[] ids, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        while (true)
        {
            await using var conn = await ds.OpenConnectionAsync();
            var lags = (await conn.QueryAsync<double>("""
                SELECT extract(epoch FROM h.at - c.scheduled_start)::float8 FROM campaign_history h JOIN campaigns c ON c.id = h.campaign_id
                WHERE h.campaign_id = ANY(@ids) AND h.action = 'activate'
                """, new { ids })).ToList();
            if (lags.Count == ids.Length) return lags.Order().ToList(); // Stats.Percentile reads a sorted list
            if (DateTime.UtcNow > until) throw new TimeoutException($"only {lags.Count} of {ids.Length} activated");
            await Task.Delay(250);
        }
    }

    /// <summary>
    /// Waits until every id is Running (its first turn done: waiting for review). One paged query of the running instances
    /// created since <paramref name="since"/> per poll, not a point read per instance: the poll must not become the load it
    /// measures (1,000 reads a round competed with the orchestrations for single-threaded Azurite).
    /// </summary>
    private static async Task WaitRunningAsync(Microsoft.DurableTask.Client.DurableTaskClient client, Guid[] ids, DateTimeOffset since, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        var pending = ids.Select(i => i.ToString("D")).ToHashSet();
        var query = new Microsoft.DurableTask.Client.OrchestrationQuery
        {
            CreatedFrom = since.AddSeconds(-5),
            Statuses = [Microsoft.DurableTask.Client.OrchestrationRuntimeStatus.Running],
            PageSize = 1000,
        };
        while (true)
        {
            await foreach (var instance in client.GetAllInstancesAsync(query))
                pending.Remove(instance.InstanceId);
            if (pending.Count == 0) return;
            if (DateTime.UtcNow > until) throw new TimeoutException($"{pending.Count} not running");
            await Task.Delay(500);
        }
    }
}
