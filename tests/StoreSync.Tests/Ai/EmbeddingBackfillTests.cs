using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using StoreSync.Functions.Ai;
using StoreSync.Tests.Infrastructure;
using StoreSync.Tests.Lifecycle;

namespace StoreSync.Tests.Ai;

/// <summary>The backfill that keeps campaign_embeddings in step with campaign text and with the configured model.</summary>
public sealed class EmbeddingBackfillTests : IClassFixture<AiProviderApp>
{
    private readonly AiProviderApp _app;

    public EmbeddingBackfillTests(AiProviderApp app)
    {
        _app = app;
        app.Fake.Reset();
    }

    private WebApplicationFactory<StoreSync.LocalHost.LocalHostEntryPoint> WithModel(string model, int batchSize = 64) => _app.WithWebHostBuilder(b =>
    {
        b.UseSetting("Ai:EmbeddingModel", model);
        b.UseSetting("Ai:EmbeddingBatchSize", batchSize.ToString());
    });

    private async Task<Dictionary<string, int>> ModelsAsync(Guid brand)
    {
        await using var conn = await _app.Db.OpenConnectionAsync();
        return (await conn.QueryAsync<(string Model, int Count)>(
            "SELECT model, count(*)::int FROM campaign_embeddings WHERE brand_id = @brand GROUP BY model", new { brand })).ToDictionary(r => r.Model, r => r.Count);
    }

    [Fact]
    public async Task ChangingTheEmbeddingModelReembedsEverythingAndSearchUsesOnlyTheNewModel()
    {
        var brand = await _app.CreateBrandAsync();
        var location = await _app.CreateLocationAsync(brand);
        for (var i = 0; i < 5; i++)
            await _app.CreateCampaignAsync(brand, location, $"Garden sale {i}", $"Garden furniture sale number {i}, 20% off", "completed");
        await _app.EmbedAllAsync();
        Assert.Equal(new Dictionary<string, int> { ["text-embedding-test"] = 5 }, await ModelsAsync(brand));

        await using var changed = WithModel("text-embedding-v2", batchSize: 2);
        var user = await _app.CreateUserAsync("viewer", [brand]);
        var client = changed.CreateClient();
        var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { username = user.Username, password = StoreSyncApp.Password }))
            .Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());

        // Before the backfill: the old model's vectors are never compared with the new model's query vector.
        var before = await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "garden furniture sale" });
        Assert.Empty((await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());

        _app.Fake.Requests.Clear();
        var backfill = changed.Services.GetRequiredService<EmbeddingBackfill>();
        var embedded = await backfill.RunUntilIdleAsync(100, CancellationToken.None);

        Assert.True(embedded >= 5);
        Assert.Equal(new Dictionary<string, int> { ["text-embedding-v2"] = 5 }, await ModelsAsync(brand));
        Assert.All(_app.Fake.EmbeddingRequests, r =>
        {
            Assert.Equal("text-embedding-v2", r.Body.GetProperty("model").GetString());
            Assert.True(r.Body.GetProperty("input").GetArrayLength() <= 2);
        });
        var after = await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "garden furniture sale" });
        Assert.Equal(5, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength());
    }

    [Fact]
    public async Task UnchangedCampaignsAreNotEmbeddedAgainAndChangedOnesAre()
    {
        var brand = await _app.CreateBrandAsync();
        var location = await _app.CreateLocationAsync(brand);
        var id = await _app.CreateCampaignAsync(brand, location, "Hash me", "Original content");
        await _app.EmbedAllAsync();
        await using var conn = await _app.Db.OpenConnectionAsync();
        var firstHash = await conn.ExecuteScalarAsync<byte[]>("SELECT content_hash FROM campaign_embeddings WHERE campaign_id = @id", new { id });

        // A status change does not touch the text: not queued, nothing embedded.
        await conn.ExecuteAsync("UPDATE campaigns SET status = 'pendingReview' WHERE id = @id", new { id });
        Assert.Equal(0, await _app.EmbedAllAsync());

        // The same text written again is queued but recognised by its hash.
        await conn.ExecuteAsync("UPDATE campaigns SET generated_content = rendered_content WHERE id = @id", new { id });
        _app.Fake.Requests.Clear();
        Assert.Equal(0, await _app.EmbedAllAsync());
        Assert.Empty(_app.Fake.EmbeddingRequests);

        await conn.ExecuteAsync("UPDATE campaigns SET generated_content = 'Brand new copy' WHERE id = @id", new { id });
        Assert.Equal(1, await _app.EmbedAllAsync());
        var secondHash = await conn.ExecuteScalarAsync<byte[]>("SELECT content_hash FROM campaign_embeddings WHERE campaign_id = @id", new { id });
        Assert.NotEqual(firstHash, secondHash);
    }

    [Fact]
    public async Task ProviderFailureLeavesTheWorkQueuedForTheNextRun()
    {
        var brand = await _app.CreateBrandAsync();
        var id = await _app.CreateCampaignAsync(brand, await _app.CreateLocationAsync(brand), "Queued", "Will wait");
        _app.Fake.Embeddings = _ => FakeOpenAiServer.Error(500);
        var backfill = _app.Services.GetRequiredService<EmbeddingBackfill>();

        var failed = await backfill.RunBatchAsync(CancellationToken.None);

        Assert.NotNull(failed.Error);
        Assert.Equal(0, failed.Embedded);
        _app.Fake.Embeddings = null;
        await _app.EmbedAllAsync();
        await using var conn = await _app.Db.OpenConnectionAsync();
        Assert.Equal(1, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM campaign_embeddings WHERE campaign_id = @id", new { id }));
    }

    [Fact]
    public async Task TheLifecycleTimerFillsEmbeddingGapsWhenNoBackgroundWorkerRuns()
    {
        var brand = await _app.CreateBrandAsync();
        var id = await _app.CreateCampaignAsync(brand, await _app.CreateLocationAsync(brand), "Timer fills me", "Embedded by the sweep");
        var logs = await _app.RunEmbeddingTimerAsync();

        Assert.Contains(logs, l => l.StartsWith("Embeddings: ") && !l.Contains("embedded=0"));
        await using var conn = await _app.Db.OpenConnectionAsync();
        Assert.Equal("text-embedding-test", await conn.ExecuteScalarAsync<string>("SELECT model FROM campaign_embeddings WHERE campaign_id = @id", new { id }));
    }

    [Fact]
    public async Task AnEmbeddingDimensionTheIndexCannotTakeFailsAtStartUpWithAClearMessage()
    {
        await using var wrong = _app.WithWebHostBuilder(b => b.UseSetting("Ai:EmbeddingDimensions", "3072"));
        var thrown = Assert.ThrowsAny<Exception>(() => wrong.CreateClient());
        // Start-up validation may surface directly or wrapped (e.g. by a hosted service resolving the options first).
        var error = Flatten(thrown).OfType<OptionsValidationException>().FirstOrDefault();
        Assert.True(error is not null, thrown.ToString());
        Assert.Contains("Ai:EmbeddingDimensions is 3072", error!.Message);
        Assert.Contains("1 to 2000 dimensions", error!.Message);
    }

    [Fact]
    public async Task ChangingTheDimensionReembedsAndSearchComparesOnlyVectorsOfTheNewDimension()
    {
        var brand = await _app.CreateBrandAsync();
        var location = await _app.CreateLocationAsync(brand);
        for (var i = 0; i < 3; i++)
            await _app.CreateCampaignAsync(brand, location, $"Tent sale {i}", $"Camping tents and sleeping bags, sale number {i}", "completed");
        await _app.EmbedAllAsync();

        await using var narrower = _app.WithWebHostBuilder(b => b.UseSetting("Ai:EmbeddingDimensions", "256"));
        var user = await _app.CreateUserAsync("viewer", [brand]);
        var client = narrower.CreateClient();
        var token = await (await client.PostAsJsonAsync("/api/v1/auth/token", new { username = user.Username, password = StoreSyncApp.Password }))
            .Content.ReadFromJsonAsync<JsonElement>();
        client.DefaultRequestHeaders.Authorization = new("Bearer", token.GetProperty("accessToken").GetString());

        // The stored 1536-d vectors of the same model are never cast to 256 or compared with a 256-d query.
        var before = await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "camping tents" });
        Assert.True(before.IsSuccessStatusCode, await before.Content.ReadAsStringAsync());
        Assert.Empty((await before.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").EnumerateArray());

        await narrower.Services.GetRequiredService<EmbeddingBackfill>().RunUntilIdleAsync(100, CancellationToken.None);

        await using var conn = await _app.Db.OpenConnectionAsync();
        Assert.Equal([256], await conn.QueryAsync<int>("SELECT DISTINCT dimensions FROM campaign_embeddings WHERE brand_id = @brand", new { brand }));
        var after = await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "camping tents" });
        Assert.Equal(3, (await after.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("items").GetArrayLength());
    }

    private static IEnumerable<Exception> Flatten(Exception e) =>
        e is AggregateException a ? a.InnerExceptions.SelectMany(Flatten).Prepend(e)
        : e.InnerException is { } inner ? Flatten(inner).Prepend(e) : [e];
}
