using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Imports;

/// <summary>The blob trigger: a spreadsheet under imports/{brandSlug}/... imports into that brand, synchronously, answering 200.</summary>
public sealed class LocationImportFunctionTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static readonly byte[] Stores = Sheets.Xlsx([["Store #", "Name", "City"], ["11", "Eleven", "Austin"], ["12", "Twelve", "Dallas"]]);

    [Fact]
    public async Task ABlobUnderTheBrandsFolderImportsItsLocationsAndAnswersTheSummary()
    {
        var slug = "blob-" + Guid.NewGuid().ToString("N")[..8];
        var brandId = await app.CreateBrandAsync(null, slug);

        var (status, result) = await app.InvokeBlobAsync(slug, "2026/november stores.xlsx", Stores);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(("succeeded", 2, "blob"), (result.Str("status"), result.Int("created"), result.Str("source")));
        Assert.Equal("2026/november stores.xlsx", result.Str("fileName"));
        Assert.Equal(brandId.ToString(), result.Str("brandId"));
        Assert.Equal(2, await app.ScalarAsync<int>("SELECT count(*) FROM locations WHERE brand_id = @brandId", new { brandId }));
        var (_, admin) = await app.SignInAsNewAsync("admin");
        var job = await admin.GetFromJsonAsync<JsonElement>($"/api/v1/imports/{result.Str("id")}");
        Assert.Equal("succeeded", job.Str("status"));
    }

    [Fact]
    public async Task TheHostRedeliveringTheSameBlobAppliesNothingTwice()
    {
        var slug = "blob-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateBrandAsync(null, slug);

        var (_, first) = await app.InvokeBlobAsync(slug, "stores.xlsx", Stores);
        var (status, again) = await app.InvokeBlobAsync(slug, "stores.xlsx", Stores);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal(first.Str("id"), again.Str("duplicateOf"));
        Assert.Equal((0, 0, 2), (again.Int("created"), again.Int("updated"), again.Int("unchanged")));
    }

    [Fact]
    public async Task AzuritesAccountPrefixedUriIsUnderstood()
    {
        var slug = "blob-" + Guid.NewGuid().ToString("N")[..8];
        var brandId = await app.CreateBrandAsync(null, slug);

        var (_, result) = await app.InvokeBlobAsync(slug, "s.xlsx", Stores, uri: $"http://127.0.0.1:10000/devstoreaccount1/imports/{slug}/s.xlsx");

        Assert.Equal(("succeeded", brandId.ToString()), (result.Str("status"), result.Str("brandId")));
    }

    [Fact]
    public async Task AnUnknownBrandFolderRecordsAFailedJobAndAnswers200SoTheHostDoesNotRetry()
    {
        var slug = "nobody-" + Guid.NewGuid().ToString("N")[..8];

        var (status, result) = await app.InvokeBlobAsync(slug, "stores.xlsx", Stores);

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("failed", result.Str("status"));
        Assert.Contains($"No brand has the slug '{slug}'", result.Str("message"));
        Assert.Equal(JsonValueKind.Null, result.GetProperty("brandId").ValueKind);
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT count(*) FROM import_jobs WHERE id = @id AND brand_id IS NULL AND status = 'failed'",
            new { id = Guid.Parse(result.Str("id")!) }));
        var (_, manager) = await app.SignInAsNewAsync("brandManager", [await app.CreateBrandAsync()]);
        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/v1/imports/{result.Str("id")}")).StatusCode);
    }

    [Fact]
    public async Task ACorruptBlobFailsItsJobAndAnswers200()
    {
        var slug = "blob-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateBrandAsync(null, slug);

        var (status, result) = await app.InvokeBlobAsync(slug, "stores.xlsx", Encoding.UTF8.GetBytes("PK\u0003\u0004 but not really a zip"));

        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("failed", result.Str("status"));
        Assert.Contains("not a readable .xlsx", result.Str("message"));
    }

    [Fact]
    public async Task ABlobOutsideABrandFolderIsAMalformedInvocation()
    {
        var payload = System.Text.Json.JsonSerializer.Serialize(new
        {
            Data = new { blob = Convert.ToBase64String(Stores) },
            Metadata = new { Uri = "https://acct.blob.core.windows.net/imports/stores.xlsx" },
        });

        var response = await app.CreateClient().PostAsync("/LocationImport", new StringContent(payload, Encoding.UTF8, "application/json"));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
