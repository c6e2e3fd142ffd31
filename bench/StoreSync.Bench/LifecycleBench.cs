using System.Diagnostics;
using Dapper;
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
}
