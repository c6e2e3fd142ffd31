using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Exports;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Audit;

/// <summary>GET /audit: who may read it, what they see, filters, paging and the CSV.</summary>
public sealed class AuditViewerTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private async Task AuditAsync(Guid? actorId, Guid? brandId, string action, string entity, Guid? entityId, DateTimeOffset at, string details = "{}")
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO audit_log (at, actor_id, brand_id, action, entity, entity_id, details) VALUES (@at, @actorId, @brandId, @action, @entity, @entityId, @details::jsonb)
            """, new { at = at.UtcDateTime, actorId, brandId, action, entity, entityId, details });
    }

    private static string Q(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O"));

    private static readonly DateTimeOffset T0 = new(2026, 10, 1, 12, 0, 0, TimeSpan.Zero);

    private async Task<(Guid A, Guid B, StoreSyncApp.TestUser Actor)> SeedAsync()
    {
        var (a, b) = (await app.CreateBrandAsync(), await app.CreateBrandAsync());
        var actor = await app.CreateUserAsync("brandManager", [a, b]);
        for (var i = 0; i < 5; i++) await AuditAsync(actor.Id, a, "update", "campaign", Guid.NewGuid(), T0.AddHours(i));
        await AuditAsync(actor.Id, a, "create", "location", Guid.NewGuid(), T0.AddDays(1), """{"name":"=cmd"}""");
        await AuditAsync(actor.Id, b, "delete", "template", Guid.NewGuid(), T0.AddDays(2));
        await AuditAsync(null, null, "register", "user", Guid.NewGuid(), T0.AddDays(3));
        return (a, b, actor);
    }

    private static async Task<JsonElement> PageAsync(HttpClient client, string query) =>
        await client.GetFromJsonAsync<JsonElement>($"/api/v1/audit?{query}");

    [Fact]
    public async Task BrandManagerSeesOnlyTheirBrandsRowsNewestFirst()
    {
        var (a, _, _) = await SeedAsync();
        var (_, manager) = await app.SignInAsNewAsync("brandManager", [a]);

        var page = await PageAsync(manager, "pageSize=100");

        var items = page.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(6, page.GetProperty("total").GetInt32());
        Assert.All(items, i => Assert.Equal(a, i.GetProperty("brandId").GetGuid()));
        var times = items.Select(i => i.GetProperty("at").GetDateTimeOffset()).ToList();
        Assert.Equal(times.OrderByDescending(t => t), times);
        Assert.Equal("location", items[0].GetProperty("entityType").GetString());
        Assert.Equal("=cmd", items[0].GetProperty("details").GetProperty("name").GetString());
    }

    [Fact]
    public async Task AdminSeesEveryBrandAndRowsWithoutABrand()
    {
        var (a, b, _) = await SeedAsync();
        var (_, admin) = await app.SignInAsNewAsync("admin");

        var page = await PageAsync(admin, $"entityType=user&from={Q(T0)}&to={Q(T0.AddDays(4))}");
        var items = page.GetProperty("items").EnumerateArray().ToList();

        Assert.Contains(items, i => i.GetProperty("action").GetString() == "register" && i.GetProperty("actorName").GetString() == "system");
        Assert.Equal(1, (await PageAsync(admin, $"brandId={b}")).GetProperty("total").GetInt32());
        Assert.Equal(6, (await PageAsync(admin, $"brandId={a}")).GetProperty("total").GetInt32());
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("locationManager")]
    public async Task OtherRolesAre403(string role)
    {
        var (a, _, _) = await SeedAsync();
        var (_, client) = await app.SignInAsNewAsync(role, [a]);

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/audit")).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/v1/audit?format=csv")).StatusCode);
    }

    [Fact]
    public async Task AnotherBrandAsFilterIs404()
    {
        var (a, b, _) = await SeedAsync();
        var (_, manager) = await app.SignInAsNewAsync("brandManager", [a]);

        Assert.Equal(HttpStatusCode.NotFound, (await manager.GetAsync($"/api/v1/audit?brandId={b}")).StatusCode);
    }

    [Fact]
    public async Task FiltersNarrowTheRows()
    {
        var (a, _, actor) = await SeedAsync();
        var (_, manager) = await app.SignInAsNewAsync("brandManager", [a]);
        var someone = await app.CreateUserAsync("brandManager", [a]);
        var entity = Guid.NewGuid();
        await AuditAsync(someone.Id, a, "approve", "campaign", entity, T0.AddDays(5));

        Assert.Equal(5, (await PageAsync(manager, "action=update")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await PageAsync(manager, "entityType=location")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await PageAsync(manager, $"entityId={entity}")).GetProperty("total").GetInt32());
        Assert.Equal(1, (await PageAsync(manager, $"actorId={someone.Id}")).GetProperty("total").GetInt32());
        Assert.Equal(6, (await PageAsync(manager, $"actorId={actor.Id}")).GetProperty("total").GetInt32());
        // [from, to): the hours T0+1h .. T0+3h
        Assert.Equal(2, (await PageAsync(manager, $"from={Q(T0.AddHours(1))}&to={Q(T0.AddHours(3))}")).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task PagesAreStableAndClamped()
    {
        var (a, _, _) = await SeedAsync();
        var (_, manager) = await app.SignInAsNewAsync("brandManager", [a]);

        var first = await PageAsync(manager, "page=1&pageSize=4");
        var second = await PageAsync(manager, "page=2&pageSize=4");
        var huge = await PageAsync(manager, "pageSize=5000");

        Assert.Equal(4, first.GetProperty("items").GetArrayLength());
        Assert.Equal(2, second.GetProperty("items").GetArrayLength());
        var ids = first.GetProperty("items").EnumerateArray().Concat(second.GetProperty("items").EnumerateArray()).Select(i => i.GetProperty("id").GetInt64());
        Assert.Equal(6, ids.Distinct().Count());
        Assert.Equal(100, huge.GetProperty("pageSize").GetInt32());
    }

    [Theory]
    [InlineData("from=2026-12-01T00:00:00Z&to=2026-11-01T00:00:00Z", "from")]
    [InlineData("format=xml", "format")]
    public async Task BadFiltersAre400(string query, string field)
    {
        var (_, admin) = await app.SignInAsNewAsync("admin");

        var response = await admin.GetAsync($"/api/v1/audit?{query}");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty(field, out _));
    }

    [Fact]
    public async Task CsvHasEveryMatchingRowWithFormulasEscaped()
    {
        var (a, _, _) = await SeedAsync();
        var (_, manager) = await app.SignInAsNewAsync("brandManager", [a]);

        var response = await manager.GetAsync("/api/v1/audit?format=csv");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/csv", response.Content.Headers.ContentType!.ToString());
        var rows = ExportSheets.ParseCsv(await response.Content.ReadAsByteArrayAsync());
        Assert.Equal(["at", "actor", "actorId", "brandId", "action", "entityType", "entityId", "details"], rows[0]);
        Assert.Equal(6, rows.Count - 1);
        Assert.All(rows.Skip(1), r => Assert.Equal(a.ToString(), r[3]));
        Assert.Equal("location", rows[1][5]);
        Assert.Equal("2026-10-02T12:00:00Z", rows[1][0]);
    }

    [Fact]
    public async Task ARealChangeAppearsInTheViewer()
    {
        var brandId = await app.CreateBrandAsync();
        var (manager, client) = await app.SignInAsNewAsync("brandManager", [brandId]);
        var created = await client.PostAsJsonAsync($"/api/v1/brands/{brandId}/locations",
            new { name = "Audited store", storeNumber = "A-1", timeZone = "America/Chicago" });
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);

        var page = await PageAsync(client, $"entityType=location&actorId={manager.Id}");

        var item = Assert.Single(page.GetProperty("items").EnumerateArray());
        Assert.Equal("create", item.GetProperty("action").GetString());
        Assert.Equal(manager.Username, item.GetProperty("actorName").GetString());
    }
}
