using System.Net;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Campaigns;

/// <summary>The app's clock stands at 2026-01-01 so 2026's DST change days are in the future.</summary>
public sealed class NewYearClockApp : StoreSyncApp
{
    protected override bool UseTestClock => true;

    public override async Task InitializeAsync()
    {
        Clock.Set(new DateTimeOffset(2026, 1, 1, 12, 0, 0, TimeSpan.Zero));
        await base.InitializeAsync();
    }
}

public sealed class CampaignScheduleTests(NewYearClockApp app) : IClassFixture<NewYearClockApp>
{
    [Theory]
    [InlineData("America/Chicago", "2026-03-08T09:00", "2026-03-08T14:00:00Z")] // CDT (-5) began at 02:00 that morning
    [InlineData("America/Chicago", "2026-11-01T09:00", "2026-11-01T15:00:00Z")] // CST (-6) resumed at 02:00 that morning
    [InlineData("Europe/Berlin", "2026-03-08T09:00", "2026-03-08T08:00:00Z")]   // CET (+1): Berlin changes on 29 March
    [InlineData("Europe/Berlin", "2026-11-01T09:00", "2026-11-01T08:00:00Z")]   // CET (+1): Berlin changed on 25 October
    [InlineData("America/Chicago", "2026-03-08T02:30", "2026-03-08T08:00:00Z")] // gap: moves forward to 03:00 CDT
    [InlineData("America/Chicago", "2026-11-01T01:30", "2026-11-01T06:30:00Z")] // overlap: first (daylight) 01:30
    public async Task LocalStartIsStoredAsTheRightUtcInstant(string timeZone, string local, string expectedUtc)
    {
        var brand = await app.CreateBrandAsync();
        var store = await app.CreateLocationAsync(brand, timeZone: timeZone);
        var template = await app.CreateTemplateAsync(brand);
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);

        var response = await client.PostJsonAsync("/api/v1/campaigns", new
        {
            templateId = template, locationId = store, customizations = new { headline = "x" },
            scheduledStartLocal = local, scheduledEndLocal = "2026-12-31T23:00",
        });

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var c = await response.JsonAsync();
        Assert.Equal(DateTimeOffset.Parse(expectedUtc), c.GetProperty("scheduledStart").GetDateTimeOffset());
        Assert.Equal(timeZone, c.GetProperty("timeZone").GetString());
    }

    [Fact]
    public void GapAndOverlapRulesHoldForTheConversionItself()
    {
        Assert.Equal(DateTimeOffset.Parse("2026-03-08T08:00:00Z"), LocalTimes.ToUtc(new DateTime(2026, 3, 8, 2, 0, 0), "America/Chicago"));
        Assert.Equal(DateTimeOffset.Parse("2026-03-08T08:00:00Z"), LocalTimes.ToUtc(new DateTime(2026, 3, 8, 2, 59, 59), "America/Chicago"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T06:00:00Z"), LocalTimes.ToUtc(new DateTime(2026, 11, 1, 1, 0, 0), "America/Chicago"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-01T08:00:00Z"), LocalTimes.ToUtc(new DateTime(2026, 11, 1, 2, 0, 0), "America/Chicago"));
        Assert.Equal("2026-11-01T01:30:00", LocalTimes.ToLocalText(DateTimeOffset.Parse("2026-11-01T06:30:00Z"), "America/Chicago"));
    }

    [Fact]
    public async Task ResponsesCarryLocalTimesInTheLocationsZone()
    {
        var brand = await app.CreateBrandAsync();
        var store = await app.CreateLocationAsync(brand, timeZone: "Europe/Berlin");
        var template = await app.CreateTemplateAsync(brand);
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var c = await (await client.PostJsonAsync("/api/v1/campaigns", new
        {
            templateId = template, locationId = store, customizations = new { headline = "x" },
            scheduledStart = "2026-07-01T07:00:00Z", scheduledEnd = "2026-07-02T07:00:00Z",
        })).JsonAsync();
        Assert.Equal("2026-07-01T09:00:00", c.GetProperty("scheduledStartLocal").GetString());
        Assert.Equal("2026-07-02T09:00:00", c.GetProperty("scheduledEndLocal").GetString());
    }

    [Theory]
    [InlineData("2026-12-02T09:00", "2026-12-01T09:00", null, null)]          // start after end
    [InlineData("2025-12-01T09:00", "2025-12-02T09:00", null, null)]          // end before the app's now
    [InlineData("2026-12-01 9am", "2026-12-02T09:00", null, null)]            // not a local date-time
    [InlineData("2026-12-01T09:00Z", "2026-12-02T09:00", null, null)]         // local with an offset
    [InlineData("2026-12-01T09:00", null, null, null)]                        // no end
    [InlineData("2026-12-01T09:00", "2026-12-02T09:00", "2026-12-01T15:00:00Z", null)] // start given twice
    [InlineData(null, null, "2026-12-01T15:00:00", "2026-12-02T15:00:00Z")]   // UTC without offset
    public async Task BadSchedulesAre400(string? startLocal, string? endLocal, string? startUtc, string? endUtc)
    {
        var brand = await app.CreateBrandAsync();
        var store = await app.CreateLocationAsync(brand);
        var template = await app.CreateTemplateAsync(brand);
        var (_, client) = await app.SignInAsNewAsync(Roles.BrandManager, [brand]);
        var response = await client.PostJsonAsync("/api/v1/campaigns", new
        {
            templateId = template, locationId = store, customizations = new { headline = "x" },
            scheduledStartLocal = startLocal, scheduledEndLocal = endLocal, scheduledStart = startUtc, scheduledEnd = endUtc,
        });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
