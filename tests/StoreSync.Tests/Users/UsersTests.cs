using System.Net;
using System.Net.Http.Json;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Brands;

namespace StoreSync.Tests.Users;

public sealed class UsersTests(TenantWorld world) : IClassFixture<TenantWorld>
{
    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    [Fact]
    public async Task AdminCreatesALocationManagerLimitedToAStoreWhoThenSeesOnlyThatStore()
    {
        var username = "lm-" + Unique();
        var response = await world.Admin.PostAsJsonAsync("/api/v1/users", new
        {
            username, password = "Plenty-long-Quokka-8", role = Roles.LocationManager, brandIds = new[] { world.BrandA }, locationIds = new[] { world.LocationA2 },
        });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal([world.LocationA2], body.GetProperty("locationIds").EnumerateArray().Select(e => e.GetGuid()));
        Assert.EndsWith("Z", body.GetProperty("createdAt").GetString());

        var client = world.CreateClient();
        var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { username, password = "Plenty-long-Quokka-8" })).BodyAsync();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());
        var list = await (await client.GetAsync("/api/v1/locations")).BodyAsync();
        Assert.Equal([world.LocationA2], list.GetProperty("items").EnumerateArray().Select(i => i.GetProperty("id").GetGuid()));
    }

    [Fact]
    public async Task LocationsMustBelongToTheUsersBrands()
    {
        var response = await world.Admin.PostAsJsonAsync("/api/v1/users", new
        {
            username = "lm-" + Unique(), password = "Plenty-long-Quokka-8", role = Roles.LocationManager, brandIds = new[] { world.BrandA }, locationIds = new[] { world.LocationB1 },
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("locationIds", await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task PatchingOnlyLocationsChecksThemAgainstTheCurrentBrands()
    {
        var user = await world.CreateUserAsync(Roles.LocationManager, [world.BrandA]);
        var ok = await world.Admin.SendAsync(Json.Patch($"/api/v1/users/{user.Id}", new { locationIds = new[] { world.LocationA1 } }));
        Assert.Equal(HttpStatusCode.OK, ok.StatusCode);
        Assert.Equal([world.LocationA1], (await ok.BodyAsync()).GetProperty("locationIds").EnumerateArray().Select(e => e.GetGuid()));
        var foreign = await world.Admin.SendAsync(Json.Patch($"/api/v1/users/{user.Id}", new { locationIds = new[] { world.LocationB1 } }));
        Assert.Equal(HttpStatusCode.BadRequest, foreign.StatusCode);
    }

    [Fact]
    public async Task LeavingABrandDropsItsStoreAssignments()
    {
        var user = await world.CreateUserAsync(Roles.LocationManager, [world.BrandA, world.BrandB], [world.LocationA1, world.LocationB1]);
        var response = await world.Admin.SendAsync(Json.Patch($"/api/v1/users/{user.Id}", new { brandIds = new[] { world.BrandB } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal([world.LocationB1], (await response.BodyAsync()).GetProperty("locationIds").EnumerateArray().Select(e => e.GetGuid()));
    }

    [Theory]
    [InlineData("""{"username":"ab","password":"Plenty-long-Quokka-8","role":"viewer"}""", "username")]
    [InlineData("""{"username":"valid-name","password":"short","role":"viewer"}""", "password")]
    [InlineData("""{"username":"valid-name","password":"Plenty-long-Quokka-8","role":"owner"}""", "role")]
    [InlineData("""{"username":"valid-name","password":"Plenty-long-Quokka-8","role":"viewer","email":"nope"}""", "email")]
    [InlineData("""{"username":"valid-name","password":"Plenty-long-Quokka-8","role":"viewer","brandIds":["00000000-0000-0000-0000-000000000001"]}""", "brandIds")]
    public async Task InvalidUserIs400NamingTheField(string json, string field)
    {
        var response = await world.Admin.PostAsync("/api/v1/users", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.ErrorFieldsAsync());
    }

    [Fact]
    public async Task DuplicateUsernameIs409()
    {
        var user = await world.CreateUserAsync(Roles.Viewer);
        var response = await world.Admin.PostAsJsonAsync("/api/v1/users", new { username = user.Username.ToUpperInvariant(), password = "Plenty-long-Quokka-8", role = Roles.Viewer });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
    }

    [Fact]
    public async Task ListFiltersByRoleAndBrandAndClampsThePage()
    {
        var body = await (await world.Admin.GetAsync($"/api/v1/users?role=brandManager&brandId={world.BrandA}&pageSize=1000&page=0")).BodyAsync();
        Assert.Equal(100, body.GetProperty("pageSize").GetInt32());
        Assert.Equal(1, body.GetProperty("page").GetInt32());
        var items = body.GetProperty("items").EnumerateArray().ToList();
        Assert.NotEmpty(items);
        Assert.All(items, u =>
        {
            Assert.Equal("brandManager", u.GetProperty("role").GetString());
            Assert.Contains(world.BrandA, u.GetProperty("brandIds").EnumerateArray().Select(e => e.GetGuid()));
        });
    }

    [Fact]
    public async Task DeletedUserIsGoneAndAudited()
    {
        var user = await world.CreateUserAsync(Roles.Viewer);
        Assert.Equal(HttpStatusCode.NoContent, (await world.Admin.DeleteAsync($"/api/v1/users/{user.Id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Admin.GetAsync($"/api/v1/users/{user.Id}")).StatusCode);
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM audit_log WHERE entity = 'user' AND action = 'delete' AND entity_id = @id", new { id = user.Id }));
    }

    [Fact]
    public async Task AdminCannotDeactivateOrDeleteThemselves()
    {
        var (admin, client) = await world.SignInAsNewAsync(Roles.Admin);
        var deactivate = await client.SendAsync(Json.Patch($"/api/v1/users/{admin.Id}", new { isActive = false }));
        Assert.Equal(HttpStatusCode.BadRequest, deactivate.StatusCode);
        Assert.Contains("isActive", await deactivate.ErrorFieldsAsync());
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/v1/users/{admin.Id}")).StatusCode);
    }
}
