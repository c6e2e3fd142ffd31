using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Campaigns;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Mail;

/// <summary>GET|PATCH /auth/me carry notificationPreferences.email.* (all on by default) and an IANA time zone.</summary>
public sealed class NotificationPreferencesTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static (bool, bool, bool, bool) Email(JsonElement me)
    {
        var e = me.GetProperty("notificationPreferences").GetProperty("email");
        return (e.GetProperty("reviewRequests").GetBoolean(), e.GetProperty("decisions").GetBoolean(), e.GetProperty("mentions").GetBoolean(),
            e.GetProperty("digest").GetBoolean());
    }

    [Fact]
    public async Task EveryMailIsOnByDefaultAndTheTimeZoneIsUtc()
    {
        var (user, client) = await app.SignInAsNewAsync(Roles.Viewer);
        var me = await (await client.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.Equal(user.Username, me.GetProperty("username").GetString());
        Assert.Equal((true, true, true, true), Email(me));
        Assert.Equal("UTC", me.GetProperty("timeZone").GetString());
    }

    [Fact]
    public async Task APatchChangesOnlyWhatItNamesAndIsReadBack()
    {
        var (_, client) = await app.SignInAsNewAsync(Roles.LocationManager);
        var response = await client.PatchJsonAsync("/api/v1/auth/me",
            new { notificationPreferences = new { email = new { mentions = false, digest = false } }, timeZone = "Europe/Berlin" });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal((true, true, false, false), Email(await response.JsonAsync()));

        await client.PatchJsonAsync("/api/v1/auth/me", new { displayName = "Kim", notificationPreferences = new { email = new { digest = true } } });
        var me = await (await client.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.Equal((true, true, false, true), Email(me));
        Assert.Equal("Europe/Berlin", me.GetProperty("timeZone").GetString());
        Assert.Equal("Kim", me.GetProperty("displayName").GetString());
    }

    [Theory]
    [InlineData("Mars/Olympus_Mons")]
    [InlineData("Central Standard Time")]
    [InlineData("")]
    [InlineData("Europe/Berlin\u0000")]
    public async Task AnUnknownOrWindowsTimeZoneIs400AndNothingIsWritten(string timeZone)
    {
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer);
        var response = await client.PatchJsonAsync("/api/v1/auth/me",
            new { displayName = "Changed", timeZone, notificationPreferences = new { email = new { decisions = false } } });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True((await response.JsonAsync()).GetProperty("errors").TryGetProperty("timeZone", out _));

        var me = await (await client.GetAsync("/api/v1/auth/me")).JsonAsync();
        Assert.Equal("UTC", me.GetProperty("timeZone").GetString());
        Assert.Equal((true, true, true, true), Email(me));
        Assert.NotEqual("Changed", me.GetProperty("displayName").GetString());
    }

    [Fact]
    public async Task APreferenceThatIsNotABooleanIs400()
    {
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer);
        var response = await client.PatchAsync("/api/v1/auth/me",
            JsonContent.Create(JsonDocument.Parse("""{"notificationPreferences": {"email": {"decisions": "no"}}}""").RootElement));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal((true, true, true, true), Email(await (await client.GetAsync("/api/v1/auth/me")).JsonAsync()));
    }
}
