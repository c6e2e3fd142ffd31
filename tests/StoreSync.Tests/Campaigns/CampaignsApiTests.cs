using System.Text.Json;
using System.Net.Http.Json;
using System.Net;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Campaigns;

public sealed class CampaignsApiTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private async Task<(Guid Brand, Guid Store, Guid Template, HttpClient Client, StoreSyncApp.TestUser User)> BrandWithManagerAsync(
        string role = Roles.BrandManager)
    {
        var brand = await app.CreateBrandAsync();
        var store = await app.CreateLocationAsync(brand, name: "Loop", storeNumber: "0042");
        var template = await app.CreateTemplateAsync(brand);
        var (user, client) = await app.SignInAsNewAsync(role, [brand]);
        return (brand, store, template, client, user);
    }

    [Fact]
    public async Task CreatingACampaignRendersTheTemplateForTheLocationAndStoresIt()
    {
        var (brand, store, template, client, user) = await BrandWithManagerAsync(Roles.LocationManager);

        var response = await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = store, customizations = new { headline = "Big <b>deals</b>" } });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var c = await response.JsonAsync();
        var id = c.GetProperty("id").GetGuid();
        Assert.Equal($"/api/v1/campaigns/{id}", response.Headers.Location?.ToString());
        Assert.Equal("Hello Loop (#0042): Big &lt;b&gt;deals&lt;/b&gt; 10% off!", c.GetProperty("renderedContent").GetString());
        Assert.Equal(("draft", brand, "Loop", "0042", "America/Chicago"), (c.GetProperty("status").GetString(), c.GetProperty("brandId").GetGuid(),
            c.GetProperty("locationName").GetString(), c.GetProperty("storeNumber").GetString(), c.GetProperty("timeZone").GetString()));
        Assert.Equal(("Spring sale", user.Id, user.Username, 1), (c.GetProperty("templateName").GetString(), c.GetProperty("createdBy").GetGuid(),
            c.GetProperty("createdByName").GetString(), c.GetProperty("version").GetInt32()));
        Assert.Equal(["submit"], c.GetProperty("availableActions").Strings());
        Assert.Equal("Big <b>deals</b>", c.GetProperty("customizations").GetProperty("headline").GetString());

        var get = await client.GetAsync($"/api/v1/campaigns/{id}");
        Assert.Equal("W/\"1\"", get.Headers.ETag?.ToString());
    }

    [Fact]
    public async Task AuthorsCanEditTheDraftedCopyAndClearIt()
    {
        var (_, store, template, client, _) = await BrandWithManagerAsync(Roles.LocationManager);
        var created = await (await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = store, customizations = new { headline = "Hi" } })).JsonAsync();
        var id = created.GetProperty("id").GetGuid();

        var edited = await client.PatchAsync($"/api/v1/campaigns/{id}", JsonContent.Create(new { generatedContent = "My own words for the store" }));
        Assert.Equal(HttpStatusCode.OK, edited.StatusCode);
        var body = await edited.JsonAsync();
        Assert.Equal("My own words for the store", body.GetProperty("generatedContent").GetString());
        Assert.Equal(2, body.GetProperty("version").GetInt32());

        var cleared = await (await client.PatchAsync($"/api/v1/campaigns/{id}", JsonContent.Create(new { generatedContent = "" }))).JsonAsync();
        Assert.Equal(JsonValueKind.Null, cleared.GetProperty("generatedContent").ValueKind);
        var tooLong = await client.PatchAsync($"/api/v1/campaigns/{id}", JsonContent.Create(new { generatedContent = new string('x', 20_001) }));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task ScriptInCustomizationsIsEscapedInRenderedContent()
    {
        var (_, store, template, client, _) = await BrandWithManagerAsync();
        var response = await client.PostJsonAsync("/api/v1/campaigns",
            new { templateId = template, locationId = store, customizations = new { headline = "<script>steal()</script>" } });
        var rendered = (await response.JsonAsync()).GetProperty("renderedContent").GetString()!;
        Assert.DoesNotContain("<script>", rendered);
        Assert.Contains("&lt;script&gt;steal()&lt;/script&gt;", rendered);
    }

    [Fact]
    public async Task MissingRequiredAndUnknownAndMistypedCustomizationsAre400NamingThem()
    {
        var (_, store, template, client, _) = await BrandWithManagerAsync();
        var response = await client.PostJsonAsync("/api/v1/campaigns",
            new { templateId = template, locationId = store, customizations = new { discount = 120, colour = "red" } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("customizations.headline", out _));
        Assert.True(errors.TryGetProperty("customizations.colour", out _));
        Assert.True(errors.TryGetProperty("customizations.discount", out _));
    }

    [Fact]
    public async Task TemplateOrLocationOfAnotherBrandIs404()
    {
        var (brand, store, template, client, _) = await BrandWithManagerAsync();
        var other = await app.CreateBrandAsync();
        var otherStore = await app.CreateLocationAsync(other);
        var otherTemplate = await app.CreateTemplateAsync(other);
        var custom = new { headline = "x" };

        var foreignTemplate = await client.PostJsonAsync("/api/v1/campaigns", new { templateId = otherTemplate, locationId = store, customizations = custom });
        var foreignLocation = await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = otherStore, customizations = custom });
        Assert.Equal(HttpStatusCode.NotFound, foreignTemplate.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, foreignLocation.StatusCode);

        // Even an admin cannot pair a template with a store of another brand.
        var (_, admin) = await app.SignInAsNewAsync(Roles.Admin);
        Assert.Equal(HttpStatusCode.NotFound,
            (await admin.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = otherStore, customizations = custom })).StatusCode);
        Assert.Equal(0, (await (await client.GetAsync($"/api/v1/campaigns?brandId={brand}")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ViewersCannotCreateCampaigns()
    {
        var (_, store, template, _, _) = await BrandWithManagerAsync();
        var brand = (await app.CreateBrandAsync());
        var (_, viewer) = await app.SignInAsNewAsync(Roles.Viewer, [brand]);
        Assert.Equal(HttpStatusCode.Forbidden,
            (await viewer.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = store, customizations = new { headline = "x" } })).StatusCode);
    }

    [Fact]
    public async Task LimitedLocationManagerCreatesOnlyForTheirStores()
    {
        var brand = await app.CreateBrandAsync();
        var mine = await app.CreateLocationAsync(brand);
        var notMine = await app.CreateLocationAsync(brand);
        var template = await app.CreateTemplateAsync(brand);
        var (_, client) = await app.SignInAsNewAsync(Roles.LocationManager, [brand], [mine]);
        var custom = new { headline = "x" };
        Assert.Equal(HttpStatusCode.Created, (await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = mine, customizations = custom })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = notMine, customizations = custom })).StatusCode);
        await app.CreateCampaignAsync(brand, notMine, template);
        var list = await (await client.GetAsync("/api/v1/campaigns")).JsonAsync();
        Assert.Equal(1, list.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task PatchReRendersEditableCampaignsAndIgnoresFieldsItDoesNotOwn()
    {
        var (brand, store, template, client, _) = await BrandWithManagerAsync();
        var id = (await (await client.PostJsonAsync("/api/v1/campaigns",
            new { templateId = template, locationId = store, customizations = new { headline = "Old" } })).JsonAsync()).GetProperty("id").GetGuid();

        var response = await client.PatchJsonAsync($"/api/v1/campaigns/{id}",
            new { name = "Renamed", customizations = new { headline = "New", discount = 25 }, status = "approved", brandId = Guid.NewGuid(), version = 99 },
            "W/\"1\"");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var c = await response.JsonAsync();
        Assert.Equal(("Renamed", "draft", brand, 2), (c.GetProperty("name").GetString(), c.GetProperty("status").GetString(), c.GetProperty("brandId").GetGuid(),
            c.GetProperty("version").GetInt32()));
        Assert.Equal("Hello Loop (#0042): New 25% off!", c.GetProperty("renderedContent").GetString());
        Assert.Equal("W/\"2\"", response.Headers.ETag?.ToString());
        Assert.Equal(HttpStatusCode.PreconditionFailed, (await client.PatchJsonAsync($"/api/v1/campaigns/{id}", new { name = "x" }, "W/\"1\"")).StatusCode);
    }

    [Theory]
    [InlineData("pendingReview")]
    [InlineData("approved")]
    [InlineData("scheduled")]
    [InlineData("active")]
    [InlineData("completed")]
    [InlineData("cancelled")]
    public async Task ContentAndDatesAreLockedOutsideDraftAndRejected(string status)
    {
        var (brand, store, template, client, _) = await BrandWithManagerAsync();
        var id = await app.CreateCampaignAsync(brand, store, template, status);
        var response = await client.PatchJsonAsync($"/api/v1/campaigns/{id}", new { customizations = new { headline = "x" } });
        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal((status, 1, 0), await app.CampaignStateAsync(id));
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/v1/campaigns/{id}")).StatusCode);
    }

    [Fact]
    public async Task RejectedCampaignsCanBeEditedButOnlyDraftsDeleted()
    {
        var (brand, store, template, client, _) = await BrandWithManagerAsync();
        var rejected = await app.CreateCampaignAsync(brand, store, template, "rejected");
        Assert.Equal(HttpStatusCode.OK, (await client.PatchJsonAsync($"/api/v1/campaigns/{rejected}", new { name = "Fixed" })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.DeleteAsync($"/api/v1/campaigns/{rejected}")).StatusCode);
        var draft = await app.CreateCampaignAsync(brand, store, template);
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/v1/campaigns/{draft}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/campaigns/{draft}")).StatusCode);
    }

    [Fact]
    public async Task ListFiltersSearchesSortsAndPages()
    {
        var (brand, store, template, client, _) = await BrandWithManagerAsync();
        var otherStore = await app.CreateLocationAsync(brand);
        var t0 = DateTimeOffset.UtcNow.AddDays(-1);
        await app.CreateCampaignAsync(brand, store, template, "draft", name: "Bravo", content: "pumpkin latte", createdAt: t0.AddMinutes(1),
            start: DateTimeOffset.UtcNow.AddDays(3), end: DateTimeOffset.UtcNow.AddDays(4));
        await app.CreateCampaignAsync(brand, store, template, "approved", name: "Alpha", content: "cold brew", createdAt: t0.AddMinutes(2),
            start: DateTimeOffset.UtcNow.AddDays(1), end: DateTimeOffset.UtcNow.AddDays(4));
        await app.CreateCampaignAsync(brand, otherStore, template, "draft", name: "Charlie", content: "Pumpkin pie", createdAt: t0.AddMinutes(3),
            start: DateTimeOffset.UtcNow.AddDays(10), end: DateTimeOffset.UtcNow.AddDays(11));

        async Task<string[]> Names(string query) =>
            (await (await client.GetAsync($"/api/v1/campaigns?brandId={brand}&{query}")).JsonAsync()).GetProperty("items").EnumerateArray()
            .Select(i => i.GetProperty("name").GetString()!).ToArray();

        Assert.Equal(["Charlie", "Alpha", "Bravo"], await Names(""));
        Assert.Equal(["Bravo", "Alpha", "Charlie"], await Names("sort=createdAt"));
        Assert.Equal(["Alpha", "Bravo", "Charlie"], await Names("sort=name"));
        Assert.Equal(["Alpha", "Bravo", "Charlie"], await Names("sort=scheduledStart"));
        Assert.Equal(["Alpha", "Charlie", "Bravo"], await Names("sort=status"));
        Assert.Equal(["Charlie", "Bravo"], await Names("status=draft"));
        Assert.Equal(["Charlie", "Bravo"], await Names("q=PUMPKIN"));
        Assert.Equal(["Alpha"], await Names("q=alph"));
        Assert.Equal(["Charlie"], await Names($"locationId={otherStore}"));
        Assert.Equal(["Alpha", "Bravo"], await Names($"startsFrom={Uri.EscapeDataString(DateTimeOffset.UtcNow.ToString("O"))}&startsTo={Uri.EscapeDataString(DateTimeOffset.UtcNow.AddDays(5).ToString("O"))}&sort=scheduledStart"));
        Assert.Equal(["Alpha", "Bravo", "Charlie"], await Names($"templateId={template}&sort=name"));

        var page2 = await (await client.GetAsync($"/api/v1/campaigns?brandId={brand}&sort=name&page=2&pageSize=2")).JsonAsync();
        Assert.Equal((3, 2, 2), (page2.GetProperty("total").GetInt32(), page2.GetProperty("page").GetInt32(), page2.GetProperty("pageSize").GetInt32()));
        Assert.Equal("Charlie", page2.GetProperty("items")[0].GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/campaigns?sort=secret")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync("/api/v1/campaigns?status=paused")).StatusCode);
    }

    [Fact]
    public async Task SameIdempotencyKeyAndBodyCreatesOneCampaignWithAnIdenticalResponse()
    {
        var (brand, store, template, client, _) = await BrandWithManagerAsync();
        var body = new { templateId = template, locationId = store, customizations = new { headline = "Once" } };

        var first = await client.PostJsonAsync("/api/v1/campaigns", body, "key-123");
        var second = await client.PostJsonAsync("/api/v1/campaigns", body, "key-123");

        Assert.Equal((HttpStatusCode.Created, HttpStatusCode.Created), (first.StatusCode, second.StatusCode));
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.Equal(first.Headers.Location, second.Headers.Location);
        Assert.Equal(1, (await (await client.GetAsync($"/api/v1/campaigns?brandId={brand}")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task ConcurrentRequestsWithOneKeyCreateOneCampaign()
    {
        var (brand, store, template, client, _) = await BrandWithManagerAsync();
        var body = new { templateId = template, locationId = store, customizations = new { headline = "Race" } };

        var responses = await Task.WhenAll(Enumerable.Range(0, 10).Select(_ => client.PostJsonAsync("/api/v1/campaigns", body, "race-key")));

        Assert.All(responses, r => Assert.Equal(HttpStatusCode.Created, r.StatusCode));
        Assert.Single((await Task.WhenAll(responses.Select(r => r.Content.ReadAsStringAsync()))).Distinct());
        Assert.Equal(1, (await (await client.GetAsync($"/api/v1/campaigns?brandId={brand}")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task AKeyWhoseFirstRequestIsStillRunningIs409()
    {
        var (_, store, template, client, user) = await BrandWithManagerAsync();
        // Another request holds the key: its row is inserted but its transaction has not finished.
        await using var conn = await app.Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await conn.ExecuteAsync("INSERT INTO idempotency_keys (user_id, key, request_hash) VALUES (@id, 'busy-key', '\\x00')",
            new { id = user.Id }, tx);

        var response = await client.PostJsonAsync("/api/v1/campaigns",
            new { templateId = template, locationId = store, customizations = new { headline = "x" } }, "busy-key");

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        await tx.RollbackAsync();
    }

    [Fact]
    public async Task SameIdempotencyKeyWithAnotherBodyIs422()
    {
        var (brand, store, template, client, _) = await BrandWithManagerAsync();
        await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = store, customizations = new { headline = "A" } }, "key-x");
        var other = await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = store, customizations = new { headline = "B" } }, "key-x");
        Assert.Equal(HttpStatusCode.UnprocessableEntity, other.StatusCode);
        Assert.Equal(1, (await (await client.GetAsync($"/api/v1/campaigns?brandId={brand}")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task IdempotencyKeysAreScopedToTheCallingUser()
    {
        var (brand, store, template, client, _) = await BrandWithManagerAsync();
        var (_, colleague) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var body = new { templateId = template, locationId = store, customizations = new { headline = "Same" } };
        var mine = await (await client.PostJsonAsync("/api/v1/campaigns", body, "shared-key")).JsonAsync();
        var theirs = await colleague.PostJsonAsync("/api/v1/campaigns", body, "shared-key");
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.NotEqual(mine.GetProperty("id").GetGuid(), (await theirs.JsonAsync()).GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task AFailedCreateDoesNotUseUpItsKeyAndOverlongKeysAre400()
    {
        var (_, store, template, client, _) = await BrandWithManagerAsync();
        var bad = await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = store }, "retry-me");
        Assert.Equal(HttpStatusCode.BadRequest, bad.StatusCode);
        var good = await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = store, customizations = new { headline = "x" } }, "retry-me");
        Assert.Equal(HttpStatusCode.Created, good.StatusCode);
        var tooLong = await client.PostJsonAsync("/api/v1/campaigns", new { templateId = template, locationId = store }, new string('k', 201));
        Assert.Equal(HttpStatusCode.BadRequest, tooLong.StatusCode);
    }

    [Fact]
    public async Task OpenApiDocumentDescribesTheCampaignTemplateApprovalAndStatsEndpoints()
    {
        var response = await app.CreateClient().GetAsync("/api/openapi/v1.json");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var paths = (await response.JsonAsync()).GetProperty("paths");
        foreach (var path in new[] { "/api/v1/campaigns", "/api/v1/campaigns/{id}", "/api/v1/campaigns/{id}/approve", "/api/v1/campaigns/bulk",
                     "/api/v1/campaigns/bulk/reject", "/api/v1/campaigns/{id}/history", "/api/v1/templates", "/api/v1/templates/preview",
                     "/api/v1/approvals", "/api/v1/stats" })
            Assert.True(paths.TryGetProperty(path, out _), path);
    }
}
