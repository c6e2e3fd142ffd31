using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Ai;

/// <summary>Similarity queries ranked exactly (small candidate sets, the default for these tests' few campaigns).</summary>
public sealed class ExactSimilarityTests(AiApp app) : SimilarityTests<AiApp>(app);

/// <summary>The app with every similarity query going through the HNSW index (Ai:ExactSearchMaxRows = 0).</summary>
public sealed class HnswAiApp : AiApp
{
    public HnswAiApp()
    {
        With("Ai:ExactSearchMaxRows", "0");
    }
}

/// <summary>The same requirements with every query answered through the HNSW index.</summary>
public sealed class HnswSimilarityTests(HnswAiApp app) : SimilarityTests<HnswAiApp>(app);

/// <summary>GET /campaigns/{id}/similar and POST /campaigns/search over the local hashing embeddings.</summary>
public abstract class SimilarityTests<TApp>(TApp app) : IClassFixture<TApp> where TApp : AiApp
{
    private const string Garden = "Summer garden sale: 20% off patio furniture, grills and planters at our store this weekend.";
    private const string Coffee = "Free espresso tasting every Saturday morning: meet our baristas and try the new roast.";

    private sealed record World(Guid BrandA, Guid BrandB, Guid LocationA, Guid LocationA2, Guid GardenA, Guid GardenA2, Guid CoffeeA, Guid GardenB);

    private async Task<World> WorldAsync()
    {
        var a = await app.CreateBrandAsync();
        var b = await app.CreateBrandAsync();
        var la = await app.CreateLocationAsync(a);
        var la2 = await app.CreateLocationAsync(a);
        var lb = await app.CreateLocationAsync(b);
        var world = new World(a, b, la, la2,
            await app.CreateCampaignAsync(a, la, "Garden sale", Garden, "completed"),
            await app.CreateCampaignAsync(a, la2, "Garden sale again", Garden.Replace("20%", "25%"), "active"),
            await app.CreateCampaignAsync(a, la, "Coffee morning", Coffee, "completed"),
            await app.CreateCampaignAsync(b, lb, "Garden sale", Garden, "completed"));
        await app.EmbedAllAsync();
        return world;
    }

    private static async Task<JsonElement> ItemsAsync(HttpResponseMessage response)
    {
        Assert.True(response.IsSuccessStatusCode, $"{(int)response.StatusCode}: {await response.Content.ReadAsStringAsync()}");
        return (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items");
    }

    [Fact]
    public async Task SimilarListsTheSameBrandsCampaignsMostSimilarFirstExcludingItself()
    {
        var w = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync("viewer", [w.BrandA, w.BrandB]);

        var items = await ItemsAsync(await client.GetAsync($"/api/v1/campaigns/{w.GardenA}/similar"));

        Assert.Equal([w.GardenA2, w.CoffeeA], items.Ids());
        var similarities = items.EnumerateArray().Select(i => i.GetProperty("similarity").GetDouble()).ToList();
        Assert.All(similarities, s => Assert.InRange(s, 0, 1));
        Assert.True(similarities[0] > 0.7 && similarities[0] > similarities[1]);
        var first = items[0];
        Assert.Equal(w.BrandA, first.GetProperty("brandId").GetGuid());
        Assert.Equal(w.LocationA2, first.GetProperty("locationId").GetGuid());
        Assert.Equal("active", first.GetProperty("status").GetString());
        Assert.StartsWith("Summer garden sale", first.GetProperty("snippet").GetString());
        Assert.False(string.IsNullOrEmpty(first.GetProperty("locationName").GetString()));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(51)]
    [InlineData(-3)]
    public async Task SimilarLimitOutside1To50Is400(int limit)
    {
        var w = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync("viewer", [w.BrandA]);
        Assert.Equal(HttpStatusCode.BadRequest, (await client.GetAsync($"/api/v1/campaigns/{w.GardenA}/similar?limit={limit}")).StatusCode);
    }

    [Fact]
    public async Task SimilarLimitIsHonoured()
    {
        var w = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync("viewer", [w.BrandA]);
        Assert.Single((await ItemsAsync(await client.GetAsync($"/api/v1/campaigns/{w.GardenA}/similar?limit=1"))).EnumerateArray());
    }

    [Fact]
    public async Task SimilarForAnotherBrandsCampaignIs404()
    {
        var w = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync("brandManager", [w.BrandA]);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync($"/api/v1/campaigns/{w.GardenB}/similar")).StatusCode);
    }

    [Fact]
    public async Task SearchByMemberOfOneBrandNeverReturnsAnotherBrandsCampaigns()
    {
        var w = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync("brandManager", [w.BrandA]);

        var items = await ItemsAsync(await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "garden furniture sale", limit = 50 }));

        Assert.NotEmpty(items.EnumerateArray());
        Assert.All(items.EnumerateArray(), i => Assert.Equal(w.BrandA, i.GetProperty("brandId").GetGuid()));
        Assert.DoesNotContain(w.GardenB, items.Ids());
        Assert.Contains(w.GardenA, items.Ids().Take(2));
    }

    [Fact]
    public async Task SearchWithAnotherBrandsIdIs404ForNonAdmins()
    {
        var w = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync("brandManager", [w.BrandA]);
        var response = await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "garden", brandId = w.BrandB });
        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Fact]
    public async Task AdminSearchCoversAllBrandsUnlessABrandIsGiven()
    {
        var w = await WorldAsync();
        var (_, admin) = await app.SignInAsNewAsync("admin");

        var all = await ItemsAsync(await admin.PostAsJsonAsync("/api/v1/campaigns/search", new { query = Garden, limit = 50 }));
        Assert.Contains(w.GardenA, all.Ids());
        Assert.Contains(w.GardenB, all.Ids());

        var onlyB = await ItemsAsync(await admin.PostAsJsonAsync("/api/v1/campaigns/search", new { query = Garden, brandId = w.BrandB, limit = 50 }));
        Assert.Equal([w.GardenB], onlyB.Ids());
    }

    [Fact]
    public async Task LocationManagerSearchSeesOnlyTheirLocations()
    {
        var w = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync("locationManager", [w.BrandA], [w.LocationA2]);
        var items = await ItemsAsync(await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = Garden }));
        Assert.Equal([w.GardenA2], items.Ids());
    }

    [Theory]
    [InlineData("{\"query\":\"\"}")]
    [InlineData("{\"limit\":5}")]
    [InlineData("{\"query\":\"garden\",\"limit\":51}")]
    [InlineData("{\"query\":\"garden\",\"limit\":0}")]
    public async Task BadSearchRequestsAre400(string json)
    {
        var (_, client) = await app.SignInAsNewAsync("admin");
        var response = await client.PostAsync("/api/v1/campaigns/search", new StringContent(json, System.Text.Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task EditedContentIsReembeddedByTheBackfill()
    {
        var w = await WorldAsync();
        await using (var conn = await app.Db.OpenConnectionAsync())
            await Dapper.SqlMapper.ExecuteAsync(conn, "UPDATE campaigns SET generated_content = @c WHERE id = @id", new { c = Coffee, id = w.GardenA2 });
        Assert.Equal(1, await app.EmbedAllAsync());
        var (_, client) = await app.SignInAsNewAsync("viewer", [w.BrandA]);
        var items = await ItemsAsync(await client.GetAsync($"/api/v1/campaigns/{w.CoffeeA}/similar?limit=1"));
        Assert.Equal([w.GardenA2], items.Ids());
    }
}
