using System.Net;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Campaigns;

/// <summary>One brand, one store, a signed-in client per role, and a separate submitter (so approvals are not self-approvals).</summary>
public sealed class WorkflowFixture : StoreSyncApp
{
    public Guid BrandId { get; private set; }
    public Guid LocationId { get; private set; }
    public Guid TemplateId { get; private set; }
    public TestUser Submitter { get; private set; } = null!;
    public Dictionary<string, (TestUser User, HttpClient Client)> ByRole { get; } = new();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        BrandId = await CreateBrandAsync();
        LocationId = await this.CreateLocationAsync(BrandId);
        TemplateId = await this.CreateTemplateAsync(BrandId);
        Submitter = await CreateUserAsync(Roles.LocationManager, [BrandId]);
        foreach (var role in Roles.All)
            ByRole[role] = await SignInAsNewAsync(role, role == Roles.Admin ? [] : [BrandId]);
    }
}

public sealed class CampaignWorkflowTests(WorkflowFixture app) : IClassFixture<WorkflowFixture>
{
    public static TheoryData<string, string, string> EveryStatusActionRole()
    {
        var data = new TheoryData<string, string, string>();
        foreach (var status in CampaignStatus.All)
        foreach (var action in Workflow.UserActions)
        foreach (var role in Roles.All)
            data.Add(status, action, role);
        return data;
    }

    [Theory]
    [MemberData(nameof(EveryStatusActionRole))]
    public async Task EveryStatusActionAndRoleFollowsTheTransitionTable(string status, string action, string role)
    {
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId, status,
            submittedBy: status == CampaignStatus.Draft ? null : app.Submitter.Id);
        var before = await app.CampaignStateAsync(id);
        var transition = Workflow.Find(action)!;

        var response = await app.ByRole[role].Client.PostJsonAsync($"/api/v1/campaigns/{id}/{action}", new { comment = "Looks off-brand" });

        var after = await app.CampaignStateAsync(id);
        if (!transition.AllowsRole(role))
        {
            Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
            Assert.Equal(before, after);
        }
        else if (Workflow.For(action, status) is null)
        {
            Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
            Assert.Equal(before, after);
        }
        else
        {
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal((transition.To, before.Version + 1, before.HistoryRows + 1), after);
            var body = await response.JsonAsync();
            Assert.Equal(transition.To, body.GetProperty("status").GetString());
            Assert.Equal($"W/\"{after.Version}\"", response.Headers.ETag?.ToString());
        }
    }

    [Theory]
    [InlineData("approve")]
    [InlineData("reject")]
    public async Task NobodyApprovesOrRejectsTheirOwnSubmission(string action)
    {
        var (me, client) = app.ByRole[Roles.BrandManager];
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId, CampaignStatus.PendingReview, submittedBy: me.Id);

        var response = await client.PostJsonAsync($"/api/v1/campaigns/{id}/{action}", new { comment = "mine" });

        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal((CampaignStatus.PendingReview, 1, 0), await app.CampaignStateAsync(id));
        var get = await (await client.GetAsync($"/api/v1/campaigns/{id}")).JsonAsync();
        Assert.DoesNotContain(action, get.GetProperty("availableActions").Strings());
    }

    [Fact]
    public async Task SubmittingThenApprovingByAnotherManagerRecordsWhoSubmitted()
    {
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId);
        var (author, authorClient) = app.ByRole[Roles.LocationManager];
        Assert.Equal(HttpStatusCode.OK, (await authorClient.PostJsonAsync($"/api/v1/campaigns/{id}/submit", new { })).StatusCode);
        var approved = await app.ByRole[Roles.BrandManager].Client.PostJsonAsync($"/api/v1/campaigns/{id}/approve", new { comment = "ok" });
        Assert.Equal(HttpStatusCode.OK, approved.StatusCode);
        var body = await approved.JsonAsync();
        Assert.Equal(author.Id, body.GetProperty("submittedBy").GetGuid());
    }

    [Theory]
    [InlineData(null)]
    [InlineData("   ")]
    public async Task RejectWithoutAReasonIs400AndWritesNothing(string? comment)
    {
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId, CampaignStatus.PendingReview, submittedBy: app.Submitter.Id);
        var response = await app.ByRole[Roles.BrandManager].Client.PostJsonAsync($"/api/v1/campaigns/{id}/reject", new { comment });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("comment", out _));
        Assert.Equal((CampaignStatus.PendingReview, 1, 0), await app.CampaignStateAsync(id));
    }

    [Fact]
    public async Task TwentyParallelApprovalsProduceExactlyOneTransition()
    {
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId, CampaignStatus.PendingReview, submittedBy: app.Submitter.Id);
        var client = app.ByRole[Roles.BrandManager].Client;

        var responses = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => client.PostJsonAsync($"/api/v1/campaigns/{id}/approve", new { })));

        Assert.Equal(1, responses.Count(r => r.StatusCode == HttpStatusCode.OK));
        Assert.Equal(19, responses.Count(r => r.StatusCode == HttpStatusCode.Conflict));
        Assert.Equal((CampaignStatus.Approved, 2, 1), await app.CampaignStateAsync(id));
    }

    [Fact]
    public async Task ActionsNeedNoBody()
    {
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId);
        var response = await app.ByRole[Roles.LocationManager].Client.PostAsync($"/api/v1/campaigns/{id}/submit", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((CampaignStatus.PendingReview, 2, 1), await app.CampaignStateAsync(id));
    }

    [Fact]
    public async Task RepeatingAnActionIs409()
    {
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId);
        var client = app.ByRole[Roles.LocationManager].Client;
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/v1/campaigns/{id}/submit", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.Conflict, (await client.PostJsonAsync($"/api/v1/campaigns/{id}/submit", new { })).StatusCode);
        Assert.Equal((CampaignStatus.PendingReview, 2, 1), await app.CampaignStateAsync(id));
    }

    [Fact]
    public async Task StaleIfMatchIs412AndCurrentIfMatchSucceeds()
    {
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId);
        var client = app.ByRole[Roles.LocationManager].Client;
        Assert.Equal(HttpStatusCode.PreconditionFailed,
            (await client.PostJsonAsync($"/api/v1/campaigns/{id}/submit", new { }, ifMatch: "W/\"7\"")).StatusCode);
        Assert.Equal((CampaignStatus.Draft, 1, 0), await app.CampaignStateAsync(id));
        Assert.Equal(HttpStatusCode.OK, (await client.PostJsonAsync($"/api/v1/campaigns/{id}/submit", new { }, ifMatch: "W/\"1\"")).StatusCode);
    }

    [Fact]
    public async Task ActionsOnAnotherBrandsCampaignAre404EvenForRolesThatCouldNotActAnyway()
    {
        var otherBrand = await app.CreateBrandAsync();
        var otherTemplate = await app.CreateTemplateAsync(otherBrand);
        var id = await app.CreateCampaignAsync(otherBrand, await app.CreateLocationAsync(otherBrand), otherTemplate, CampaignStatus.PendingReview,
            submittedBy: app.Submitter.Id);
        foreach (var role in new[] { Roles.Viewer, Roles.LocationManager, Roles.BrandManager })
        {
            var response = await app.ByRole[role].Client.PostJsonAsync($"/api/v1/campaigns/{id}/approve", new { });
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        }
        Assert.Equal(HttpStatusCode.NotFound, (await app.ByRole[Roles.BrandManager].Client.GetAsync($"/api/v1/campaigns/{id}/history")).StatusCode);
    }

    [Fact]
    public async Task LocationManagerLimitedToOtherStoresDoesNotSeeTheCampaign()
    {
        var otherStore = await app.CreateLocationAsync(app.BrandId);
        var (_, limited) = await app.SignInAsNewAsync(Roles.LocationManager, [app.BrandId], [otherStore]);
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId);
        Assert.Equal(HttpStatusCode.NotFound, (await limited.PostJsonAsync($"/api/v1/campaigns/{id}/submit", new { })).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await limited.GetAsync($"/api/v1/campaigns/{id}")).StatusCode);
    }

    [Fact]
    public async Task HistoryListsEveryTransitionNewestFirstWithActors()
    {
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId);
        var (author, authorClient) = app.ByRole[Roles.LocationManager];
        var (reviewer, reviewerClient) = app.ByRole[Roles.BrandManager];
        await authorClient.PostJsonAsync($"/api/v1/campaigns/{id}/submit", new { });
        await reviewerClient.PostJsonAsync($"/api/v1/campaigns/{id}/reject", new { comment = "Wrong logo" });
        await authorClient.PostJsonAsync($"/api/v1/campaigns/{id}/revise", new { });

        var history = await (await app.ByRole[Roles.Viewer].Client.GetAsync($"/api/v1/campaigns/{id}/history")).JsonAsync();

        var rows = history.EnumerateArray().ToList();
        Assert.Equal(["revise", "reject", "submit"], rows.Select(r => r.GetProperty("action").GetString()));
        Assert.Equal("Wrong logo", rows[1].GetProperty("comment").GetString());
        Assert.Equal(reviewer.Id, rows[1].GetProperty("actor").GetGuid());
        Assert.Equal(reviewer.Username, rows[1].GetProperty("actorName").GetString());
        Assert.Equal(author.Id, rows[0].GetProperty("actor").GetGuid());
        Assert.Equal(("pendingReview", "rejected"), (rows[1].GetProperty("fromStatus").GetString(), rows[1].GetProperty("toStatus").GetString()));
    }

    [Fact]
    public async Task ScheduleTakesNewLocalDatesInTheSameTransition()
    {
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId, CampaignStatus.Approved, submittedBy: app.Submitter.Id);
        var year = DateTime.UtcNow.Year + 1;
        var response = await app.ByRole[Roles.BrandManager].Client.PostJsonAsync($"/api/v1/campaigns/{id}/schedule",
            new { scheduledStartLocal = $"{year}-07-01T09:00", scheduledEndLocal = $"{year}-07-08T21:00" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.JsonAsync();
        Assert.Equal(new DateTimeOffset(year, 7, 1, 14, 0, 0, TimeSpan.Zero), body.GetProperty("scheduledStart").GetDateTimeOffset());
        Assert.Equal($"{year}-07-01T09:00:00", body.GetProperty("scheduledStartLocal").GetString());
        Assert.Equal((CampaignStatus.Scheduled, 2, 1), await app.CampaignStateAsync(id));
    }

    [Fact]
    public async Task ScheduleWithAnEndInThePastOrStartAfterEndIs400()
    {
        var id = await app.CreateCampaignAsync(app.BrandId, app.LocationId, app.TemplateId, CampaignStatus.Approved, submittedBy: app.Submitter.Id);
        var client = app.ByRole[Roles.BrandManager].Client;
        var past = await client.PostJsonAsync($"/api/v1/campaigns/{id}/schedule",
            new { scheduledStart = "2020-01-01T00:00:00Z", scheduledEnd = "2020-01-02T00:00:00Z" });
        var reversed = await client.PostJsonAsync($"/api/v1/campaigns/{id}/schedule",
            new { scheduledStart = DateTimeOffset.UtcNow.AddDays(3), scheduledEnd = DateTimeOffset.UtcNow.AddDays(2) });
        Assert.Equal(HttpStatusCode.BadRequest, past.StatusCode);
        Assert.Equal(HttpStatusCode.BadRequest, reversed.StatusCode);
        Assert.Equal((CampaignStatus.Approved, 1, 0), await app.CampaignStateAsync(id));
    }
}
