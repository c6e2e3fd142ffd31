using System.Diagnostics;
using Dapper;
using StoreSync.Data.Analytics;
using StoreSync.Data.Db;

namespace StoreSync.Bench;

/// <summary>
/// GET /analytics/campaigns' SQL (CampaignResults.ReadAsync: first page, totals, every day) over a brand with 500 stores,
/// one campaign each live all year, and 200,000 redemptions spread over 366 days (plus 40,000 of another brand),
/// next to the floor: one plain SUM of the same brand and UTC range, no days, no joins. 30-day and 366-day
/// ranges, median and p95 of 20 runs each after a warm-up. Options: [redemptions of the brand, default 200000].
/// </summary>
public static class AnalyticsBench
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rows = args.Length > 0 && int.TryParse(args[0], out var r) ? r : 200_000;
        await using var db = await BenchDatabase.CreateAsync("analytics");
        var (brandId, now) = await SeedAsync(db, rows);
        var results = new CampaignResults(db.DataSource);
        var scope = new CampaignScope(false, [brandId], null);
        var today = DateOnly.FromDateTime(now.UtcDateTime);

        foreach (var days in new[] { 30, 366 })
        {
            var query = new ResultsQuery(brandId, today.AddDays(1 - days), today, null, null, null, null, "-redemptions", now);
            async Task<long> Endpoint() => (await results.ReadAsync(query, scope, 0, 20, default)).Totals.Redemptions;
            async Task<long> Floor()
            {
                await using var conn = await db.DataSource.OpenConnectionAsync();
                return await conn.ExecuteScalarAsync<long>("""
                    SELECT coalesce(sum(quantity), 0) FROM redemptions
                    WHERE brand_id = @brandId AND redeemed_at >= @from AND redeemed_at < @to
                    """, new { brandId, from = query.From.ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc), to = query.To.AddDays(1).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc) });
            }
            await Endpoint();
            await Floor();
            var (endpoint, total) = await TimeAsync(Endpoint, 20);
            var (floor, _) = await TimeAsync(Floor, 20);
            Console.WriteLine($"{days,3} days: endpoint SQL p50 {Stats.Percentile(endpoint, 50),7:F1} ms  p95 {Stats.Percentile(endpoint, 95),7:F1} ms" +
                              $"   plain SUM p50 {Stats.Percentile(floor, 50),7:F1} ms   ({total:N0} redemptions in range)");
        }
        return 0;
    }

    private static async Task<(List<double> Sorted, long Last)> TimeAsync(Func<Task<long>> run, int times)
    {
        var ms = new List<double>();
        long last = 0;
        for (var i = 0; i < times; i++)
        {
            var sw = Stopwatch.StartNew();
            last = await run();
            ms.Add(sw.Elapsed.TotalMilliseconds);
        }
        return (ms.Order().ToList(), last);
    }

    private static async Task<(Guid Brand, DateTimeOffset Now)> SeedAsync(BenchDatabase db, int rows)
    {
        var brand = Guid.NewGuid();
        var other = Guid.NewGuid();
        var now = DateTimeOffset.UtcNow;
        var sw = Stopwatch.StartNew();
        await using var conn = await db.DataSource.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO brands (id, name, slug) VALUES (@brand, 'Bench', 'bench'), (@other, 'Other', 'other');
            INSERT INTO locations (id, brand_id, store_number, name, time_zone)
            SELECT gen_random_uuid(), b, lpad(i::text, 4, '0'), 'Store ' || i,
                   (ARRAY['America/Chicago', 'Europe/Berlin', 'Asia/Tokyo', 'America/Los_Angeles'])[1 + i % 4]
            FROM unnest(ARRAY[@brand, @other]) b, generate_series(1, 500) i;
            INSERT INTO templates (id, brand_id, name, content) SELECT gen_random_uuid(), b, 'T', 'x' FROM unnest(ARRAY[@brand, @other]) b;
            INSERT INTO campaigns (id, brand_id, location_id, template_id, name, rendered_content, status, scheduled_start, scheduled_end)
            SELECT gen_random_uuid(), l.brand_id, l.id, t.id, 'C ' || l.store_number, 'x', 'active', @now - interval '400 days', @now + interval '30 days'
            FROM locations l JOIN templates t ON t.brand_id = l.brand_id;
            WITH per_brand AS (SELECT brand_id, array_agg(id ORDER BY id) AS ids FROM campaigns GROUP BY brand_id)
            INSERT INTO redemptions (brand_id, campaign_id, location_id, redeemed_at, quantity, basket_total, discount)
            SELECT c.brand_id, c.id, c.location_id, @now - (random() * interval '366 days'), 1 + (random() * 3)::int, 20 + random() * 80, random() * 10
            FROM generate_series(1, @rows + @rows / 5) g
            JOIN per_brand p ON p.brand_id = CASE WHEN g <= @rows THEN @brand ELSE @other END
            JOIN campaigns c ON c.id = p.ids[1 + g % 500];
            ANALYZE;
            """, new { brand, other, now = now.UtcDateTime, rows }, commandTimeout: 1200);
        Console.WriteLine($"seeded {rows:N0} redemptions of one brand (+{rows / 5:N0} of another) over 500 stores in {sw.Elapsed.TotalSeconds:F0} s");
        return (brand, now);
    }
}
