using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;

namespace StoreSync.Tests.Ai;

/// <summary>Small limits so the tests reach them: 3 AI requests per user per minute, 300 tokens per brand per day.</summary>
public sealed class LimitedAiApp : AiProviderApp
{
    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        With("Ai:UserPermitLimit", "3");
        With("Ai:UserWindow", "00:01:00");
        With("Ai:DailyTokenBudgetPerBrand", "300");
    }
}

public sealed class AiLimitsTests(LimitedAiApp app) : IClassFixture<LimitedAiApp>
{
    [Fact]
    public async Task AIRequestsBeyondThePerUserLimitAre429WithRetryAfter()
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync("viewer", [brand]);
        for (var i = 0; i < 3; i++)
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "sale" })).StatusCode);

        var limited = await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "sale" });

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(int.Parse(limited.Headers.GetValues("Retry-After").Single()) is > 0 and <= 60);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        Assert.Contains("3 per 60 seconds", (await limited.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());

        // Another user is not affected.
        var (_, other) = await app.SignInAsNewAsync("viewer", [brand]);
        Assert.Equal(HttpStatusCode.OK, (await other.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "sale" })).StatusCode);
    }

    [Fact]
    public async Task GenerationStopsWhenTheBrandsDailyTokenBudgetIsUsedUp()
    {
        var brand = await app.CreateBrandAsync();
        var location = await app.CreateLocationAsync(brand);
        var (_, client) = await app.SignInAsNewAsync("brandManager", [brand]);
        var first = await app.CreateCampaignAsync(brand, location, "One", "text one");
        var second = await app.CreateCampaignAsync(brand, location, "Two", "text two");
        var third = await app.CreateCampaignAsync(brand, location, "Three", "text three");

        Assert.True((await client.GenerateAsync(first, new { useSimilar = false })).GetProperty("usedAi").GetBoolean());  // 160 tokens
        Assert.True((await client.GenerateAsync(second, new { useSimilar = false })).GetProperty("usedAi").GetBoolean()); // 320 >= 300
        var refused = await client.PostAsJsonAsync($"/api/v1/campaigns/{third}/generate", new { useSimilar = false });

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.True(int.Parse(refused.Headers.GetValues("Retry-After").Single()) is > 0 and <= 86400);
        var detail = (await refused.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString()!;
        Assert.Contains("daily AI budget of 300 tokens is used up", detail);
        await using var conn = await app.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT version FROM campaigns WHERE id = @third", new { third }));

        // The budget is per brand: another brand still generates.
        var otherBrand = await app.CreateBrandAsync();
        var (_, otherClient) = await app.SignInAsNewAsync("brandManager", [otherBrand]);
        var otherCampaign = await app.CreateCampaignAsync(otherBrand, await app.CreateLocationAsync(otherBrand), "Other", "text");
        Assert.True((await otherClient.GenerateAsync(otherCampaign, new { useSimilar = false })).GetProperty("usedAi").GetBoolean());
    }
}
