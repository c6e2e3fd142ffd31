using System.Net.Http.Json;
using System.Text.Json;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Lifecycle;

/// <summary>Issue 13 #6: a campaign shows when its next automatic step is due.</summary>
public sealed class NextAutomaticStepTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private async Task<JsonElement> GetAsync(Guid brandId, Guid id)
    {
        var (_, client) = await app.SignInAsNewAsync("brandManager", [brandId]);
        return await client.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{id}");
    }

    [Fact]
    public async Task AScheduledCampaignShowsItsActivationAndAnActiveOneItsCompletion()
    {
        var setup = await app.CreateCampaignSetupAsync();
        var start = DateTimeOffset.UtcNow.AddDays(2);
        var end = start.AddDays(3);
        var scheduled = await app.CreateCampaignAsync(setup, "scheduled", start, end);
        var active = await app.CreateCampaignAsync(setup, "active", DateTimeOffset.UtcNow.AddDays(-1), end);

        var s = (await GetAsync(setup.BrandId, scheduled)).GetProperty("nextAutomaticStep");
        var a = (await GetAsync(setup.BrandId, active)).GetProperty("nextAutomaticStep");

        Assert.Equal("activate", s.GetProperty("action").GetString());
        Assert.Equal(start.ToUnixTimeSeconds(), s.GetProperty("dueAt").GetDateTimeOffset().ToUnixTimeSeconds());
        Assert.False(string.IsNullOrEmpty(s.GetProperty("dueAtLocal").GetString()));
        Assert.Equal("complete", a.GetProperty("action").GetString());
        Assert.Equal(end.ToUnixTimeSeconds(), a.GetProperty("dueAt").GetDateTimeOffset().ToUnixTimeSeconds());
    }

    [Fact]
    public async Task ADraftHasNoAutomaticStep()
    {
        var setup = await app.CreateCampaignSetupAsync();
        var draft = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(2), DateTimeOffset.UtcNow.AddDays(3));

        Assert.Equal(JsonValueKind.Null, (await GetAsync(setup.BrandId, draft)).GetProperty("nextAutomaticStep").ValueKind);
    }
}
