using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Functions.Ai;
using StoreSync.Tests.Ai;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Analytics;

/// <summary>AI generation's examples prefer the brand's past campaigns that performed; without results, similarity alone decides.</summary>
public sealed class ExamplePreferenceTests(AiApp app) : IClassFixture<AiApp>
{
    private const string Garden = "Summer garden sale: 20% off patio furniture, grills and planters at our store this weekend.";

    private static readonly string[] Variants =
    [
        Garden.Replace("20%", "25%"),
        Garden.Replace("this weekend", "all week"),
        Garden.Replace("patio furniture, grills and planters", "patio furniture and grills"),
        "Summer garden sale: patio furniture and planters reduced, this weekend only, while stocks last.",
        "Garden sale this summer: grills reduced at our store. Come early, limited stock, bring the family.",
    ];

    private async Task<(Guid Brand, Guid Target, Guid[] BySimilarity, HttpClient Client)> WorldAsync()
    {
        var brand = await app.CreateBrandAsync();
        var location = await app.CreateLocationAsync(brand);
        var target = await app.CreateCampaignAsync(brand, location, "Summer garden sale", Garden);
        foreach (var (text, i) in Variants.Select((t, i) => (t, i)))
            await app.CreateCampaignAsync(brand, location, $"Garden sale {i}", text, "completed");
        await app.EmbedAllAsync();
        var (_, client) = await app.SignInAsNewAsync("brandManager", [brand]);
        var similar = await client.GetFromJsonAsync<JsonElement>($"/api/v1/campaigns/{target}/similar?limit=10");
        return (brand, target, similar.GetProperty("items").Ids(), client);
    }

    private static Guid[] Examples(JsonElement generated) => generated.GetProperty("examples").EnumerateArray().Select(e => e.GetGuid()).ToArray();

    [Fact]
    public async Task WithoutRedemptionsTheExamplesAreTheMostSimilarCampaigns()
    {
        var (_, target, bySimilarity, client) = await WorldAsync();
        Assert.True(bySimilarity.Length >= 5, "all five variants are similar enough to be candidates");

        var examples = Examples(await client.GenerateAsync(target));

        Assert.Equal(bySimilarity.Take(3), examples);
    }

    [Fact]
    public async Task CampaignsThatPerformedComeFirstMostRedemptionsPerStoreDayFirst()
    {
        var (brand, target, bySimilarity, client) = await WorldAsync();
        var (fourth, fifth) = (bySimilarity[3], bySimilarity[4]);
        await using (var conn = await app.Db.OpenConnectionAsync())
        {
            // Both ran 10 days; the fifth most similar sold 50 a day, the fourth 5 a day.
            var start = DateTime.UtcNow.AddDays(-30);
            await conn.ExecuteAsync("""
                UPDATE campaigns SET scheduled_start = @start, scheduled_end = @start + interval '10 days' WHERE id = ANY(@ids);
                INSERT INTO redemptions (brand_id, campaign_id, location_id, redeemed_at, quantity, basket_total, discount)
                SELECT c.brand_id, c.id, c.location_id, @start + interval '1 day', CASE WHEN c.id = @fifth THEN 500 ELSE 50 END, 100, 10
                FROM campaigns c WHERE c.id = ANY(@ids);
                """, new { start, ids = new[] { fourth, fifth }, fifth });
        }

        var examples = Examples(await client.GenerateAsync(target));

        Assert.Equal([fifth, fourth, bySimilarity[0]], examples);
    }

    [Fact]
    public void PerformersLeadInOrderOfResultsAndTheRestKeepSimilarityOrder()
    {
        Guid a = Guid.NewGuid(), b = Guid.NewGuid(), c = Guid.NewGuid(), d = Guid.NewGuid();
        var performance = new Dictionary<Guid, decimal> { [d] = 2m, [c] = 7.5m };

        Assert.Equal([c, d, a], CampaignGenerator.PreferPerformers([a, b, c, d], performance, 3));
        Assert.Equal([a, b, c], CampaignGenerator.PreferPerformers([a, b, c, d], new Dictionary<Guid, decimal>(), 3));
    }
}
