using System.Net;
using System.Text.Json;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;
using StoreSync.Tests.Lifecycle;

namespace StoreSync.Tests.Notifications;

/// <summary>
/// Issue 14 #13: a campaign's author (and its submitter, when someone else) hears of every review decision and automatic
/// step, never the person who acted; the notice names the campaign so a client can open it.
/// </summary>
public sealed class CampaignDecisionNoticesTests(LifecycleApp app) : IClassFixture<LifecycleApp>
{
    private sealed record Notice(string Kind, string Title, string Body, Guid? CampaignId, string? CampaignName);

    private static async Task<List<Notice>> NoticesAsync(HttpClient client, Guid campaignId)
    {
        var page = await (await client.GetAsync("/api/v1/notifications?pageSize=100")).JsonAsync();
        return page.GetProperty("items").EnumerateArray()
            .Select(n => new Notice(n.GetProperty("kind").GetString()!, n.GetProperty("title").GetString()!, n.GetProperty("body").GetString()!,
                n.GetProperty("campaignId").ValueKind == JsonValueKind.Null ? null : n.GetProperty("campaignId").GetGuid(),
                n.GetProperty("campaignName").GetString()))
            .Where(n => n.CampaignId == campaignId).ToList();
    }

    private sealed record People(CampaignSetup Setup, HttpClient Author, StoreSyncApp.TestUser AuthorUser, HttpClient Submitter,
        StoreSyncApp.TestUser SubmitterUser, HttpClient Reviewer, StoreSyncApp.TestUser ReviewerUser);

    private async Task<People> PeopleAsync()
    {
        var setup = await app.CreateCampaignSetupAsync();
        var (author, authorClient) = await app.SignInAsNewAsync(Roles.LocationManager, [setup.BrandId]);
        var (submitter, submitterClient) = await app.SignInAsNewAsync(Roles.LocationManager, [setup.BrandId]);
        var (reviewer, reviewerClient) = await app.SignInAsNewAsync(Roles.BrandManager, [setup.BrandId]);
        return new People(setup, authorClient, author, submitterClient, submitter, reviewerClient, reviewer);
    }

    private Task<Guid> PendingAsync(People p, string name, Guid? createdBy = null) =>
        CampaignTestData.CreateCampaignAsync(app, p.Setup.BrandId, p.Setup.LocationId, p.Setup.TemplateId, "pendingReview",
            submittedBy: p.SubmitterUser.Id, createdBy: createdBy ?? p.AuthorUser.Id, name: name);

    [Fact]
    public async Task ARejectionReachesTheAuthorAndTheSubmitterWithTheCommentButNotTheReviewer()
    {
        var p = await PeopleAsync();
        var id = await PendingAsync(p, "Spring coffee week");
        var reject = await p.Reviewer.PostJsonAsync($"/api/v1/campaigns/{id}/reject", new { comment = "Say which stores take part." });
        Assert.Equal(HttpStatusCode.OK, reject.StatusCode);

        foreach (var client in new[] { p.Author, p.Submitter })
        {
            var notice = Assert.Single(await NoticesAsync(client, id));
            Assert.Equal("campaignRejected", notice.Kind);
            Assert.Equal("Spring coffee week", notice.CampaignName);
            Assert.Contains("Spring coffee week", notice.Title);
            Assert.Contains("Say which stores take part.", notice.Body);
        }
        Assert.Empty(await NoticesAsync(p.Reviewer, id));
    }

    [Fact]
    public async Task ApproveScheduleAndCancelEachNotifyOnceAndARefusedActionNotifiesNobody()
    {
        var p = await PeopleAsync();
        var id = await PendingAsync(p, "Summer tents");
        Assert.Equal(HttpStatusCode.OK, (await p.Reviewer.PostJsonAsync($"/api/v1/campaigns/{id}/approve", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await p.Reviewer.PostJsonAsync($"/api/v1/campaigns/{id}/approve", new { })).StatusCode);
        var year = app.Clock.GetUtcNow().Year + 1;
        var schedule = await p.Reviewer.PostJsonAsync($"/api/v1/campaigns/{id}/schedule",
            new { scheduledStartLocal = $"{year}-07-01T09:00", scheduledEndLocal = $"{year}-07-08T21:00" });
        Assert.Equal(HttpStatusCode.OK, schedule.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await p.Reviewer.PostJsonAsync($"/api/v1/campaigns/{id}/cancel", new { comment = "Budget moved." })).StatusCode);

        foreach (var client in new[] { p.Author, p.Submitter })
        {
            var notices = await NoticesAsync(client, id);
            Assert.Equal(["campaignApproved", "campaignCancelled", "campaignScheduled"], notices.Select(n => n.Kind).Order());
            Assert.Contains($"Jul 1, {year} 09:00", notices.Single(n => n.Kind == "campaignScheduled").Body); // store time, not UTC
            Assert.Contains("Budget moved.", notices.Single(n => n.Kind == "campaignCancelled").Body);
        }
        Assert.Empty(await NoticesAsync(p.Reviewer, id));
    }

    [Fact]
    public async Task TheActorIsNeverToldOfTheirOwnActionEvenAsTheAuthor()
    {
        var p = await PeopleAsync();
        var id = await PendingAsync(p, "Own work", createdBy: p.ReviewerUser.Id);
        Assert.Equal(HttpStatusCode.OK, (await p.Reviewer.PostJsonAsync($"/api/v1/campaigns/{id}/approve", new { })).StatusCode);
        Assert.Empty(await NoticesAsync(p.Reviewer, id));
        Assert.Equal("campaignApproved", Assert.Single(await NoticesAsync(p.Submitter, id)).Kind);
    }

    [Fact]
    public async Task TheTimedTransitionsTellAuthorsWhenTheirCampaignsGoLiveAndEnd()
    {
        var p = await PeopleAsync();
        var now = app.Clock.GetUtcNow();
        var ids = await app.CreateCampaignsAsync(p.Setup, "scheduled", now.AddMinutes(-5), now.AddMinutes(5), count: 3, submittedBy: p.SubmitterUser.Id);
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE campaigns SET created_by = @author WHERE id = ANY(@ids)", new { author = p.AuthorUser.Id, ids });

        await app.RunDueAsync();
        foreach (var id in ids)
        {
            Assert.Equal("campaignActivated", Assert.Single(await NoticesAsync(p.Author, id)).Kind);
            Assert.Equal("campaignActivated", Assert.Single(await NoticesAsync(p.Submitter, id)).Kind);
        }
        app.Clock.Advance(TimeSpan.FromMinutes(6)); // tokens live 15 minutes
        await app.RunDueAsync();
        await app.RunDueAsync(); // nothing moves twice, so nobody hears twice
        foreach (var id in ids)
            Assert.Equal(["campaignActivated", "campaignCompleted"], (await NoticesAsync(p.Author, id)).Select(n => n.Kind).Order());
    }
}
