using System.Net;
using System.Net.Http.Json;
using Dapper;
using StoreSync.Functions.Demo;
using StoreSync.Functions.Locations;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Brands;

public sealed class DemoDataTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private async Task<IReadOnlyList<DemoLogin>?> SeedOnceAsync()
    {
        _ = app.Server; // the app has migrated the database
        return await DemoData.SeedAsync(app.Db, TimeProvider.System);
    }

    [Fact]
    public async Task SeedCreatesBrandsStoresUsersTemplatesAndCampaignsOnceOnly()
    {
        await SeedOnceAsync();
        Assert.Null(await DemoData.SeedAsync(app.Db, TimeProvider.System)); // already there: nothing happens
        await using var conn = await app.Db.OpenConnectionAsync();
        var counts = (await conn.QueryAsync<(string Slug, int Locations, int Templates, int Campaigns)>("""
            SELECT b.slug, (SELECT count(*)::int FROM locations l WHERE l.brand_id = b.id), (SELECT count(*)::int FROM templates t WHERE t.brand_id = b.id),
                   (SELECT count(*)::int FROM campaigns c WHERE c.brand_id = b.id)
            FROM brands b WHERE b.slug IN ('northwind', 'contoso') ORDER BY b.slug
            """)).ToList();
        // One campaign per status, plus the 12 completed campaigns of the results demo rollout.
        Assert.Equal([("contoso", 50, 2, 7 + 12), ("northwind", 50, 3, 9 + 12)], counts);
        Assert.Equal(8, await conn.ExecuteScalarAsync<int>("SELECT count(DISTINCT status) FROM campaigns"));
        var zones = await conn.QueryAsync<string>("SELECT DISTINCT time_zone FROM locations");
        Assert.All(zones, z => Assert.True(LocationRules.IsIanaTimeZone(z), z));
        Assert.Contains("Europe/Berlin", zones);
        Assert.Contains("America/Denver", zones);
        var holiday = await conn.QuerySingleAsync<string>("""
            SELECT t.variables::text FROM templates t JOIN brands b ON b.id = t.brand_id WHERE b.slug = 'northwind' AND t.name = 'Holiday Promo'
            """);
        Assert.Contains("\"name\": \"discount\"", holiday);
        Assert.Contains("\"default\": \"15\"", holiday);
    }

    [Fact]
    public async Task EveryCampaignsHistoryLeadsToItsStatusOneStepPerVersion()
    {
        await SeedOnceAsync();
        await using var conn = await app.Db.OpenConnectionAsync();
        var broken = await conn.QueryAsync<Guid>("""
            SELECT c.id FROM campaigns c
            WHERE c.version - 1 <> (SELECT count(*) FROM campaign_history h WHERE h.campaign_id = c.id)
               OR c.status <> coalesce((SELECT h.to_status FROM campaign_history h WHERE h.campaign_id = c.id ORDER BY h.at DESC, h.id DESC LIMIT 1), 'draft')
               OR EXISTS (SELECT 1 FROM campaign_history h1 JOIN campaign_history h2 ON h2.campaign_id = h1.campaign_id AND h2.id = h1.id + 1
                          WHERE h1.campaign_id = c.id AND (h2.from_status <> h1.to_status OR h2.at < h1.at))
               OR (c.status IN ('scheduled', 'active', 'completed') AND (c.scheduled_start IS NULL OR c.scheduled_start >= c.scheduled_end))
               OR (c.status = 'scheduled' AND c.scheduled_start <= now())
               OR (c.status = 'active' AND NOT (c.scheduled_start <= now() AND c.scheduled_end > now()))
               OR (c.status = 'completed' AND c.scheduled_end > now())
               OR c.rendered_content LIKE '%{{%'
            """);
        Assert.Empty(broken);
    }

    [Fact]
    public async Task DemoUsersSignInAndSeeTheirBrand()
    {
        await SeedOnceAsync();
        var client = app.CreateClient();
        var token = await client.PostAsJsonAsync("/api/v1/auth/token", new { username = "lm.northwind", password = DemoData.Password });
        Assert.Equal(HttpStatusCode.OK, token.StatusCode);
        client.DefaultRequestHeaders.Authorization = new("Bearer", (await token.BodyAsync()).GetProperty("accessToken").GetString());
        var brands = await (await client.GetAsync("/api/v1/brands")).BodyAsync();
        Assert.Equal(["northwind"], brands.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("slug").GetString()));
        var locations = await (await client.GetAsync("/api/v1/locations?attribute.format=mall&pageSize=100")).BodyAsync();
        Assert.True(locations.GetProperty("total").GetInt32() > 10);
    }
}

public sealed class DemoDataWithExistingAdminTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task AnExistingAdminKeepsTheirPasswordAndIsReportedAsExisting()
    {
        _ = app.Server;
        await app.CreateUserAsync(StoreSync.Functions.Common.Auth.Roles.Admin, username: "admin");
        var logins = await DemoData.SeedAsync(app.Db, TimeProvider.System);
        Assert.NotNull(logins);
        Assert.False(logins.Single(l => l.Username == "admin").Created);
        Assert.True(logins.Single(l => l.Username == "bm.northwind").Created);
        var response = await app.CreateClient().PostAsJsonAsync("/api/v1/auth/token", new { username = "admin", password = StoreSyncApp.Password });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var output = new StringWriter();
        DemoData.PrintLogins(logins, output);
        Assert.Contains("existing account", output.ToString());
        Assert.Contains(DemoData.Password, output.ToString());
    }
}
