using System.Net;
using System.Text.Json;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Comments;

public sealed class CommentsTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private sealed record Setup(Guid Brand, Guid Store, Guid OtherStore, Guid Campaign, StoreSyncApp.TestUser Manager, HttpClient Client);

    private async Task<Setup> CampaignAsync()
    {
        var brand = await app.CreateBrandAsync();
        var template = await app.CreateTemplateAsync(brand);
        var store = await app.CreateLocationAsync(brand);
        var otherStore = await app.CreateLocationAsync(brand);
        var (manager, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var campaign = await app.CreateCampaignAsync(brand, store, template, createdBy: manager.Id);
        return new Setup(brand, store, otherStore, campaign, manager, client);
    }

    private async Task<int> MentionsOfAsync(Guid userId)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM notifications WHERE kind = 'mention' AND user_id = @userId", new { userId });
    }

    private static string Name(string prefix) => prefix + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task AViewerMayCommentAndTheCommentJoinsTheTimeline()
    {
        var s = await CampaignAsync();
        var (viewer, client) = await app.SignInAsNewAsync(Roles.Viewer, [s.Brand]);
        Assert.Equal(HttpStatusCode.OK, (await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/submit", new { comment = "Ready" })).StatusCode);

        var response = await client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body = "  Looks great!  " });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var comment = await response.JsonAsync();
        Assert.Equal("Looks great!", comment.GetProperty("body").GetString());
        Assert.Equal(viewer.Id, comment.GetProperty("authorId").GetGuid());
        var timeline = (await (await s.Client.GetAsync($"/api/v1/campaigns/{s.Campaign}/timeline")).JsonAsync()).EnumerateArray().ToList();
        Assert.Equal(["comment", "transition"], timeline.Select(e => e.GetProperty("kind").GetString()));
        Assert.Equal("Looks great!", timeline[0].GetProperty("body").GetString());
        Assert.Equal("submit", timeline[1].GetProperty("action").GetString());
        var history = (await (await s.Client.GetAsync($"/api/v1/campaigns/{s.Campaign}/history")).JsonAsync()).EnumerateArray().ToList();
        Assert.Single(history);
        var list = await (await client.GetAsync($"/api/v1/campaigns/{s.Campaign}/comments")).JsonAsync();
        Assert.Equal(1, list.GetProperty("total").GetInt32());
        await using var conn = await app.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*)::int FROM audit_log WHERE action = 'comment' AND entity_id = @id AND actor_id = @actor", new { id = s.Campaign, actor = viewer.Id }));
    }

    [Fact]
    public async Task AMentionNotifiesAUserWhoCanSeeTheCampaignOnce()
    {
        var s = await CampaignAsync();
        var colleague = await app.CreateUserAsync(Roles.LocationManager, [s.Brand], [s.Store], username: Name("ann."));
        var body = $"@{colleague.Username} please check, @{colleague.Username.ToUpperInvariant()}!";
        Assert.Equal(HttpStatusCode.Created, (await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body })).StatusCode);
        Assert.Equal(1, await MentionsOfAsync(colleague.Id));
        var bell = await (await (await app.ClientAsync(colleague)).GetAsync("/api/v1/notifications")).JsonAsync();
        var notice = bell.GetProperty("items")[0];
        Assert.Equal("mention", notice.GetProperty("kind").GetString());
        Assert.Equal(s.Campaign, notice.GetProperty("campaignId").GetGuid());
    }

    [Fact]
    public async Task AMentionOfAUserOfAnotherBrandNotifiesNobodyAndRevealsNothing()
    {
        var s = await CampaignAsync();
        var stranger = await app.CreateUserAsync(Roles.BrandManager, [await app.CreateBrandAsync()], username: Name("zoe"));
        var nobody = Name("zoe");

        var toStranger = await (await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body = $"hi @{stranger.Username}" })).JsonAsync();
        var toNobody = await (await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body = $"hi @{nobody}" })).JsonAsync();

        Assert.Equal(0, await MentionsOfAsync(stranger.Id));
        await using var conn = await app.Db.OpenConnectionAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM notifications WHERE campaign_id = @id", new { id = s.Campaign }));
        static string[] Shape(JsonElement e) => e.EnumerateObject().Select(p => p.Name).Order().ToArray();
        Assert.Equal(Shape(toNobody), Shape(toStranger));
        Assert.DoesNotContain(stranger.Id.ToString(), toStranger.GetRawText());
        Assert.Equal($"hi @{stranger.Username}", toStranger.GetProperty("body").GetString());
        var mentionable = await (await s.Client.GetAsync($"/api/v1/campaigns/{s.Campaign}/mentionable?q={stranger.Username}")).JsonAsync();
        Assert.Equal(0, mentionable.GetArrayLength());
    }

    [Fact]
    public async Task ALocationLimitedManagerWhoCannotSeeTheStoreIsNotNotified()
    {
        var s = await CampaignAsync();
        var elsewhere = await app.CreateUserAsync(Roles.LocationManager, [s.Brand], [s.OtherStore], username: Name("bob"));
        var here = await app.CreateUserAsync(Roles.LocationManager, [s.Brand], [s.Store], username: Name("bob"));
        var inactiveAdmin = await app.CreateUserAsync(Roles.Admin, username: Name("bob"));
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = inactiveAdmin.Id });
        var body = $"@{elsewhere.Username} @{here.Username} @{inactiveAdmin.Username}";
        Assert.Equal(HttpStatusCode.Created, (await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body })).StatusCode);
        Assert.Equal(0, await MentionsOfAsync(elsewhere.Id));
        Assert.Equal(1, await MentionsOfAsync(here.Id));
        Assert.Equal(0, await MentionsOfAsync(inactiveAdmin.Id));
    }

    [Fact]
    public async Task MentionsOfUnknownUsersStayPlainTextAndEmailAddressesAreNoMentions()
    {
        var s = await CampaignAsync();
        var colleague = await app.CreateUserAsync(Roles.Viewer, [s.Brand], username: Name("cy"));
        var body = $"ask @nobody-{Guid.NewGuid():N} or write to x@{colleague.Username}";
        var comment = await (await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body })).JsonAsync();
        Assert.Equal(body, comment.GetProperty("body").GetString());
        Assert.Equal(0, await MentionsOfAsync(colleague.Id));
    }

    [Fact]
    public async Task AuthorsMentioningThemselvesAreNotNotified()
    {
        var s = await CampaignAsync();
        Assert.Equal(HttpStatusCode.Created,
            (await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body = $"note to @{s.Manager.Username}" })).StatusCode);
        Assert.Equal(0, await MentionsOfAsync(s.Manager.Id));
    }

    [Theory]
    [InlineData("long")]
    [InlineData("")]
    [InlineData("   \n ")]
    [InlineData("nul")]
    [InlineData(null)]
    public async Task BadCommentBodiesAre400AndStoreNothing(string? kind)
    {
        var s = await CampaignAsync();
        var mentioned = await app.CreateUserAsync(Roles.BrandManager, [s.Brand], username: Name("dee"));
        object body = kind switch
        {
            "long" => new { body = $"@{mentioned.Username} " + new string('x', 4_001 - mentioned.Username.Length - 2) },
            "nul" => new { body = $"@{mentioned.Username} a\0b" },
            null => new { },
            _ => new { body = kind },
        };
        var response = await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("body", out _));
        await using var conn = await app.Db.OpenConnectionAsync();
        Assert.Equal(0, await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM campaign_comments WHERE campaign_id = @id", new { id = s.Campaign }));
        Assert.Equal(0, await MentionsOfAsync(mentioned.Id));
    }

    [Fact]
    public async Task ACommentOfExactly4000CharactersIsAccepted()
    {
        var s = await CampaignAsync();
        var response = await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body = new string('y', 4_000) });
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
    }

    [Fact]
    public async Task MentionableListsOnlyPeopleWhoCanSeeTheCampaignByPrefix()
    {
        var s = await CampaignAsync();
        var prefix = Name("eve");
        var member = await app.CreateUserAsync(Roles.Viewer, [s.Brand], username: prefix + "a");
        var admin = await app.CreateUserAsync(Roles.Admin, username: prefix + "b");
        await app.CreateUserAsync(Roles.LocationManager, [s.Brand], [s.OtherStore], username: prefix + "c");
        await app.CreateUserAsync(Roles.Viewer, [await app.CreateBrandAsync()], username: prefix + "d");
        await app.CreateUserAsync(Roles.Viewer, [s.Brand], username: "x" + prefix);

        var found = await (await s.Client.GetAsync($"/api/v1/campaigns/{s.Campaign}/mentionable?q=@{prefix.ToUpperInvariant()}")).JsonAsync();
        Assert.Equal([member.Username, admin.Username], found.EnumerateArray().Select(u => u.GetProperty("username").GetString()));
        var (_, storeManager) = await app.SignInAsNewAsync(Roles.LocationManager, [s.Brand], [s.OtherStore]);
        Assert.Equal(HttpStatusCode.NotFound, (await storeManager.GetAsync($"/api/v1/campaigns/{s.Campaign}/mentionable?q=e")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await storeManager.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body = "hi" })).StatusCode);
    }

    [Fact]
    public async Task OtherBrandsCampaignCommentsAre404()
    {
        var s = await CampaignAsync();
        await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body = "internal note" });
        var (_, outsider) = await app.SignInAsNewAsync(Roles.BrandManager, [await app.CreateBrandAsync()]);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/campaigns/{s.Campaign}/comments")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await outsider.GetAsync($"/api/v1/campaigns/{s.Campaign}/timeline")).StatusCode);
        var post = await outsider.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body = "hello" });
        Assert.Equal(HttpStatusCode.NotFound, post.StatusCode);
        Assert.DoesNotContain("internal note", await post.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task CommentsAreRateLimitedPerUser()
    {
        var s = await CampaignAsync();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i <= StoreSync.Functions.Comments.CommentsSetup.PermitsPerMinute; i++)
            statuses.Add((await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body = $"note {i}" })).StatusCode);
        Assert.All(statuses[..^1], st => Assert.Equal(HttpStatusCode.Created, st));
        var limited = await s.Client.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body = "one more" });
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
        var (_, colleague) = await app.SignInAsNewAsync(Roles.Viewer, [s.Brand]);
        Assert.Equal(HttpStatusCode.Created, (await colleague.PostJsonAsync($"/api/v1/campaigns/{s.Campaign}/comments", new { body = "mine" })).StatusCode);
    }
}
