using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Imports;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Calendar;

/// <summary>POST /auth/me/calendar-token and GET /calendar/{token}.ics: what the feed shows, in which time, and dead tokens.</summary>
public sealed class CalendarFeedTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static async Task<string> FeedPathAsync(HttpClient client)
    {
        var response = await client.PostAsync("/api/v1/auth/me/calendar-token", null);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var url = (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("url").GetString()!;
        Assert.EndsWith(".ics", url);
        return new Uri(url).PathAndQuery;
    }

    [Fact]
    public async Task FeedParsesBackWithStoreLocalTimesAndOnlyScheduledOrActiveCampaignsOfTheOwnersBrands()
    {
        var (brand, other) = (await app.CreateBrandAsync(), await app.CreateBrandAsync());
        var chicago = await app.CreateLocationAsync(brand, timeZone: "America/Chicago", name: "Loop store");
        var berlin = await app.CreateLocationAsync(brand, timeZone: "Europe/Berlin", name: "Mitte store");
        var elsewhere = await app.CreateLocationAsync(other);
        var (template, otherTemplate) = (await app.CreateTemplateAsync(brand), await app.CreateTemplateAsync(other));
        var start = new DateTimeOffset(2030, 1, 15, 15, 0, 0, TimeSpan.Zero); // 09:00 in Chicago (CST), 16:00 in Berlin (CET)
        var scheduled = await app.CreateCampaignAsync(brand, chicago, template, "scheduled", name: "Winter sale", start: start, end: start.AddDays(7));
        var active = await app.CreateCampaignAsync(brand, berlin, template, "active", name: "Berlin launch", start: start, end: start.AddHours(5));
        await app.CreateCampaignAsync(brand, chicago, template, "draft", name: "Draft idea", start: start, end: start.AddDays(1));
        await app.CreateCampaignAsync(brand, chicago, template, "approved", name: "Approved only", start: start, end: start.AddDays(1));
        await app.CreateCampaignAsync(other, elsewhere, otherTemplate, "scheduled", name: "Other brand", start: start, end: start.AddDays(1));
        var (_, viewer) = await app.SignInAsNewAsync("viewer", [brand]);
        var path = await FeedPathAsync(viewer);

        var response = await app.CreateClient().GetAsync(path); // no sign-in: the token is the credential
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/calendar", response.Content.Headers.ContentType!.MediaType);
        var ics = await response.Content.ReadAsStringAsync();
        var calendar = Ical.Net.Calendar.Load(ics)!;

        Assert.Equal(["Berlin launch", "Winter sale"], calendar.Events.Select(e => e.Summary!.Split(" · ")[0]).Order());
        var winter = calendar.Events.Single(e => e.Summary!.StartsWith("Winter sale"));
        Assert.Equal($"campaign-{scheduled}@storesync", winter.Uid);
        Assert.Equal("America/Chicago", winter.Start!.TzId);
        Assert.Equal(new DateTime(2030, 1, 15, 9, 0, 0), winter.Start.Value);
        Assert.Equal(start.UtcDateTime, winter.Start.AsUtc);
        var berlinEvent = calendar.Events.Single(e => e.Uid == $"campaign-{active}@storesync");
        Assert.Equal("Europe/Berlin", berlinEvent.Start!.TzId);
        Assert.Equal(16, berlinEvent.Start.Value.Hour);
        Assert.Contains(calendar.TimeZones, z => z.TzId == "America/Chicago");
        Assert.Contains(calendar.TimeZones, z => z.TzId == "Europe/Berlin");

        // The same campaign keeps its UID on the next poll; the location filter narrows.
        var again = Ical.Net.Calendar.Load(await app.CreateClient().GetStringAsync(path))!;
        Assert.Contains(again.Events, e => e.Uid == winter.Uid);
        var onlyBerlin = Ical.Net.Calendar.Load(await app.CreateClient().GetStringAsync($"{path}?locationId={berlin}"))!;
        Assert.Equal([$"campaign-{active}@storesync"], onlyBerlin.Events.Select(e => e.Uid));
    }

    [Fact]
    public async Task IssuingANewTokenRevokesTheOldOne()
    {
        var brand = await app.CreateBrandAsync();
        var (_, user) = await app.SignInAsNewAsync("brandManager", [brand]);
        var first = await FeedPathAsync(user);
        var second = await FeedPathAsync(user);
        var anonymous = app.CreateClient();

        var old = await anonymous.GetAsync(first);
        var current = await anonymous.GetAsync(second);

        Assert.Equal(HttpStatusCode.NotFound, old.StatusCode);
        Assert.Equal(HttpStatusCode.OK, current.StatusCode);
    }

    [Fact]
    public async Task UnknownExpiredAndRevokedTokensAnswerTheSame404()
    {
        var brand = await app.CreateBrandAsync();
        var (user, client) = await app.SignInAsNewAsync("viewer", [brand]);
        var revoked = await FeedPathAsync(client);
        var expired = await FeedPathAsync(client);
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE calendar_tokens SET expires_at = now() - interval '1 minute' WHERE user_id = @id", new { id = user.Id });
        var anonymous = app.CreateClient();

        var bodies = new List<string>();
        foreach (var path in new[] { revoked, expired, "/api/v1/calendar/" + new string('x', 43) + ".ics" })
        {
            var response = await anonymous.GetAsync(path);
            Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
            var problem = await response.Content.ReadFromJsonAsync<JsonElement>();
            bodies.Add(problem.GetProperty("title").GetString() + "|" + problem.GetProperty("detail").GetString());
        }
        Assert.Single(bodies.Distinct());
    }

    [Fact]
    public async Task TokenIsStoredOnlyAsItsHash()
    {
        var brand = await app.CreateBrandAsync();
        var (user, client) = await app.SignInAsNewAsync("viewer", [brand]);
        var path = await FeedPathAsync(client);
        var token = path["/api/v1/calendar/".Length..^".ics".Length];

        var stored = await app.ScalarAsync<byte[]>("SELECT token_hash FROM calendar_tokens WHERE user_id = @id", new { id = user.Id });

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(token)), stored);
    }

    [Fact]
    public async Task FeedOfADeactivatedUserIs404()
    {
        var brand = await app.CreateBrandAsync();
        var (user, client) = await app.SignInAsNewAsync("viewer", [brand]);
        var path = await FeedPathAsync(client);
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE users SET is_active = false WHERE id = @id", new { id = user.Id });

        Assert.Equal(HttpStatusCode.NotFound, (await app.CreateClient().GetAsync(path)).StatusCode);
    }

    [Fact]
    public async Task IssuingATokenNeedsSignIn()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().PostAsync("/api/v1/auth/me/calendar-token", null)).StatusCode);
    }
}

/// <summary>The feed is rate limited per client address.</summary>
public sealed class CalendarFeedRateLimitTests(CalendarFeedRateLimitTests.App app) : IClassFixture<CalendarFeedRateLimitTests.App>
{
    public sealed class App : StoreSyncApp
    {
        public App() => With("Calendar:FeedPermitLimit", "3").With("Calendar:FeedWindow", "00:10:00");
    }

    [Fact]
    public async Task TooManyFeedRequestsAre429WithRetryAfter()
    {
        var anonymous = app.CreateClient();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 4; i++) statuses.Add((await anonymous.GetAsync("/api/v1/calendar/" + new string('y', 43) + ".ics")).StatusCode);

        Assert.Equal([HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.NotFound, HttpStatusCode.TooManyRequests], statuses);
        var limited = await anonymous.GetAsync("/api/v1/calendar/" + new string('y', 43) + ".ics");
        Assert.True(limited.Headers.RetryAfter is not null);
    }
}
