using System.Net;
using System.Text.Json;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Rollouts;

public sealed class RolloutsTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private sealed record Setup(Guid Brand, Guid Template, Guid[] Stores, StoreSyncApp.TestUser Manager, HttpClient Client, Guid RolloutId,
        Dictionary<Guid, Guid> CampaignOfStore);

    private async Task<Setup> RollOutAsync(int stores, string? name = null)
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand, name: "Autumn sale");
        var ids = new Guid[stores];
        for (var i = 0; i < stores; i++) ids[i] = await app.CreateLocationAsync(brand, storeNumber: $"S{i:D3}", name: $"Store {i:D3}");
        var (manager, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var response = await client.PostJsonAsync("/api/v1/campaigns/bulk",
            new { templateId = template, locationIds = ids, customizations = new { headline = "Leaves" }, name });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        var campaigns = body.GetProperty("results").EnumerateArray()
            .ToDictionary(r => r.GetProperty("locationId").GetGuid(), r => r.GetProperty("campaignId").GetGuid());
        return new Setup(brand, template, ids, manager, client, body.GetProperty("rolloutId").GetGuid(), campaigns);
    }

    private static Dictionary<string, int> Counts(JsonElement rollout) =>
        rollout.GetProperty("counts").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());

    [Fact]
    public async Task BulkCreatesARolloutThatEveryCreatedCampaignCarries()
    {
        var s = await RollOutAsync(3, name: "Autumn wave 1");

        var rollout = await (await s.Client.GetAsync($"/api/v1/rollouts/{s.RolloutId}")).JsonAsync();
        Assert.Equal("Autumn wave 1", rollout.GetProperty("name").GetString());
        Assert.Equal(s.Brand, rollout.GetProperty("brandId").GetGuid());
        Assert.Equal(s.Template, rollout.GetProperty("templateId").GetGuid());
        Assert.Equal(s.Manager.Id, rollout.GetProperty("createdBy").GetGuid());
        Assert.Equal(3, rollout.GetProperty("stores").GetInt32());
        Assert.Equal(3, Counts(rollout)["draft"]);
        Assert.Equal(8, Counts(rollout).Count);
        foreach (var campaign in s.CampaignOfStore.Values)
            Assert.Equal(s.RolloutId, (await (await s.Client.GetAsync($"/api/v1/campaigns/{campaign}")).JsonAsync()).GetProperty("rolloutId").GetGuid());

        var list = await (await s.Client.GetAsync($"/api/v1/rollouts?brandId={s.Brand}&q=wave")).JsonAsync();
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        Assert.Equal(s.RolloutId, list.GetProperty("items")[0].GetProperty("id").GetGuid());
        await using var conn = await app.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*)::int FROM audit_log WHERE entity = 'rollout' AND entity_id = @id AND action = 'create'", new { id = s.RolloutId }));
    }

    [Fact]
    public async Task RolloutNameDefaultsToTheTemplateNameAndDate()
    {
        var s = await RollOutAsync(1);
        var rollout = await (await s.Client.GetAsync($"/api/v1/rollouts/{s.RolloutId}")).JsonAsync();
        Assert.Equal($"Autumn sale {DateTime.UtcNow:yyyy-MM-dd}", rollout.GetProperty("name").GetString());
    }

    [Fact]
    public async Task ABulkCallThatCreatesNothingCreatesNoRollout()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var closed = await app.CreateLocationAsync(brand, isActive: false);
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var body = await (await client.PostJsonAsync("/api/v1/campaigns/bulk",
            new { templateId = template, locationIds = new[] { closed }, customizations = new { headline = "x" } })).JsonAsync();
        Assert.Equal(JsonValueKind.Null, body.GetProperty("rolloutId").ValueKind);
        Assert.Equal(0, (await (await client.GetAsync($"/api/v1/rollouts?brandId={brand}")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task RolloutCountsStayRightUnderConcurrentWorkflowActions()
    {
        var s = await RollOutAsync(40);
        var (_, reviewer) = await app.SignInAsNewAsync(Roles.BrandManager, [s.Brand]);
        var (_, storeManager) = await app.SignInAsNewAsync(Roles.LocationManager, [s.Brand]);
        var campaigns = s.CampaignOfStore.Values.ToArray();
        var year = DateTime.UtcNow.Year + 1;
        var random = new Random(16);
        var plan = Enumerable.Range(0, 200).Select(_ => (Campaign: campaigns[random.Next(campaigns.Length)], Action: random.Next(6))).ToList();
        using var gate = new SemaphoreSlim(12);
        var statuses = await Task.WhenAll(plan.Select(async step =>
        {
            await gate.WaitAsync();
            try
            {
                var url = $"/api/v1/campaigns/{step.Campaign}/";
                var response = step.Action switch
                {
                    0 => await storeManager.PostJsonAsync(url + "submit", new { }),
                    1 => await reviewer.PostJsonAsync(url + "approve", new { }),
                    2 => await reviewer.PostJsonAsync(url + "reject", new { comment = "Not yet" }),
                    3 => await storeManager.PostJsonAsync(url + "revise", new { }),
                    4 => await s.Client.PostJsonAsync(url + "schedule",
                        new { scheduledStartLocal = $"{year}-03-01T09:00", scheduledEndLocal = $"{year}-03-08T21:00" }),
                    _ => await reviewer.PostJsonAsync(url + "cancel", new { }),
                };
                return response.StatusCode;
            }
            finally
            {
                gate.Release();
            }
        }));
        Assert.All(statuses, status => Assert.Contains(status, new[] { HttpStatusCode.OK, HttpStatusCode.Conflict }));
        Assert.True(statuses.Count(st => st == HttpStatusCode.OK) >= 20, "the plan should move campaigns along");

        await using var conn = await app.Db.OpenConnectionAsync();
        var truth = (await conn.QueryAsync<(string Status, int N)>(
            "SELECT status, count(*)::int FROM campaigns WHERE rollout_id = @id GROUP BY status", new { id = s.RolloutId })).ToDictionary(r => r.Status, r => r.N);
        var rollout = await (await s.Client.GetAsync($"/api/v1/rollouts/{s.RolloutId}")).JsonAsync();
        var counts = Counts(rollout);
        Assert.True(truth.Count > 2, "several statuses should be reached");
        foreach (var (status, n) in counts) Assert.Equal(truth.GetValueOrDefault(status), n);
        Assert.Equal(40, rollout.GetProperty("stores").GetInt32());
        var stages = await (await s.Client.GetAsync($"/api/v1/rollouts/{s.RolloutId}/locations?stage=approvedNotScheduled&pageSize=100")).JsonAsync();
        Assert.Equal(truth.GetValueOrDefault("approved"), stages.GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task OtherBrandsRolloutIs404AndNeverListed()
    {
        var s = await RollOutAsync(1);
        var (_, outsider) = await app.SignInAsNewAsync(Roles.BrandManager, [await app.CreateBrandAsync()]);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/rollouts/{s.RolloutId}")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/rollouts/{s.RolloutId}/locations")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.PostJsonAsync($"/api/v1/rollouts/{s.RolloutId}/remind", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await s.Client.GetAsync($"/api/v1/rollouts/{Guid.NewGuid()}")).StatusCode);
        var list = await (await outsider.GetAsync($"/api/v1/rollouts?brandId={s.Brand}")).JsonAsync();
        Assert.Equal(0, list.GetProperty("total").GetInt32());
        Assert.Equal(0, (await (await outsider.GetAsync("/api/v1/rollouts")).JsonAsync()).GetProperty("total").GetInt32());
    }

    [Fact]
    public async Task LocationsShowEachStoresCampaignStatusAndSinceWhenFilteredByStage()
    {
        var s = await RollOutAsync(4);
        var (_, reviewer) = await app.SignInAsNewAsync(Roles.BrandManager, [s.Brand]);
        var approved = s.CampaignOfStore[s.Stores[1]];
        var rejected = s.CampaignOfStore[s.Stores[2]];
        foreach (var id in new[] { approved, rejected }) Assert.Equal(HttpStatusCode.OK, (await s.Client.PostJsonAsync($"/api/v1/campaigns/{id}/submit", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostJsonAsync($"/api/v1/campaigns/{approved}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostJsonAsync($"/api/v1/campaigns/{rejected}/reject", new { comment = "Too loud" })).StatusCode);

        var all = await (await s.Client.GetAsync($"/api/v1/rollouts/{s.RolloutId}/locations")).JsonAsync();
        Assert.Equal(4, all.GetProperty("total").GetInt32());
        var rows = all.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(["S000", "S001", "S002", "S003"], rows.Select(r => r.GetProperty("storeNumber").GetString()));
        Assert.Equal(["draft", "approved", "rejected", "draft"], rows.Select(r => r.GetProperty("status").GetString()));
        Assert.Equal(approved, rows[1].GetProperty("campaignId").GetGuid());
        Assert.Equal("Store 001", rows[1].GetProperty("locationName").GetString());
        Assert.True(rows[1].GetProperty("since").GetDateTimeOffset() > rows[0].GetProperty("since").GetDateTimeOffset());

        async Task<string[]> Stage(string query) => (await (await s.Client.GetAsync($"/api/v1/rollouts/{s.RolloutId}/locations?{query}")).JsonAsync())
            .GetProperty("items").EnumerateArray().Select(r => r.GetProperty("storeNumber").GetString()!).ToArray();
        Assert.Equal(["S000", "S003"], await Stage("stage=notSubmitted"));
        Assert.Equal(["S002"], await Stage("stage=rejectedNotRevised"));
        Assert.Equal(["S001"], await Stage("stage=approvedNotScheduled"));
        Assert.Empty(await Stage("stage=live"));
        Assert.Equal(["S001"], await Stage("status=approved"));
        Assert.Equal(["S003"], await Stage("q=s003"));
        Assert.Equal(["S002"], await Stage("page=3&pageSize=1"));
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.GetAsync($"/api/v1/rollouts/{s.RolloutId}/locations?stage=sleeping")).StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, (await s.Client.GetAsync($"/api/v1/rollouts/{s.RolloutId}/locations?status=asleep")).StatusCode);
    }

    [Fact]
    public async Task ALocationLimitedManagerSeesOnlyTheirStoresOfARollout()
    {
        var s = await RollOutAsync(3);
        var (_, limited) = await app.SignInAsNewAsync(Roles.LocationManager, [s.Brand], [s.Stores[0]]);
        var rollout = await (await limited.GetAsync($"/api/v1/rollouts/{s.RolloutId}")).JsonAsync();
        Assert.Equal(1, rollout.GetProperty("stores").GetInt32());
        var stores = await (await limited.GetAsync($"/api/v1/rollouts/{s.RolloutId}/locations")).JsonAsync();
        Assert.Equal(s.Stores[0], stores.GetProperty("items").EnumerateArray().Single().GetProperty("locationId").GetGuid());
    }

    [Fact]
    public async Task RemindNotifiesThePeopleWhoCanActOnDraftsAndRejectedOncePerDay()
    {
        var s = await RollOutAsync(4);
        var (_, reviewer) = await app.SignInAsNewAsync(Roles.BrandManager, [s.Brand]);
        var otherManager = await app.CreateUserAsync(Roles.BrandManager, [s.Brand]);
        var storeZero = await app.CreateUserAsync(Roles.LocationManager, [s.Brand], [s.Stores[0]]);
        var (submitterUser, submitter) = await app.SignInAsNewAsync(Roles.LocationManager, [s.Brand]);
        var bystander = await app.CreateUserAsync(Roles.LocationManager, [s.Brand], [s.Stores[3]]);
        var rejected = s.CampaignOfStore[s.Stores[1]];
        var approved = s.CampaignOfStore[s.Stores[2]];
        var alsoApproved = s.CampaignOfStore[s.Stores[3]];
        foreach (var id in new[] { rejected, approved, alsoApproved })
            Assert.Equal(HttpStatusCode.OK, (await submitter.PostJsonAsync($"/api/v1/campaigns/{id}/submit", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostJsonAsync($"/api/v1/campaigns/{rejected}/reject", new { comment = "Fix the price" })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostJsonAsync($"/api/v1/campaigns/{approved}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await reviewer.PostJsonAsync($"/api/v1/campaigns/{alsoApproved}/approve", new { })).StatusCode);

        var first = await reviewer.PostJsonAsync($"/api/v1/rollouts/{s.RolloutId}/remind", new { });
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        // The rollout's author (the S000 draft and the rejected S001), the store manager of S000 and the submitter of S001; not the
        // manager of S003, whose campaign is approved, nor the caller.
        Assert.Equal(3, (await first.JsonAsync()).GetProperty("notified").GetInt32());
        var again = await (await reviewer.PostJsonAsync($"/api/v1/rollouts/{s.RolloutId}/remind", new { })).JsonAsync();
        Assert.Equal(0, again.GetProperty("notified").GetInt32());

        await using var conn = await app.Db.OpenConnectionAsync();
        var told = (await conn.QueryAsync<Guid>("SELECT user_id FROM notifications WHERE kind = 'rolloutReminder' AND brand_id = @brand", new { brand = s.Brand })).ToHashSet();
        Assert.Equal(new HashSet<Guid> { s.Manager.Id, storeZero.Id, submitterUser.Id }, told);
        Assert.DoesNotContain(bystander.Id, told);
        Assert.DoesNotContain(otherManager.Id, told);
        Assert.Equal(2, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*)::int FROM audit_log WHERE entity = 'rollout' AND action = 'remind' AND entity_id = @id", new { id = s.RolloutId }));
        var authorNotice = await conn.QuerySingleAsync<string>("SELECT body FROM notifications WHERE kind = 'rolloutReminder' AND user_id = @id",
            new { id = s.Manager.Id });
        Assert.Contains("1 draft to submit and 1 rejected campaign to revise", authorNotice);
    }

    [Fact]
    public async Task OnlyManagersAndAdminsMayRemind()
    {
        var s = await RollOutAsync(1);
        var (_, viewer) = await app.SignInAsNewAsync(Roles.Viewer, [s.Brand]);
        var (_, storeManager) = await app.SignInAsNewAsync(Roles.LocationManager, [s.Brand]);
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.PostJsonAsync($"/api/v1/rollouts/{s.RolloutId}/remind", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await storeManager.PostJsonAsync($"/api/v1/rollouts/{s.RolloutId}/remind", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/rollouts/{s.RolloutId}")).StatusCode);
    }
}
