using System.Net.Http.Json;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Lifecycle;

/// <summary>The development host as run.sh starts it: its own orchestrations (in-memory backend here) fed by its outbox pump.</summary>
public sealed class LifecycleHostApp : StoreSyncApp
{
    public LifecycleHostApp()
    {
        With("LocalHost:RunLifecycle", "true");
        With("LocalHost:Durable:Backend", "InMemory");
    }
}

public sealed class DevelopmentHostLifecycleTests(LifecycleHostApp app) : IClassFixture<LifecycleHostApp>
{
    [Fact]
    public async Task AScheduledCampaignGoesLiveAndEndsWithinSecondsOfItsTimes()
    {
        var setup = await app.CreateCampaignSetupAsync();
        var (_, author) = await app.SignInAsNewAsync("brandManager", [setup.BrandId]);
        var (_, reviewer) = await app.SignInAsNewAsync("brandManager", [setup.BrandId]);
        var start = DateTimeOffset.UtcNow.AddSeconds(6);
        var end = start.AddSeconds(3);
        var id = await app.CreateCampaignAsync(setup, "draft", start, end);

        foreach (var action in new[] { "submit", "approve", "schedule" })
        {
            var response = await (action == "submit" ? author : reviewer).PostAsJsonAsync($"/api/v1/campaigns/{id}/{action}", new { });
            Assert.True(response.IsSuccessStatusCode, $"{action}: {await response.Content.ReadAsStringAsync()}");
        }

        var deadline = end.AddSeconds(20);
        while (await app.StatusOfAsync(id) != "completed" && DateTimeOffset.UtcNow < deadline) await Task.Delay(200);

        var history = await app.HistoryAsync(id);
        var activated = Assert.Single(history, h => h.Action == "activate");
        var completed = Assert.Single(history, h => h.Action == "complete");
        Assert.InRange(activated.At - start, TimeSpan.FromSeconds(-0.5), TimeSpan.FromSeconds(5));
        Assert.InRange(completed.At - end, TimeSpan.FromSeconds(-0.5), TimeSpan.FromSeconds(5));
    }
}
