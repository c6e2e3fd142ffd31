using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Dapper;
using StoreSync.Tests.Brands;

namespace StoreSync.Tests.Store;

public sealed class StoreFeedTests(TenantWorld world) : IClassFixture<TenantWorld>
{
    private static readonly DateTimeOffset Now = DateTimeOffset.UtcNow;

    /// <summary>A fresh store of brand A with a device; answers (location, device client).</summary>
    private async Task<(Guid Location, HttpClient Device)> StoreWithDeviceAsync(Guid? brandId = null, HttpClient? manager = null)
    {
        var brand = brandId ?? world.BrandA;
        var location = await world.CreateLocationAsync(brand);
        var (_, key) = await (manager ?? world.ManagerA).CreateDeviceAsync(brand, location);
        return (location, world.DeviceClient(key));
    }

    private static string[] Names(JsonElement feed, string list) =>
        feed.GetProperty(list).EnumerateArray().Select(c => c.GetProperty("name").GetString()!).Order().ToArray();

    [Fact]
    public async Task DeviceOfStoreASeesNothingOfStoreBOrAnotherBrand()
    {
        var (storeA, deviceA) = await StoreWithDeviceAsync();
        var storeB = await world.CreateLocationAsync(world.BrandA);
        await world.CreateStoreCampaignAsync(world.BrandA, storeA, name: "mine");
        await world.CreateStoreCampaignAsync(world.BrandA, storeB, name: "other store");
        await world.CreateStoreCampaignAsync(world.BrandB, world.LocationB1, name: "other brand");
        await world.CreateStoreCampaignAsync(world.BrandA, storeB, "scheduled", name: "other store upcoming", start: Now.AddDays(1), end: Now.AddDays(2));

        var feed = await (await deviceA.GetAsync("/api/v1/store/feed")).BodyAsync();
        Assert.Equal(storeA, feed.GetProperty("location").GetProperty("id").GetGuid());
        Assert.Equal(["mine"], Names(feed, "live"));
        Assert.Empty(Names(feed, "upcoming"));
        // ?locationId or any other parameter cannot widen what a device sees.
        var forced = await (await deviceA.GetAsync($"/api/v1/store/feed?locationId={storeB}")).BodyAsync();
        Assert.Equal(["mine"], Names(forced, "live"));
    }

    [Fact]
    public async Task FeedShowsLiveAndWhatStartsWithinDaysAndNeverDraftsReviewsOrRejected()
    {
        var (store, device) = await StoreWithDeviceAsync();
        await world.CreateStoreCampaignAsync(world.BrandA, store, name: "live", content: "rendered", generated: "Generated copy",
            offerJson: """{"type":"percentOff","value":20,"requiresVoucher":true}""");
        await world.CreateStoreCampaignAsync(world.BrandA, store, "scheduled", name: "in 3 days", start: Now.AddDays(3), end: Now.AddDays(4));
        await world.CreateStoreCampaignAsync(world.BrandA, store, "scheduled", name: "in 10 days", start: Now.AddDays(10), end: Now.AddDays(11));
        foreach (var status in new[] { "draft", "pendingReview", "rejected", "cancelled", "completed" })
            await world.CreateStoreCampaignAsync(world.BrandA, store, status, name: status);

        var response = await device.GetAsync("/api/v1/store/feed");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var feed = await response.BodyAsync();
        Assert.Equal(["live"], Names(feed, "live"));
        Assert.Equal(["in 3 days"], Names(feed, "upcoming"));
        var live = feed.GetProperty("live")[0];
        Assert.Equal("Generated copy", live.GetProperty("content").GetString());
        Assert.Equal("percentOff", live.GetProperty("offer").GetProperty("type").GetString());
        Assert.True(live.GetProperty("vouchersRequired").GetBoolean());
        Assert.Equal("America/Chicago", feed.GetProperty("location").GetProperty("timeZone").GetString());
        Assert.Equal(feed.GetProperty("version").GetString(), response.Headers.ETag!.Tag.Trim('"'));

        var wide = await (await device.GetAsync("/api/v1/store/feed?days=31")).BodyAsync();
        Assert.Equal(["in 10 days", "in 3 days"], Names(wide, "upcoming"));
    }

    [Fact]
    public async Task CurrentETagGets304AndAChangeGets200WithANewETag()
    {
        var (store, device) = await StoreWithDeviceAsync();
        var campaign = await world.CreateStoreCampaignAsync(world.BrandA, store, name: "live");
        var first = await device.GetAsync("/api/v1/store/feed");
        var etag = first.Headers.ETag!;
        Assert.False(etag.IsWeak);

        using var again = new HttpRequestMessage(HttpMethod.Get, "/api/v1/store/feed");
        again.Headers.IfNoneMatch.Add(etag);
        var notModified = await device.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, notModified.StatusCode);
        Assert.Equal(etag, notModified.Headers.ETag);

        await using (var conn = await world.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("UPDATE campaigns SET generated_content = 'new copy', version = version + 1, updated_at = now() WHERE id = @campaign",
                new { campaign });
        using var afterChange = new HttpRequestMessage(HttpMethod.Get, "/api/v1/store/feed");
        afterChange.Headers.IfNoneMatch.Add(etag);
        var changed = await device.SendAsync(afterChange);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        Assert.NotEqual(etag, changed.Headers.ETag);
        Assert.Equal("new copy", (await changed.BodyAsync()).GetProperty("live")[0].GetProperty("content").GetString());

        // A new campaign entering the window changes the answer as well.
        var etag2 = changed.Headers.ETag!;
        await world.CreateStoreCampaignAsync(world.BrandA, store, "scheduled", name: "soon", start: Now.AddDays(2), end: Now.AddDays(3));
        using var afterNew = new HttpRequestMessage(HttpMethod.Get, "/api/v1/store/feed");
        afterNew.Headers.IfNoneMatch.Add(etag2);
        Assert.Equal(HttpStatusCode.OK, (await device.SendAsync(afterNew)).StatusCode);
    }

    [Fact]
    public async Task FeedAtAFutureMomentShowsWhatWillBeLiveThen()
    {
        var (store, device) = await StoreWithDeviceAsync();
        var saturday = new DateTimeOffset(Now.UtcDateTime.Date.AddDays(5).AddHours(15), TimeSpan.Zero); // 15:00 UTC = 09:00 in Chicago (CST)
        await world.CreateStoreCampaignAsync(world.BrandA, store, name: "live now, over by then", end: Now.AddDays(1));
        await world.CreateStoreCampaignAsync(world.BrandA, store, "scheduled", name: "weekend", start: saturday.AddHours(-2), end: saturday.AddDays(1));
        await world.CreateStoreCampaignAsync(world.BrandA, store, "approved", name: "approved weekend", start: saturday.AddHours(-1), end: saturday.AddHours(1));
        await world.CreateStoreCampaignAsync(world.BrandA, store, "pendingReview", name: "not approved", start: saturday.AddHours(-1), end: saturday.AddHours(1));
        await world.CreateStoreCampaignAsync(world.BrandA, store, "scheduled", name: "the week after", start: saturday.AddDays(3), end: saturday.AddDays(4));

        var at = Uri.EscapeDataString(saturday.ToString("O"));
        var feed = await (await device.GetAsync($"/api/v1/store/feed?at={at}&days=7")).BodyAsync();
        Assert.Equal(["approved weekend", "weekend"], Names(feed, "live"));
        Assert.Equal(["the week after"], Names(feed, "upcoming"));
        Assert.Equal(saturday, feed.GetProperty("at").GetDateTimeOffset());

        var now = await (await device.GetAsync("/api/v1/store/feed")).BodyAsync();
        Assert.Equal(["live now, over by then"], Names(now, "live"));
    }

    [Theory]
    [InlineData("days=0")]
    [InlineData("days=32")]
    [InlineData("at=yesterday")]
    public async Task OutOfRangeDaysOrUnreadableAtIs400(string query)
    {
        var (_, device) = await StoreWithDeviceAsync();
        Assert.Equal(HttpStatusCode.BadRequest, (await device.GetAsync($"/api/v1/store/feed?{query}")).StatusCode);
    }

    [Fact]
    public async Task DevicesAreRateLimitedEachOnItsOwn()
    {
        var app = new TenantWorld();
        app.With("Store:DevicePermitLimit", "3");
        await ((Xunit.IAsyncLifetime)app).InitializeAsync();
        try
        {
            var (_, keyA) = await app.ManagerA.CreateDeviceAsync(app.BrandA, app.LocationA1);
            var (_, keyB) = await app.ManagerA.CreateDeviceAsync(app.BrandA, app.LocationA1);
            var a = app.DeviceClient(keyA);
            for (var i = 0; i < 3; i++) Assert.Equal(HttpStatusCode.OK, (await a.GetAsync("/api/v1/store/feed")).StatusCode);
            var limited = await a.GetAsync("/api/v1/store/feed");
            Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
            Assert.NotNull(limited.Headers.RetryAfter);
            Assert.Equal(HttpStatusCode.OK, (await app.DeviceClient(keyB).GetAsync("/api/v1/store/feed")).StatusCode);
        }
        finally
        {
            await ((Xunit.IAsyncLifetime)app).DisposeAsync();
        }
    }
}
