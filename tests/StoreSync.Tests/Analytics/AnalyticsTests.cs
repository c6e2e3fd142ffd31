using System.Globalization;
using System.Net;
using System.Text.Json;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Analytics;

/// <summary>GET /analytics/campaigns: results read from redemptions, per campaign (store) and per store-local day.</summary>
public sealed class AnalyticsTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static readonly DateTimeOffset Start = new(2026, 11, 1, 0, 0, 0, TimeSpan.Zero);
    private const string Range = "from=2026-11-01&to=2026-11-14";

    private sealed record World(Guid Brand, Guid Other, Guid Chicago, Guid Tokyo, Guid Template, Guid Rollout, Guid CampaignChicago, Guid CampaignTokyo,
        Guid Quiet, Guid OtherCampaign);

    private async Task<World> WorldAsync()
    {
        var brand = await app.CreateBrandAsync();
        var chicago = await app.CreateLocationAsync(brand, timeZone: "America/Chicago", name: "Chicago");
        var tokyo = await app.CreateLocationAsync(brand, timeZone: "Asia/Tokyo", name: "Tokyo");
        var quietStore = await app.CreateLocationAsync(brand, timeZone: "Europe/Berlin", name: "Berlin");
        var template = await app.CreateTemplateAsync(brand);
        var rollout = Guid.CreateVersion7();
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("INSERT INTO rollouts (id, brand_id, template_id, name) VALUES (@rollout, @brand, @template, 'Autumn')",
                new { rollout, brand, template });
        var end = Start.AddDays(14);
        var c1 = await app.CreateCampaignAsync(brand, chicago, template, "completed", name: "Autumn Chicago", start: Start, end: end);
        var c2 = await app.CreateCampaignAsync(brand, tokyo, template, "completed", name: "Autumn Tokyo", start: Start, end: end);
        var quiet = await app.CreateCampaignAsync(brand, quietStore, template, "completed", name: "Autumn Berlin", start: Start, end: end);
        await app.CreateCampaignAsync(brand, chicago, template, "draft", name: "Never live", start: Start, end: end);
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE campaigns SET rollout_id = @rollout WHERE id = ANY(@ids)", new { rollout, ids = new[] { c1, c2, quiet } });

        var other = await app.CreateBrandAsync();
        var otherStore = await app.CreateLocationAsync(other);
        var otherCampaign = await app.CreateCampaignAsync(other, otherStore, await app.CreateTemplateAsync(other), "completed", start: Start, end: end);

        // Chicago: 3 a day; Tokyo: 1 a day plus a big day; the other brand: many (must never show up).
        for (var d = 0; d < 14; d++)
        {
            for (var i = 0; i < 3; i++) await RedeemAsync(brand, c1, chicago, Start.AddDays(d).AddHours(15 + i), 1, 40.5m + i, 4.05m);
            await RedeemAsync(brand, c2, tokyo, Start.AddDays(d).AddHours(2), 2, 100m, 10m);
            await RedeemAsync(other, otherCampaign, otherStore, Start.AddDays(d).AddHours(16), 50, 9999m, 999m);
        }
        // 2026-11-15 03:00 UTC is still Nov 14 in Chicago (in range) but Nov 15 12:00 in Tokyo (out of range).
        await RedeemAsync(brand, c1, chicago, new DateTimeOffset(2026, 11, 15, 3, 0, 0, TimeSpan.Zero), 5, 200m, 20m);
        await RedeemAsync(brand, c2, tokyo, new DateTimeOffset(2026, 11, 15, 3, 0, 0, TimeSpan.Zero), 7, 300m, 30m);
        // 2026-10-31 20:00 UTC is Nov 1 05:00 in Tokyo (in range) and Oct 31 in Chicago (out of range).
        await RedeemAsync(brand, c2, tokyo, new DateTimeOffset(2026, 10, 31, 20, 0, 0, TimeSpan.Zero), 1, 12.34m, 1.23m);
        await RedeemAsync(brand, c1, chicago, new DateTimeOffset(2026, 10, 31, 20, 0, 0, TimeSpan.Zero), 9, 999m, 99m);
        return new World(brand, other, chicago, tokyo, template, rollout, c1, c2, quiet, otherCampaign);
    }

    private async Task RedeemAsync(Guid brand, Guid campaign, Guid location, DateTimeOffset at, int quantity, decimal basket, decimal discount)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO redemptions (brand_id, campaign_id, location_id, redeemed_at, quantity, basket_total, discount)
            VALUES (@brand, @campaign, @location, @at, @quantity, @basket, @discount)
            """, new { brand, campaign, location, at = at.UtcDateTime, quantity, basket, discount });
    }

    private static async Task<JsonElement> OkAsync(HttpResponseMessage response)
    {
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return await response.JsonAsync();
    }

    private static decimal Money(JsonElement e) => decimal.Parse(e.GetString()!, CultureInfo.InvariantCulture);

    [Fact]
    public async Task TotalsItemsAndDaysEqualADirectSqlSumOverStoreLocalDays()
    {
        var w = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer, [w.Brand]);

        var body = await OkAsync(await client.GetAsync($"/api/v1/analytics/campaigns?brandId={w.Brand}&{Range}"));

        await using var conn = await app.Db.OpenConnectionAsync();
        var expected = await conn.QuerySingleAsync<(long Quantity, decimal Discount, decimal Revenue)>("""
            SELECT sum(r.quantity)::bigint, sum(r.discount), sum(r.basket_total) FROM redemptions r JOIN locations l ON l.id = r.location_id
            WHERE r.brand_id = @Brand AND (r.redeemed_at AT TIME ZONE l.time_zone)::date BETWEEN '2026-11-01' AND '2026-11-14'
            """, new { w.Brand });
        var totals = body.GetProperty("totals");
        Assert.Equal(expected.Quantity, totals.GetProperty("redemptions").GetInt64());
        Assert.Equal(decimal.Round(expected.Discount, 2), Money(totals.GetProperty("discount")));
        Assert.Equal(decimal.Round(expected.Revenue, 2), Money(totals.GetProperty("revenue")));
        // 14 × 3 + 5 (the late Chicago evening) in Chicago; 14 × 2 + 1 (the early Tokyo morning) in Tokyo.
        Assert.Equal(47 + 29, expected.Quantity);

        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([w.CampaignChicago, w.CampaignTokyo, w.Quiet], items.Select(i => i.GetProperty("campaignId").GetGuid()));
        Assert.Equal([47L, 29L, 0L], items.Select(i => i.GetProperty("redemptions").GetInt64()));
        Assert.Equal(expected.Quantity, items.Sum(i => i.GetProperty("redemptions").GetInt64()));
        Assert.Equal("Chicago", items[0].GetProperty("locationName").GetString());
        Assert.Equal("Spring sale", items[0].GetProperty("templateName").GetString());
        Assert.Equal(w.Rollout, items[0].GetProperty("rolloutId").GetGuid());
        Assert.Equal(3, body.GetProperty("total").GetInt32());

        var days = body.GetProperty("byDay").EnumerateArray().ToList();
        Assert.Equal(14, days.Count);
        Assert.Equal("2026-11-01", days[0].GetProperty("date").GetString());
        Assert.Equal(expected.Quantity, days.Sum(d => d.GetProperty("redemptions").GetInt64()));
        Assert.Equal(decimal.Round(expected.Revenue, 2), days.Sum(d => Money(d.GetProperty("revenue"))));
        Assert.Equal(3 + 2 + 1, days[0].GetProperty("redemptions").GetInt64());
        Assert.Equal(3 + 2 + 5, days[13].GetProperty("redemptions").GetInt64());
    }

    [Fact]
    public async Task AnotherBrandsCampaignsAreNeverCountedAndItsResultsAre404()
    {
        var w = await WorldAsync();
        var (_, member) = await app.SignInAsNewAsync(Roles.BrandManager, [w.Brand]);

        var body = await OkAsync(await member.GetAsync($"/api/v1/analytics/campaigns?brandId={w.Brand}&{Range}"));
        Assert.DoesNotContain(w.OtherCampaign, body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("campaignId").GetGuid()));
        Assert.Equal(76, body.GetProperty("totals").GetProperty("redemptions").GetInt64());

        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/v1/analytics/campaigns?brandId={w.Other}&{Range}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await member.GetAsync($"/api/v1/analytics/campaigns?brandId={w.Other}&{Range}&format=csv")).StatusCode);
        // Filtering one brand's results by another brand's campaign finds nothing rather than crossing over.
        var crossed = await OkAsync(await member.GetAsync($"/api/v1/analytics/campaigns?brandId={w.Brand}&campaignId={w.OtherCampaign}&{Range}"));
        Assert.Equal(0, crossed.GetProperty("total").GetInt32());
        Assert.Equal(0, crossed.GetProperty("totals").GetProperty("redemptions").GetInt64());

        var (_, admin) = await app.SignInAsNewAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/analytics/campaigns?brandId={Guid.NewGuid()}&{Range}")).StatusCode);
    }

    [Fact]
    public async Task ALimitedLocationManagerSeesOnlyTheirStores()
    {
        var w = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.LocationManager, [w.Brand], [w.Tokyo]);

        var body = await OkAsync(await client.GetAsync($"/api/v1/analytics/campaigns?brandId={w.Brand}&{Range}"));

        Assert.Equal([w.CampaignTokyo], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("campaignId").GetGuid()));
        Assert.Equal(29, body.GetProperty("totals").GetProperty("redemptions").GetInt64());
        Assert.Equal(29, body.GetProperty("byDay").EnumerateArray().Sum(d => d.GetProperty("redemptions").GetInt64()));
    }

    [Fact]
    public async Task CsvHasTheSameRowsAsJsonWithFormulaCellsEscaped()
    {
        var w = await WorldAsync();
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE campaigns SET name = '=HYPERLINK(\"http://x\")' WHERE id = @id", new { id = w.CampaignTokyo });
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer, [w.Brand]);

        var json = await OkAsync(await client.GetAsync($"/api/v1/analytics/campaigns?brandId={w.Brand}&{Range}&pageSize=100"));
        var response = await client.GetAsync($"/api/v1/analytics/campaigns?brandId={w.Brand}&{Range}&format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        var lines = (await response.Content.ReadAsStringAsync()).TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
        Assert.StartsWith("campaignId,campaignName,locationId,locationName,storeNumber,templateId,templateName,rolloutId,status,redemptions", lines[0]);
        var rows = lines.Skip(1).Select(ParseCsvLine).ToList();
        var items = json.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(items.Count, rows.Count);
        for (var i = 0; i < items.Count; i++)
        {
            Assert.Equal(items[i].GetProperty("campaignId").GetString(), rows[i][0]);
            Assert.Equal(items[i].GetProperty("locationId").GetString(), rows[i][2]);
            Assert.Equal(items[i].GetProperty("templateId").GetString(), rows[i][5]);
            Assert.Equal(items[i].GetProperty("redemptions").GetInt64().ToString(CultureInfo.InvariantCulture), rows[i][9]);
            Assert.Equal(items[i].GetProperty("discount").GetString(), rows[i][11]);
            Assert.Equal(items[i].GetProperty("revenue").GetString(), rows[i][12]);
        }
        Assert.Equal("'=HYPERLINK(\"http://x\")", rows.Single(r => r[0] == w.CampaignTokyo.ToString())[1]);
    }

    private static List<string> ParseCsvLine(string line)
    {
        var cells = new List<string>();
        var cell = new System.Text.StringBuilder();
        var quoted = false;
        for (var i = 0; i < line.Length; i++)
        {
            var ch = line[i];
            if (quoted && ch == '"' && i + 1 < line.Length && line[i + 1] == '"') { cell.Append('"'); i++; }
            else if (ch == '"') quoted = !quoted;
            else if (ch == ',' && !quoted) { cells.Add(cell.ToString()); cell.Clear(); }
            else cell.Append(ch);
        }
        cells.Add(cell.ToString());
        return cells;
    }

    [Fact]
    public async Task ARolloutsStoresRankByRedemptionsPerStoreDay()
    {
        var w = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [w.Brand]);

        var body = await OkAsync(await client.GetAsync(
            $"/api/v1/analytics/campaigns?brandId={w.Brand}&rolloutId={w.Rollout}&{Range}&sort=-redemptionsPerStoreDay"));

        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["Chicago", "Tokyo", "Berlin"], items.Select(i => i.GetProperty("locationName").GetString()));
        // Each store was live on all 14 of its own days in the range (Chicago's start, Nov 1 00:00 UTC, is Oct 31 there): 47 / 14.
        Assert.Equal([14, 14, 14], items.Select(i => i.GetProperty("liveDays").GetInt32()));
        Assert.Equal(3.36m, items[0].GetProperty("redemptionsPerStoreDay").GetDecimal());
        Assert.Equal(0m, items[2].GetProperty("redemptionsPerStoreDay").GetDecimal());
    }

    [Fact]
    public async Task ItemsArePagedWhileTotalsCoverEveryRow()
    {
        var w = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer, [w.Brand]);

        var body = await OkAsync(await client.GetAsync($"/api/v1/analytics/campaigns?brandId={w.Brand}&{Range}&page=2&pageSize=2"));

        Assert.Equal([w.Quiet], body.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("campaignId").GetGuid()));
        Assert.Equal(3, body.GetProperty("total").GetInt32());
        Assert.Equal(76, body.GetProperty("totals").GetProperty("redemptions").GetInt64());
    }

    [Theory]
    [InlineData("from=2026-11-10&to=2026-11-01", "from")]
    [InlineData("from=2025-01-01&to=2026-01-02", "to")]
    [InlineData("from=2026-13-01&to=2026-11-01", "from")]
    [InlineData("from=yesterday", "from")]
    [InlineData("to=2026-11-01T00:00:00Z", "to")]
    [InlineData("from=2026-11-01&to=2026-11-02&sort=name;drop", "sort")]
    [InlineData("from=2026-11-01&to=2026-11-02&format=xlsx", "format")]
    public async Task BadRangesAndOptionsAre400WithTheField(string query, string field)
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);

        var response = await client.GetAsync($"/api/v1/analytics/campaigns?brandId={brand}&{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task BrandIdIsRequiredAndTheDefaultRangeIsTheLast30Days()
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/analytics/campaigns")).StatusCode);
        var body = await OkAsync(await client.GetAsync($"/api/v1/analytics/campaigns?brandId={brand}"));
        var today = DateOnly.FromDateTime(DateTime.UtcNow);
        Assert.Equal(today.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), body.GetProperty("to").GetString());
        Assert.Equal(today.AddDays(-29).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), body.GetProperty("from").GetString());
        Assert.Equal(30, body.GetProperty("byDay").GetArrayLength());
        Assert.Equal("0.00", body.GetProperty("totals").GetProperty("revenue").GetString());
        // 366 days is allowed.
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync($"/api/v1/analytics/campaigns?brandId={brand}&from=2025-01-01&to=2026-01-01")).StatusCode);
    }
}
