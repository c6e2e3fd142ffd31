using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Dapper;

namespace StoreSync.Tests.Brands;

public sealed class BrandsTests(TenantWorld world) : IClassFixture<TenantWorld>
{
    private static string Unique() => Guid.NewGuid().ToString("N")[..8];

    private async Task<(Guid Id, string Slug)> CreateAsync(object? settings = null)
    {
        var slug = "b-" + Unique();
        var response = await world.Admin.PostAsJsonAsync("/api/v1/brands", new { name = "Brand " + slug, slug, settings });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return ((await response.BodyAsync()).GetProperty("id").GetGuid(), slug);
    }

    [Fact]
    public async Task CreatedBrandHasDefaultSettingsAndLocationHeader()
    {
        var slug = "fresh-" + Unique();
        var response = await world.Admin.PostAsJsonAsync("/api/v1/brands", new { name = "Fresh", slug, settings = new { voice = "Friendly" } });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var body = await response.BodyAsync();
        Assert.Equal($"/api/v1/brands/{body.GetProperty("id").GetGuid()}", response.Headers.Location?.ToString());
        Assert.Equal(slug, body.GetProperty("slug").GetString());
        var settings = body.GetProperty("settings");
        Assert.Equal("Friendly", settings.GetProperty("voice").GetString());
        Assert.Equal(24, settings.GetProperty("approvalReminderHours").GetInt32());
    }

    /// <summary>Imports read settings.defaultTimeZone: PATCHing other settings must keep it, and the API must be able to set it.</summary>
    [Fact]
    public async Task DefaultTimeZoneForImportsIsSetReturnedAndKeptByOtherSettingChanges()
    {
        var (id, _) = await CreateAsync(new { defaultTimeZone = "America/Denver" });
        var patched = await world.Admin.SendAsync(Json.Patch($"/api/v1/brands/{id}", new { settings = new { voice = "Calm" } }));
        Assert.Equal(HttpStatusCode.OK, patched.StatusCode);
        Assert.Equal("America/Denver", (await patched.BodyAsync()).GetProperty("settings").GetProperty("defaultTimeZone").GetString());
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal("America/Denver", await conn.ExecuteScalarAsync<string>("SELECT settings->>'defaultTimeZone' FROM brands WHERE id = @id", new { id }));

        var invalid = await world.Admin.SendAsync(Json.Patch($"/api/v1/brands/{id}", new { settings = new { defaultTimeZone = "Central Standard Time" } }));
        Assert.Equal(HttpStatusCode.BadRequest, invalid.StatusCode);
        Assert.Contains("settings.defaultTimeZone", await invalid.ErrorFieldsAsync());
        var cleared = await world.Admin.SendAsync(Json.Patch($"/api/v1/brands/{id}", new { settings = new { defaultTimeZone = "" } }));
        Assert.Equal(JsonValueKind.Null, (await cleared.BodyAsync()).GetProperty("settings").GetProperty("defaultTimeZone").ValueKind);
    }

    [Fact]
    public async Task DuplicateSlugIs409()
    {
        var (_, slug) = await CreateAsync();
        var again = await world.Admin.PostAsJsonAsync("/api/v1/brands", new { name = "Other", slug });
        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        var (otherId, _) = await CreateAsync();
        var rename = await world.Admin.SendAsync(Json.Patch($"/api/v1/brands/{otherId}", new { slug }));
        Assert.Equal(HttpStatusCode.Conflict, rename.StatusCode);
    }

    [Theory]
    [InlineData("""{"name":"x","slug":"Upper"}""", "slug")]
    [InlineData("""{"name":"x","slug":"a"}""", "slug")]
    [InlineData("""{"name":"x","slug":"has space"}""", "slug")]
    [InlineData("""{"name":"x","slug":"-edge-"}""", "slug")]
    [InlineData("""{"name":"x"}""", "slug")]
    [InlineData("""{"slug":"no-name"}""", "name")]
    [InlineData("""{"name":"x","slug":"ok-slug-1","settings":{"approvalReminderHours":0}}""", "settings.approvalReminderHours")]
    [InlineData("""{"name":"x","slug":"ok-slug-2","settings":{"approvalReminderHours":721}}""", "settings.approvalReminderHours")]
    public async Task InvalidBrandIs400NamingTheField(string json, string field)
    {
        var response = await world.Admin.PostAsync("/api/v1/brands", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains(field, await response.ErrorFieldsAsync());
    }

    [Theory]
    [InlineData("""{"name":"x","slug":"typed-1","settings":{"approvalReminderHours":"soon"}}""")]
    [InlineData("""{"name":"x","slug":"typed-2","settings":{"voice":42}}""")]
    [InlineData("""{"name":"x","slug":"typed-3","settings":"loud"}""")]
    [InlineData("""{"name":"x","slug":"typed-4","settings":{"voice":"ok"}""")]
    public async Task WrongTypesInSettingsAre400Problems(string json)
    {
        var response = await world.Admin.PostAsync("/api/v1/brands", new StringContent(json, Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task PatchChangesOnlyTheSettingsKeysPresent()
    {
        var (id, slug) = await CreateAsync(new { voice = "Calm", guidelines = "No emojis", approvalReminderHours = 48 });
        var response = await world.Admin.SendAsync(Json.Patch($"/api/v1/brands/{id}", new { settings = new { voice = "Bold", unknownKey = "ignored" } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var settings = (await response.BodyAsync()).GetProperty("settings");
        Assert.Equal("Bold", settings.GetProperty("voice").GetString());
        Assert.Equal("No emojis", settings.GetProperty("guidelines").GetString());
        Assert.Equal(48, settings.GetProperty("approvalReminderHours").GetInt32());
        Assert.False(settings.TryGetProperty("unknownKey", out _));
        var body = await (await world.Admin.GetAsync($"/api/v1/brands/{id}")).BodyAsync();
        Assert.Equal(slug, body.GetProperty("slug").GetString());
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.False(await conn.ExecuteScalarAsync<bool>("SELECT settings ? 'unknownKey' FROM brands WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task BrandManagerMayChangeTheirOwnBrand()
    {
        var response = await world.ManagerA.SendAsync(Json.Patch($"/api/v1/brands/{world.BrandA}", new { settings = new { guidelines = "Say hi" } }));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Alpha Coffee", (await response.BodyAsync()).GetProperty("name").GetString());
    }

    [Fact]
    public async Task DeletingABrandWithCampaignsIs409AndKeepsEverything()
    {
        var (id, _) = await CreateAsync();
        var location = await world.CreateLocationAsync(id);
        await world.CreateCampaignAsync(id, location);
        var response = await world.Admin.DeleteAsync($"/api/v1/brands/{id}");
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Contains("campaign", (await response.BodyAsync()).GetProperty("detail").GetString());
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM locations WHERE brand_id = @id", new { id }));
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM brands WHERE id = @id", new { id }));
    }

    [Fact]
    public async Task DeletingABrandRemovesItsLocationsAndIsAudited()
    {
        var (id, _) = await CreateAsync();
        await world.CreateLocationAsync(id);
        Assert.Equal(HttpStatusCode.NoContent, (await world.Admin.DeleteAsync($"/api/v1/brands/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Admin.GetAsync($"/api/v1/brands/{id}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await world.Admin.DeleteAsync($"/api/v1/brands/{id}")).StatusCode);
        await using var conn = await world.Db.OpenConnectionAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM locations WHERE brand_id = @id", new { id }));
        var actions = await conn.QueryAsync<string>("SELECT action FROM audit_log WHERE entity = 'brand' AND entity_id = @id ORDER BY id", new { id });
        Assert.Equal(["create", "delete"], actions);
    }

    [Fact]
    public async Task ListIsPagedSortedAndSearchable()
    {
        var page = await (await world.Admin.GetAsync("/api/v1/brands?pageSize=1000&page=0&sort=-name")).BodyAsync();
        Assert.Equal(100, page.GetProperty("pageSize").GetInt32());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        var names = page.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("name").GetString()!.ToLowerInvariant()).ToList();
        Assert.Equal(names.OrderDescending(StringComparer.Ordinal), names);
        var search = await (await world.ViewerA.GetAsync("/api/v1/brands?q=ALPHA")).BodyAsync();
        Assert.Equal([world.BrandA], search.GetProperty("items").EnumerateArray().Select(b => b.GetProperty("id").GetGuid()));
    }
}
