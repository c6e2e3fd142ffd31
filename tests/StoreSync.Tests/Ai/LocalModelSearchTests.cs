using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.Extensions.DependencyInjection;
using StoreSync.Data.Ai;
using StoreSync.Functions.Ai;

namespace StoreSync.Tests.Ai;

/// <summary>No provider (so all-MiniLM-L6-v2), every similarity query through HNSW, no per-user AI limit in the way.</summary>
public sealed class LocalModelApp : AiApp
{
    public LocalModelApp()
    {
        With("Ai:ExactSearchMaxRows", "0");
        With("Ai:UserPermitLimit", "100000");
    }
}

/// <summary>
/// The 200 paraphrase texts stored as campaigns and embedded by the real backfill with the local model: the queries use
/// that model's own partial HNSW index, never another model's vectors, and still find the paraphrases.
/// </summary>
public sealed class LocalModelSearchTests(LocalModelApp app, Xunit.Abstractions.ITestOutputHelper output) : IClassFixture<LocalModelApp>
{
    private static readonly SemaphoreSlim Once = new(1, 1);
    private static (Guid Brand, Guid[] Campaigns)? _world;

    private async Task<(Guid Brand, Guid[] Campaigns)> WorldAsync()
    {
        await Once.WaitAsync();
        try
        {
            if (_world is { } w) return w;
            var brand = await app.CreateBrandAsync();
            var location = await app.CreateLocationAsync(brand);
            var template = await app.CreateTemplateAsync(brand);
            var texts = Paraphrases.Texts;
            var ids = texts.Select(_ => Guid.CreateVersion7()).ToArray();
            await using (var conn = await app.Db.OpenConnectionAsync())
                await conn.ExecuteAsync("""
                    INSERT INTO campaigns (id, brand_id, location_id, template_id, name, customizations, rendered_content, status)
                    SELECT t.id, @brand, @location, @template, 'Campaign ' || t.ord, '{}', t.content, 'completed'
                    FROM unnest(@ids, @texts) WITH ORDINALITY AS t (id, content, ord)
                    """, new { brand, location, template, ids, texts = texts.ToArray() });
            Assert.True(await app.EmbedAllAsync() >= texts.Count);
            _world = (brand, ids);
            return _world.Value;
        }
        finally
        {
            Once.Release();
        }
    }

    [Fact]
    public async Task TheLocalModelsVectorsAreStoredWithTheirModelAndDimension()
    {
        var (brand, _) = await WorldAsync();
        await using var conn = await app.Db.OpenConnectionAsync();
        var stored = (await conn.QueryAsync<(string Model, int Dimensions, int Count)>(
            "SELECT model, dimensions, count(*)::int FROM campaign_embeddings WHERE brand_id = @brand GROUP BY 1, 2", new { brand })).ToList();
        Assert.Equal([(MiniLmEmbedder.ModelName, MiniLmEmbedder.ModelDimensions, 200)], stored);
    }

    [Fact]
    public async Task SimilarityQueriesUseTheModelsOwnPartialHnswIndex()
    {
        var (brand, ids) = await WorldAsync();
        var store = app.Services.GetRequiredService<CampaignEmbeddingStore>();
        // A second model of the same width, with its own index: its rows must never be scanned for the first model.
        await using var conn = await app.Db.OpenConnectionAsync();
        await store.EnsureIndexAsync("other-model", MiniLmEmbedder.ModelDimensions, CancellationToken.None);
        var miniLmIndex = await store.IndexNameAsync(MiniLmEmbedder.ModelName, MiniLmEmbedder.ModelDimensions, CancellationToken.None);
        var otherIndex = await store.IndexNameAsync("other-model", MiniLmEmbedder.ModelDimensions, CancellationToken.None);
        var definition = await conn.ExecuteScalarAsync<string>("SELECT indexdef FROM pg_indexes WHERE indexname = @miniLmIndex", new { miniLmIndex });
        Assert.Contains("USING hnsw (((embedding)::vector(384)) vector_cosine_ops)", definition);
        Assert.Contains("WHERE ((model = 'all-MiniLM-L6-v2'::text) AND (dimensions = 384))", definition);

        var query = (await app.Services.GetRequiredService<IAiEmbedder>().EmbedAsync(["garden furniture sale"], CancellationToken.None)).Vectors[0];
        Assert.Contains($"Index Scan using {miniLmIndex}", await ExplainAsync(MiniLmEmbedder.ModelName, query, brand));
        var other = await ExplainAsync("other-model", query, brand);
        Assert.Contains($"Index Scan using {otherIndex}", other);
        Assert.DoesNotContain(miniLmIndex, other);
    }

    [Fact]
    public async Task ThroughTheIndexNearlyEveryTextFindsItsParaphraseInTheTop10()
    {
        var (brand, ids) = await WorldAsync();
        var embeddings = app.Services.GetRequiredService<CampaignEmbeddings>();
        var hits = 0;
        for (var i = 0; i < ids.Length; i++)
        {
            var vector = await embeddings.ForCampaignAsync(ids[i], $"Campaign {i + 1}", Paraphrases.Texts[i], CancellationToken.None);
            var nearest = await embeddings.NearestAsync(vector, new SimilarityFilter([brand], Exclude: ids[i]), 10, CancellationToken.None);
            if (nearest.Any(n => n.CampaignId == ids[Paraphrases.PartnerOf(i)])) hits++;
        }
        output.WriteLine($"through HNSW (similar's SQL): {hits} of 200 paraphrases in the top 10");
        Assert.True(hits >= 180, $"{hits} of 200 paraphrases in the top 10 through HNSW");
    }

    [Fact]
    public async Task SearchByMeaningFindsACampaignWithNoWordInCommon()
    {
        var (brand, ids) = await WorldAsync();
        var (_, client) = await app.SignInAsNewAsync("viewer", [brand]);
        var response = await client.PostAsJsonAsync("/api/v1/campaigns/search", new { query = "reduced prices on kit for nights in the wild", limit = 3 });
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var items = (await response.Content.ReadFromJsonAsync<System.Text.Json.JsonElement>()).GetProperty("items").Ids();
        // "Clearance on all camping gear: tents, sleeping bags and stoves..." or its paraphrase.
        var camping = Paraphrases.Texts.ToList().FindIndex(t => t.StartsWith("Clearance on all camping gear"));
        Assert.True(items.Contains(ids[camping]) || items.Contains(ids[Paraphrases.PartnerOf(camping)]),
            "top 3: " + string.Join(" | ", items.Select(id => Paraphrases.Texts[Array.IndexOf(ids, id)])));
    }

    private async Task<string> ExplainAsync(string model, float[] query, Guid brand)
    {
        // The app's data source (UseVector), not the fixture's plain one: the query vector is a Pgvector.Vector parameter.
        await using var db = StoreSync.Data.Db.DataSourceFactory.Create(app.ConnectionString);
        await using var conn = await db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        // What NearestAsync sets for a large candidate set (Ai:ExactSearchMaxRows = 0 here).
        await conn.ExecuteAsync("SET LOCAL hnsw.iterative_scan = relaxed_order; SET LOCAL enable_sort = off", transaction: tx);
        var lines = await conn.QueryAsync<string>("EXPLAIN " + CampaignEmbeddingStore.NearestSql(query.Length), new
        {
            q = new Pgvector.Vector(query), model, brandIds = new[] { brand }, locationIds = (Guid[]?)null, statuses = (string[]?)null,
            exclude = (Guid?)null, limit = 10, maxDistance = 2.0,
        }, tx);
        return string.Join("\n", lines);
    }
}
