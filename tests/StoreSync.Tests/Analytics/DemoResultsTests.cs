using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Functions.Demo;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Analytics;

/// <summary>The demo data gives the results view something to show: three weeks of redemptions of a completed rollout.</summary>
public sealed class DemoResultsTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task DemoRolloutHasThreeWeeksOfRedemptionsOnlyWhileItsCampaignsWereLive()
    {
        _ = app.Server;
        await DemoData.SeedAsync(app.Db, TimeProvider.System);
        await using var conn = await app.Db.OpenConnectionAsync();

        var perBrand = (await conn.QueryAsync<(string Slug, int Stores, int Days, int Outside)>("""
            SELECT b.slug, count(DISTINCT r.location_id)::int,
                   count(DISTINCT (r.redeemed_at AT TIME ZONE l.time_zone)::date)::int,
                   count(*) FILTER (WHERE r.redeemed_at < c.scheduled_start OR r.redeemed_at >= c.scheduled_end)::int
            FROM rollouts ro JOIN brands b ON b.id = ro.brand_id
            JOIN campaigns c ON c.rollout_id = ro.id
            JOIN redemptions r ON r.campaign_id = c.id
            JOIN locations l ON l.id = r.location_id
            GROUP BY b.slug ORDER BY b.slug
            """)).ToList();
        Assert.Equal(["contoso", "northwind"], perBrand.Select(b => b.Slug));
        Assert.All(perBrand, b => Assert.Equal((12, 0), (b.Stores, b.Outside)));
        // 21 UTC days; a store west of UTC also sells on the local evening before the first UTC midnight.
        Assert.All(perBrand, b => Assert.InRange(b.Days, 21, 22));
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("""
            SELECT count(*) FROM redemptions r JOIN campaigns c ON c.id = r.campaign_id
            WHERE c.status NOT IN ('active', 'completed') OR r.brand_id <> c.brand_id OR r.location_id <> c.location_id OR r.discount > r.basket_total
            """));

        var (northwind, rollout) = await conn.QuerySingleAsync<(Guid, Guid)>(
            "SELECT b.id, ro.id FROM brands b JOIN rollouts ro ON ro.brand_id = b.id WHERE b.slug = 'northwind'");
        var (_, client) = await app.SignInAsNewAsync("viewer", [northwind]);
        var body = await client.GetFromJsonAsync<JsonElement>($"/api/v1/analytics/campaigns?brandId={northwind}&rolloutId={rollout}");
        Assert.Equal(12, body.GetProperty("total").GetInt32());
        Assert.True(body.GetProperty("totals").GetProperty("redemptions").GetInt64() > 12 * 21 * 6);
    }
}
