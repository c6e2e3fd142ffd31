using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StoreSync.Functions.Common.Auth;

namespace StoreSync.Tests.Lifecycle;

/// <summary>GET /lifecycle/status: the last sweep run, the next due transition and the backlog, for admins only.</summary>
public sealed class LifecycleStatusApiTests(LifecycleApp app) : IClassFixture<LifecycleApp>
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Roles.BrandManager)]
    [InlineData(Roles.LocationManager)]
    [InlineData(Roles.Viewer)]
    public async Task OnlyAdminsSeeTheStatus(string role)
    {
        var (_, client) = await app.SignInAsNewAsync(role, [await app.CreateBrandAsync()]);
        var response = await client.GetAsync("/api/v1/lifecycle/status");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/lifecycle/status")).StatusCode);
    }

    [Fact]
    public async Task AdminsSeeTheBacklogBeforeASweepAndTheRunAfterIt()
    {
        app.Clock.Set(Now);
        var (_, admin) = await app.SignInAsNewAsync(Roles.Admin);
        var setup = await app.CreateCampaignSetupAsync();
        await app.CreateCampaignsAsync(setup, "scheduled", Now.AddMinutes(-30), Now.AddDays(2), count: 3);
        await app.CreateCampaignsAsync(setup, "active", Now.AddDays(-2), Now.AddMinutes(-5), count: 2);
        var nextStart = Now.AddHours(5);
        await app.CreateCampaignAsync(setup, "scheduled", nextStart, Now.AddDays(3));

        var before = await admin.GetFromJsonAsync<JsonElement>("/api/v1/lifecycle/status");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("lastSweep").ValueKind);
        Assert.Equal(3, before.GetProperty("backlog").GetProperty("activate").GetInt32());
        Assert.Equal(2, before.GetProperty("backlog").GetProperty("complete").GetInt32());
        Assert.Equal(5, before.GetProperty("backlog").GetProperty("total").GetInt32());
        Assert.Equal("activate", before.GetProperty("nextDue").GetProperty("action").GetString());
        Assert.Equal(Now.AddMinutes(-30), before.GetProperty("nextDue").GetProperty("at").GetDateTimeOffset());

        await app.RunDueAsync();

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/v1/lifecycle/status");
        var last = after.GetProperty("lastSweep");
        Assert.Equal(Now, last.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(Now, last.GetProperty("finishedAt").GetDateTimeOffset());
        Assert.Equal(3, last.GetProperty("activated").GetInt32());
        Assert.Equal(2, last.GetProperty("completed").GetInt32());
        Assert.Equal(0, last.GetProperty("failed").GetInt32());
        Assert.True(last.GetProperty("batches").GetInt32() >= 2);
        Assert.Equal(0, after.GetProperty("backlog").GetProperty("total").GetInt32());
        Assert.Equal(nextStart, after.GetProperty("nextDue").GetProperty("at").GetDateTimeOffset());
    }
}
