using System.Net;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Exports;

/// <summary>GET /campaigns/export: the caller's scope, the list's filters, formula escaping, and refusals of absurd filters.</summary>
public sealed class CampaignExportTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private async Task<(Guid BrandA, Guid BrandB, Guid LocationA, Guid TemplateA)> TwoBrandsAsync()
    {
        var (a, b) = (await app.CreateBrandAsync(), await app.CreateBrandAsync());
        var (locA, locB) = (await app.CreateLocationAsync(a), await app.CreateLocationAsync(b));
        var (tA, tB) = (await app.CreateTemplateAsync(a), await app.CreateTemplateAsync(b));
        for (var i = 0; i < 3; i++) await app.CreateCampaignAsync(a, locA, tA, name: $"Brand A campaign {i}");
        await app.CreateCampaignAsync(a, locA, tA, status: "approved", name: "Brand A approved");
        for (var i = 0; i < 2; i++) await app.CreateCampaignAsync(b, locB, tB, name: $"Brand B secret {i}");
        return (a, b, locA, tA);
    }

    [Fact]
    public async Task ViewersCsvExportContainsOnlyTheirBrandsCampaigns()
    {
        var (a, _, _, _) = await TwoBrandsAsync();
        var (_, viewer) = await app.SignInAsNewAsync("viewer", [a]);

        var response = await viewer.GetAsync("/api/v1/campaigns/export?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString());
        Assert.Contains("attachment", response.Content.Headers.ContentDisposition!.ToString());
        var rows = ExportSheets.ParseCsv(await response.Content.ReadAsByteArrayAsync());
        var brandColumn = Array.IndexOf(rows[0], "brandId");
        Assert.Equal(4, rows.Count - 1);
        Assert.All(rows.Skip(1), r => Assert.Equal(a.ToString(), r[brandColumn]));
        Assert.DoesNotContain(rows.Skip(1), r => r[1].Contains("Brand B"));
    }

    [Fact]
    public async Task ViewersXlsxExportContainsOnlyTheirBrandsCampaigns()
    {
        var (a, _, _, _) = await TwoBrandsAsync();
        var (_, viewer) = await app.SignInAsNewAsync("viewer", [a]);

        var response = await viewer.GetAsync("/api/v1/campaigns/export?format=xlsx");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", response.Content.Headers.ContentType!.MediaType);
        var (rows, _, _) = ExportSheets.ParseXlsx(await response.Content.ReadAsByteArrayAsync());
        var brandColumn = Array.IndexOf(rows[0], "brandId");
        Assert.Equal(4, rows.Count - 1);
        Assert.All(rows.Skip(1), r => Assert.Equal(a.ToString(), r[brandColumn]));
    }

    [Fact]
    public async Task ExportAppliesTheListFilters()
    {
        var (a, b, _, _) = await TwoBrandsAsync();
        var (_, admin) = await app.SignInAsNewAsync("admin");

        var rows = ExportSheets.ParseCsv(await admin.GetByteArrayAsync($"/api/v1/campaigns/export?format=csv&brandId={a}&status=approved"));

        Assert.Single(rows.Skip(1));
        Assert.Equal("Brand A approved", rows[1][1]);
        var other = ExportSheets.ParseCsv(await admin.GetByteArrayAsync($"/api/v1/campaigns/export?brandId={b}"));
        Assert.Equal(2, other.Count - 1);
    }

    [Fact]
    public async Task AnotherBrandsFilterIs404()
    {
        var (a, b, _, _) = await TwoBrandsAsync();
        var (_, viewer) = await app.SignInAsNewAsync("viewer", [a]);

        var response = await viewer.GetAsync($"/api/v1/campaigns/export?brandId={b}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("=HYPERLINK(\"http://evil.test\",\"x\")")]
    [InlineData("+1+1")]
    [InlineData("-2+3")]
    [InlineData("@SUM(A1)")]
    [InlineData("\tcmd")]
    [InlineData("\rcmd")]
    public async Task FormulaLikeNamesAreEscapedInCsvAndXlsx(string name)
    {
        var brand = await app.CreateBrandAsync();
        var location = await app.CreateLocationAsync(brand);
        var template = await app.CreateTemplateAsync(brand);
        await app.CreateCampaignAsync(brand, location, template, name: name);
        var (_, manager) = await app.SignInAsNewAsync("brandManager", [brand]);

        var csv = ExportSheets.ParseCsv(await manager.GetByteArrayAsync($"/api/v1/campaigns/export?format=csv&brandId={brand}"));
        var (xlsx, hasFormula, types) = ExportSheets.ParseXlsx(await manager.GetByteArrayAsync($"/api/v1/campaigns/export?format=xlsx&brandId={brand}"));

        Assert.Equal("'" + name, csv[1][1]);
        Assert.Equal("'" + name.Replace("\r", "\n"), xlsx[1][1]); // XML readers turn a bare CR in text into LF
        Assert.False(hasFormula);
        Assert.DoesNotContain(types, t => t == DocumentFormat.OpenXml.Spreadsheet.CellValues.String); // "str" is a formula's cached text
    }

    [Fact]
    public async Task NumbersAndPlainTextAreNotEscaped()
    {
        var brand = await app.CreateBrandAsync();
        var location = await app.CreateLocationAsync(brand);
        var template = await app.CreateTemplateAsync(brand);
        await app.CreateCampaignAsync(brand, location, template, name: "Plain name");
        var (_, manager) = await app.SignInAsNewAsync("brandManager", [brand]);

        var csv = ExportSheets.ParseCsv(await manager.GetByteArrayAsync($"/api/v1/campaigns/export?brandId={brand}"));

        Assert.Equal("Plain name", csv[1][1]);
        Assert.Equal("1", csv[1][Array.IndexOf(csv[0], "version")]);
    }

    [Theory]
    [InlineData("startsFrom=2026-12-01T00:00:00Z&startsTo=2026-11-01T00:00:00Z", "startsFrom")]
    [InlineData("status=bogus", "status")]
    [InlineData("format=pdf", "format")]
    [InlineData("sort=password", "sort")]
    public async Task AbsurdFiltersAre400WithTheField(string query, string field)
    {
        var (_, admin) = await app.SignInAsNewAsync("admin");

        var response = await admin.GetAsync($"/api/v1/campaigns/export?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var problem = await response.JsonAsync();
        Assert.True(problem.GetProperty("errors").TryGetProperty(field, out _), problem.ToString());
    }

    [Fact]
    public async Task UnparsableDateIs400()
    {
        var (_, admin) = await app.SignInAsNewAsync("admin");

        var response = await admin.GetAsync("/api/v1/campaigns/export?startsFrom=yesterday");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ExportRouteIsNotTakenForACampaignId()
    {
        var (_, admin) = await app.SignInAsNewAsync("admin");

        Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/campaigns/export")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await admin.GetAsync($"/api/v1/campaigns/{Guid.NewGuid()}")).StatusCode);
    }

    [Fact]
    public async Task ExportWithoutSignInIs401()
    {
        var response = await app.CreateClient().GetAsync("/api/v1/campaigns/export");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }
}
