using System.Net;
using Dapper;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Campaigns;

public sealed class ApprovalsAndStatsTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    [Fact]
    public async Task ReviewQueueHoldsPendingCampaignsOfMyBrandsOldestFirst()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var store = await app.CreateLocationAsync(brand);
        var (author, authorClient) = await app.SignInAsNewAsync(Roles.LocationManager, [brand]);
        var (reviewer, reviewerClient) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var first = await app.CreateCampaignAsync(brand, store, template, name: "First");
        var second = await app.CreateCampaignAsync(brand, store, template, name: "Second");
        await app.CreateCampaignAsync(brand, store, template, "pendingReview", submittedBy: reviewer.Id, name: "Own");
        var other = await app.CreateBrandAsync();
        await app.CreateCampaignAsync(other, await app.CreateLocationAsync(other), await app.CreateTemplateAsync(other), "pendingReview", submittedBy: author.Id);
        await authorClient.PostJsonAsync($"/api/v1/campaigns/{first}/submit", new { });
        await authorClient.PostJsonAsync($"/api/v1/campaigns/{second}/submit", new { });

        var queue = await (await reviewerClient.GetAsync("/api/v1/approvals")).JsonAsync();

        Assert.Equal(2, queue.GetProperty("total").GetInt32());
        var items = queue.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal([first, second], items.Select(i => i.GetProperty("campaign").GetProperty("id").GetGuid()));
        Assert.True(items[0].GetProperty("waitingSince").GetDateTimeOffset() <= items[1].GetProperty("waitingSince").GetDateTimeOffset());
        Assert.Contains("approve", items[0].GetProperty("campaign").GetProperty("availableActions").Strings());

        var authorsQueue = await (await authorClient.GetAsync("/api/v1/approvals")).JsonAsync();
        Assert.Equal(0, authorsQueue.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task StatsCountEveryStatusMedianApprovalTimeGoingLiveAndActivityInScope()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var store = await app.CreateLocationAsync(brand);
        var submitter = await app.CreateUserAsync(Roles.LocationManager, [brand]);
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        await app.CreateCampaignAsync(brand, store, template, "draft");
        await app.CreateCampaignAsync(brand, store, template, "pendingReview", submittedBy: submitter.Id);
        await app.CreateCampaignAsync(brand, store, template, "scheduled", start: DateTimeOffset.UtcNow.AddDays(2), end: DateTimeOffset.UtcNow.AddDays(9));
        await app.CreateCampaignAsync(brand, store, template, "approved", start: DateTimeOffset.UtcNow.AddDays(20), end: DateTimeOffset.UtcNow.AddDays(29));
        var a = await app.CreateCampaignAsync(brand, store, template, "approved");
        var b = await app.CreateCampaignAsync(brand, store, template, "approved");
        var now = DateTimeOffset.UtcNow;
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO campaign_history (campaign_id, from_status, to_status, action, actor_id, at) VALUES
                  (@a, 'draft', 'pendingReview', 'submit', @u, @t0), (@a, 'pendingReview', 'approved', 'approve', @u, @t0 + interval '100 seconds'),
                  (@b, 'draft', 'pendingReview', 'submit', @u, @t0), (@b, 'pendingReview', 'approved', 'approve', @u, @t0 + interval '300 seconds')
                """, new { a, b, u = submitter.Id, t0 = now.AddHours(-1).UtcDateTime });
        var other = await app.CreateBrandAsync();
        await app.CreateCampaignAsync(other, await app.CreateLocationAsync(other), await app.CreateTemplateAsync(other), "draft");

        var stats = await (await client.GetAsync($"/api/v1/stats?brandId={brand}")).JsonAsync();

        var counts = stats.GetProperty("countsByStatus");
        Assert.Equal(CampaignStatus.All.Order(), counts.EnumerateObject().Select(p => p.Name).Order());
        Assert.Equal((1, 1, 3, 1, 0), (counts.GetProperty("draft").GetInt32(), counts.GetProperty("pendingReview").GetInt32(),
            counts.GetProperty("approved").GetInt32(), counts.GetProperty("scheduled").GetInt32(), counts.GetProperty("cancelled").GetInt32()));
        Assert.Equal(1, stats.GetProperty("approvalsWaiting").GetInt32());
        Assert.Equal(200, stats.GetProperty("medianTimeToApprovalSeconds").GetDouble(), 3);
        Assert.Equal(3, stats.GetProperty("goingLiveThisWeek").GetInt32()); // the scheduled one plus a and b (seeded to start tomorrow)
        var activity = stats.GetProperty("activity").EnumerateArray().ToList();
        Assert.Equal(30, activity.Count);
        Assert.Equal(6, activity.Sum(d => d.GetProperty("created").GetInt32()));
        Assert.Equal(2, activity.Sum(d => d.GetProperty("approved").GetInt32()));

        var everything = await (await client.GetAsync("/api/v1/stats")).JsonAsync();
        Assert.Equal(1, everything.GetProperty("countsByStatus").GetProperty("draft").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/stats?brandId={other}")).StatusCode);
    }

    [Fact]
    public async Task ListTotalsAndStatusCountsStayExactThroughCreatesTransitionsAndDeletes()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var stores = new[] { await app.CreateLocationAsync(brand), await app.CreateLocationAsync(brand), await app.CreateLocationAsync(brand) };
        var (_, author) = await app.SignInAsNewAsync(Roles.LocationManager, [brand]);
        var (_, reviewer) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var rollout = await (await author.PostJsonAsync("/api/v1/campaigns/bulk",
            new { templateId = template, locationIds = stores, customizations = new { headline = "x" } })).JsonAsync();
        var ids = rollout.GetProperty("results").EnumerateArray().Select(r => r.GetProperty("campaignId").GetGuid()).ToArray();
        await author.PostJsonAsync("/api/v1/campaigns/bulk/submit", new { campaignIds = ids[..2] });
        await reviewer.PostJsonAsync($"/api/v1/campaigns/{ids[0]}/approve", new { });
        await author.PatchJsonAsync($"/api/v1/campaigns/{ids[2]}", new { name = "Renamed" });
        await author.DeleteAsync($"/api/v1/campaigns/{ids[2]}");

        await using var conn = await app.Db.OpenConnectionAsync();
        var actual = (await conn.QueryAsync<(string, int)>(
            "SELECT status, count(*)::int FROM campaigns WHERE brand_id = @brand GROUP BY status", new { brand })).ToDictionary(x => x.Item1, x => x.Item2);
        Assert.Equal(new Dictionary<string, int> { ["approved"] = 1, ["pendingReview"] = 1 }, actual);
        foreach (var status in CampaignStatus.All)
        {
            var page = await (await reviewer.GetAsync($"/api/v1/campaigns?status={status}")).JsonAsync();
            Assert.Equal(actual.GetValueOrDefault(status), page.GetProperty("total").GetInt32());
        }
        var stats = await (await reviewer.GetAsync("/api/v1/stats")).JsonAsync();
        Assert.Equal(1, stats.GetProperty("countsByStatus").GetProperty("approved").GetInt32());
        Assert.Equal(0, stats.GetProperty("countsByStatus").GetProperty("draft").GetInt32());
        Assert.Equal(2, (await (await reviewer.GetAsync("/api/v1/campaigns")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task MedianIsNullWithoutApprovals()
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer, [brand]);
        var stats = await (await client.GetAsync($"/api/v1/stats?brandId={brand}")).JsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, stats.GetProperty("medianTimeToApprovalSeconds").ValueKind);
        Assert.Equal(0, stats.GetProperty("countsByStatus").GetProperty("active").GetInt32());
    }
}
