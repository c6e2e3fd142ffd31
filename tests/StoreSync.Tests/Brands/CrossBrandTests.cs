using System.Net;
using Dapper;

namespace StoreSync.Tests.Brands;

/// <summary>Nobody sees or touches another brand's objects: 404 (not 403), absent from lists, rows unchanged.</summary>
public sealed class CrossBrandTests(TenantWorld world) : IClassFixture<TenantWorld>
{
    private string LocationA1 => $"/api/v1/brands/{world.BrandA}/locations/{world.LocationA1}";

    [Fact]
    public async Task OtherBrandsBrandIs404ForReadUpdateAndAbsentFromTheList()
    {
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.GetAsync($"/api/v1/brands/{world.BrandA}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.SendAsync(Json.Patch($"/api/v1/brands/{world.BrandA}", new { name = "Hijacked" }))).StatusCode);
        var list = await (await world.ManagerB.GetAsync("/api/v1/brands?pageSize=100")).BodyAsync();
        Assert.Equal([world.BrandB], list.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal("Alpha Coffee", await conn.ExecuteScalarAsync<string>("SELECT name FROM brands WHERE id = @id", new { id = world.BrandA }));
    }

    [Fact]
    public async Task OtherBrandsLocationIs404ForReadListUpdateAndDeleteAndStaysUnchanged()
    {
        await using var conn = await world.Db.OpenConnectionAsync();
        const string snapshot = "SELECT row_to_json(l)::text FROM locations l WHERE id = @id";
        var before = await conn.ExecuteScalarAsync<string>(snapshot, new { id = world.LocationA1 });

        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.GetAsync(LocationA1)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.GetAsync($"/api/v1/brands/{world.BrandA}/locations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.SendAsync(Json.Patch(LocationA1, new { name = "Hijacked" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.DeleteAsync(LocationA1)).StatusCode);
        // Through their own brand's route, with brand A's location id: still not found.
        var viaOwnBrand = $"/api/v1/brands/{world.BrandB}/locations/{world.LocationA1}";
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.GetAsync(viaOwnBrand)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.SendAsync(Json.Patch(viaOwnBrand, new { name = "Hijacked" }))).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.ManagerB.DeleteAsync(viaOwnBrand)).StatusCode);

        var flat = await (await world.ManagerB.GetAsync("/api/v1/locations?pageSize=100&q=alpha")).BodyAsync();
        Assert.Equal(0, flat.GetProperty("total").GetInt32());
        Assert.Equal(before, await conn.ExecuteScalarAsync<string>(snapshot, new { id = world.LocationA1 }));
    }

    [Fact]
    public async Task BrandManagerCannotMoveTheirLocationIntoAnotherBrand()
    {
        var id = await world.CreateLocationAsync(world.BrandA, "MOVE-1");
        var response = await world.ManagerA.SendAsync(Json.Patch($"/api/v1/brands/{world.BrandA}/locations/{id}",
            new { brandId = world.BrandB, id = world.LocationB1, name = "Moved?" }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal(world.BrandA, await conn.ExecuteScalarAsync<Guid>("SELECT brand_id FROM locations WHERE id = @id", new { id }));
        Assert.Equal("Beta Basecamp", await conn.ExecuteScalarAsync<string>("SELECT name FROM locations WHERE id = @id", new { id = world.LocationB1 }));
    }

    [Fact]
    public async Task BrandPatchCarryingIdAndCreatedAtChangesNeither()
    {
        await using var conn = await world.Db.OpenConnectionAsync();
        var createdBefore = await conn.ExecuteScalarAsync<DateTime>("SELECT created_at FROM brands WHERE id = @id", new { id = world.BrandB });
        var response = await world.ManagerB.SendAsync(Json.Patch($"/api/v1/brands/{world.BrandB}",
            new { id = world.BrandA, createdAt = "2000-01-01T00:00:00Z", settings = new { voice = "Rugged" } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal(world.BrandB, body.GetProperty("id").GetGuid());
        Assert.Equal(createdBefore, await conn.ExecuteScalarAsync<DateTime>("SELECT created_at FROM brands WHERE id = @id", new { id = world.BrandB }));
        Assert.Equal("Alpha Coffee", await conn.ExecuteScalarAsync<string>("SELECT name FROM brands WHERE id = @id", new { id = world.BrandA }));
    }
}
