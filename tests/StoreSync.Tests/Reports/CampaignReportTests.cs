using System.Net;
using Dapper;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace StoreSync.Tests.Reports;

/// <summary>GET /reports/campaigns.pdf: a PDF that opens, with the figures and results in it.</summary>
public sealed class CampaignReportTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static string Text(byte[] pdf, out int pages)
    {
        using var doc = PdfDocument.Open(pdf);
        pages = doc.NumberOfPages;
        return string.Join("\n", doc.GetPages().Select(p => string.Join(" ", p.GetWords().Select(w => w.Text))));
    }

    [Fact]
    public async Task ReportOpensWithCountsAndResultsWhenRedemptionsExist()
    {
        var brand = await app.CreateBrandAsync(name: "Acme Report Brand");
        var location = await app.CreateLocationAsync(brand, storeNumber: "R-7");
        var template = await app.CreateTemplateAsync(brand);
        var live = await app.CreateCampaignAsync(brand, location, template, "active", name: "Holiday coupons");
        await app.CreateCampaignAsync(brand, location, template, "draft");
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO redemptions (brand_id, campaign_id, location_id, redeemed_at, quantity, basket_total, discount)
                SELECT @brand, @live, @location, now() - interval '1 day', 2, 25.50, 5 FROM generate_series(1, 3)
                """, new { brand, live, location });
        var (_, manager) = await app.SignInAsNewAsync("brandManager", [brand]);

        var response = await manager.GetAsync($"/api/v1/reports/campaigns.pdf?brandId={brand}");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType!.MediaType);
        var text = Text(await response.Content.ReadAsByteArrayAsync(), out var pages);
        Assert.Equal(2, pages);
        Assert.Contains("Campaign report", text);
        Assert.Contains("Acme Report Brand", text);
        Assert.Contains("Campaigns by status", text);
        Assert.Contains("pendingReview", text);
        Assert.Matches(@"\b3 Redemptions\b|\bRedemptions 3\b", text); // label and figure share a line; reading order may put either first
        Assert.Matches(@"\b76\.50 Basket total\b|\bBasket total 76\.50\b", text);
        Assert.Contains("Holiday coupons", text);
    }

    [Fact]
    public async Task ReportSaysSoWhenThereAreNoRedemptions()
    {
        var brand = await app.CreateBrandAsync();
        var (_, viewer) = await app.SignInAsNewAsync("viewer", [brand]);

        var response = await viewer.GetAsync("/api/v1/reports/campaigns.pdf");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("No redemptions were reported in the period.", Text(await response.Content.ReadAsByteArrayAsync(), out _));
    }

    [Fact]
    public async Task AnotherBrandsReportIs404()
    {
        var (mine, theirs) = (await app.CreateBrandAsync(), await app.CreateBrandAsync());
        var (_, manager) = await app.SignInAsNewAsync("brandManager", [mine]);

        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/v1/reports/campaigns.pdf?brandId={theirs}")).StatusCode);
    }

    [Theory]
    [InlineData("from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z")]
    [InlineData("from=2020-01-01T00:00:00Z&to=2026-01-01T00:00:00Z")]
    public async Task AbsurdPeriodsAre400(string query)
    {
        var (_, admin) = await app.SignInAsNewAsync("admin");

        Assert.Equal(HttpStatusCode.BadRequest, (await admin.GetAsync($"/api/v1/reports/campaigns.pdf?{query}")).StatusCode);
    }
}
