using System.Net;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Campaigns;

public sealed class CampaignRolloutTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task RolloutRendersEachLocationWithItsOwnDataAndReportsInvalidOnes()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand, content: "{{locationName}} in {{city}}: {{headline}} ({{parking}})");
        var north = await app.CreateLocationAsync(brand, name: "North", city: "Evanston", attributesJson: """{"parking":"lot"}""");
        var south = await app.CreateLocationAsync(brand, name: "South", city: "Joliet", attributesJson: """{"parking":"street"}""");
        var closed = await app.CreateLocationAsync(brand, name: "Closed", isActive: false);
        var foreign = await app.CreateLocationAsync(await app.CreateBrandAsync());
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);

        var response = await client.PostJsonAsync("/api/v1/campaigns/bulk", new
        {
            templateId = template, locationIds = new[] { north, south, closed, foreign, Guid.NewGuid() }, customizations = new { headline = "Fall <sale>" },
        });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal((2, 3), (body.GetProperty("created").GetInt32(), body.GetProperty("failed").GetInt32()));
        var results = body.GetProperty("results").EnumerateArray().ToList();
        Assert.Equal(["created", "created", "failed", "failed", "failed"], results.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal([409, 404, 404], results.Skip(2).Select(r => r.GetProperty("error").GetProperty("status").GetInt32()));

        var northCampaign = results[0].GetProperty("campaignId").GetGuid();
        var southCampaign = results[1].GetProperty("campaignId").GetGuid();
        Assert.Equal("North in Evanston: Fall &lt;sale&gt; (lot)",
            (await (await client.GetAsync($"/api/v1/campaigns/{northCampaign}")).JsonAsync()).GetProperty("renderedContent").GetString());
        Assert.Equal("South in Joliet: Fall &lt;sale&gt; (street)",
            (await (await client.GetAsync($"/api/v1/campaigns/{southCampaign}")).JsonAsync()).GetProperty("renderedContent").GetString());
        await using var conn = await app.Db.OpenConnectionAsync();
        Assert.Equal(2, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*)::int FROM audit_log WHERE entity = 'campaign' AND entity_id = ANY(@ids)", new { ids = new[] { northCampaign, southCampaign } }));
    }

    [Fact]
    public async Task RolloutByFilterPicksMatchingActiveVisibleLocations()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        await app.CreateLocationAsync(brand, city: "Austin", attributesJson: """{"format":"kiosk"}""");
        await app.CreateLocationAsync(brand, city: "Austin", attributesJson: """{"format":"flagship"}""");
        await app.CreateLocationAsync(brand, city: "Austin", attributesJson: """{"format":"kiosk"}""", isActive: false);
        await app.CreateLocationAsync(brand, city: "Dallas", attributesJson: """{"format":"kiosk"}""");
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);

        var body = await (await client.PostJsonAsync("/api/v1/campaigns/bulk", new
        {
            templateId = template, locationFilter = new { city = "austin", attributes = new { format = "kiosk" } }, customizations = new { headline = "x" },
        })).JsonAsync();

        Assert.Equal((1, 0), (body.GetProperty("created").GetInt32(), body.GetProperty("failed").GetInt32()));
    }

    [Fact]
    public async Task InvalidSharedCustomizationsFailTheWholeRollout()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var store = await app.CreateLocationAsync(brand);
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var response = await client.PostJsonAsync("/api/v1/campaigns/bulk",
            new { templateId = template, locationIds = new[] { store }, customizations = new { discount = 500 } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        var errors = (await response.JsonAsync()).GetProperty("errors");
        Assert.True(errors.TryGetProperty("customizations.headline", out _));
        Assert.True(errors.TryGetProperty("customizations.discount", out _));
        Assert.Equal(0, (await (await client.GetAsync($"/api/v1/campaigns?brandId={brand}")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task MoreThanTenThousandLocationsIs400AndAForeignTemplateIs404()
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var tooMany = await client.PostJsonAsync("/api/v1/campaigns/bulk", new
        {
            templateId = await app.CreateTemplateAsync(brand), locationIds = Enumerable.Range(0, 10_001).Select(_ => Guid.NewGuid()), customizations = new { headline = "x" },
        });
        Assert.Equal(HttpStatusCode.BadRequest, tooMany.StatusCode);
        var foreign = await client.PostJsonAsync("/api/v1/campaigns/bulk", new
        {
            templateId = await app.CreateTemplateAsync(await app.CreateBrandAsync()), locationIds = new[] { Guid.NewGuid() }, customizations = new { headline = "x" },
        });
        Assert.Equal(HttpStatusCode.NotFound, foreign.StatusCode);
    }

    [Fact]
    public async Task RolloutWithAnIdempotencyKeyRunsOnce()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var stores = new[] { await app.CreateLocationAsync(brand), await app.CreateLocationAsync(brand) };
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var body = new { templateId = template, locationIds = stores, customizations = new { headline = "x" } };
        var first = await client.PostJsonAsync("/api/v1/campaigns/bulk", body, "rollout-1");
        var again = await client.PostJsonAsync("/api/v1/campaigns/bulk", body, "rollout-1");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await again.Content.ReadAsStringAsync());
        Assert.Equal(2, (await (await client.GetAsync($"/api/v1/campaigns?brandId={brand}")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task BulkApproveReportsEachCampaignOnItsOwn()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var store = await app.CreateLocationAsync(brand);
        var author = await app.CreateUserAsync(Roles.LocationManager, [brand]);
        var (me, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var waiting = await app.CreateCampaignAsync(brand, store, template, "pendingReview", submittedBy: author.Id);
        var mine = await app.CreateCampaignAsync(brand, store, template, "pendingReview", submittedBy: me.Id);
        var draft = await app.CreateCampaignAsync(brand, store, template, "draft");
        var foreignBrand = await app.CreateBrandAsync();
        var foreign = await app.CreateCampaignAsync(foreignBrand, await app.CreateLocationAsync(foreignBrand), await app.CreateTemplateAsync(foreignBrand),
            "pendingReview", submittedBy: author.Id);

        var response = await client.PostJsonAsync("/api/v1/campaigns/bulk/approve", new { campaignIds = new[] { waiting, mine, draft, foreign }, comment = "ok" });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal((1, 3), (body.GetProperty("succeeded").GetInt32(), body.GetProperty("failed").GetInt32()));
        var results = body.GetProperty("results").EnumerateArray().ToDictionary(r => r.GetProperty("campaignId").GetGuid());
        Assert.Equal("ok", results[waiting].GetProperty("status").GetString());
        Assert.Equal(403, results[mine].GetProperty("error").GetProperty("status").GetInt32());
        Assert.Equal(409, results[draft].GetProperty("error").GetProperty("status").GetInt32());
        Assert.Equal(404, results[foreign].GetProperty("error").GetProperty("status").GetInt32());
        Assert.Equal(("approved", 2, 1), await app.CampaignStateAsync(waiting));
        Assert.Equal(("pendingReview", 1, 0), await app.CampaignStateAsync(mine));
        Assert.Equal(("pendingReview", 1, 0), await app.CampaignStateAsync(foreign));
    }

    [Fact]
    public async Task BulkSubmitAndRejectFollowTheSameRules()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var store = await app.CreateLocationAsync(brand);
        var (_, author) = await app.SignInAsNewAsync(Roles.LocationManager, [brand]);
        var (_, viewer) = await app.SignInAsNewAsync(Roles.Viewer, [brand]);
        var (_, reviewer) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var drafts = new[] { await app.CreateCampaignAsync(brand, store, template), await app.CreateCampaignAsync(brand, store, template) };

        var byViewer = await (await viewer.PostJsonAsync("/api/v1/campaigns/bulk/submit", new { campaignIds = drafts })).JsonAsync();
        Assert.All(byViewer.GetProperty("results").EnumerateArray(), r => Assert.Equal(403, r.GetProperty("error").GetProperty("status").GetInt32()));

        var submitted = await (await author.PostJsonAsync("/api/v1/campaigns/bulk/submit", new { campaignIds = drafts })).JsonAsync();
        Assert.Equal(2, submitted.GetProperty("succeeded").GetInt32());

        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.PostJsonAsync("/api/v1/campaigns/bulk/reject", new { campaignIds = drafts })).StatusCode);
        var rejected = await (await reviewer.PostJsonAsync("/api/v1/campaigns/bulk/reject", new { campaignIds = drafts, comment = "Off-brand" })).JsonAsync();
        Assert.Equal(2, rejected.GetProperty("succeeded").GetInt32());
        Assert.Equal(("rejected", 3, 2), await app.CampaignStateAsync(drafts[0]));

        Assert.Equal(HttpStatusCode.BadRequest, (await reviewer.PostJsonAsync("/api/v1/campaigns/bulk/approve",
            new { campaignIds = Enumerable.Range(0, 1001).Select(_ => Guid.NewGuid()) })).StatusCode);
    }
}
