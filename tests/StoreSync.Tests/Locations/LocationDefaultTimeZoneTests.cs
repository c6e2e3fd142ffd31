using System.Net;
using System.Net.Http.Json;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Brands;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Locations;

/// <summary>Issue 14 #22: POST /locations without timeZone takes the brand's settings.defaultTimeZone, as imports do.</summary>
public sealed class LocationDefaultTimeZoneTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task WithoutATimeZoneTheBrandsDefaultAppliesSoADuplicateStoreNumberIs409()
    {
        var brand = await app.CreateBrandAsync();
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""UPDATE brands SET settings = '{"defaultTimeZone":"America/Denver"}' WHERE id = @brand""", new { brand });
        var (_, manager) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var url = $"/api/v1/brands/{brand}/locations";

        var created = await manager.PostAsJsonAsync(url, new { storeNumber = "TZ-1", name = "Denver Store" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        Assert.Equal("America/Denver", (await created.BodyAsync()).GetProperty("timeZone").GetString());
        var duplicate = await manager.PostAsJsonAsync(url, new { storeNumber = "TZ-1", name = "Denver Store" });
        Assert.Equal(HttpStatusCode.Conflict, duplicate.StatusCode);
        var explicitZone = await manager.PostAsJsonAsync(url, new { storeNumber = "TZ-2", name = "x", timeZone = "Europe/Berlin" });
        Assert.Equal("Europe/Berlin", (await explicitZone.BodyAsync()).GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task ABrandWithoutADefaultStillNeedsATimeZoneAndAnUnknownBrandIs404()
    {
        var (_, admin) = await app.SignInAsNewAsync(Roles.Admin);
        var none = await admin.PostAsJsonAsync($"/api/v1/brands/{await app.CreateBrandAsync()}/locations", new { storeNumber = "TZ-1", name = "x" });
        Assert.Equal(HttpStatusCode.BadRequest, none.StatusCode);
        Assert.Contains("timeZone", await none.ErrorFieldsAsync());
        var unknown = await admin.PostAsJsonAsync($"/api/v1/brands/{Guid.NewGuid()}/locations", new { storeNumber = "TZ-1", name = "x" });
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }
}
