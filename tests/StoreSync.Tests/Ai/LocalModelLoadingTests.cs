using Dapper;
using Microsoft.Extensions.DependencyInjection;
using StoreSync.Functions.Ai;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Ai;

/// <summary>The app with its background workers on (as deployed), campaigns waiting to be embedded, and a long worker interval.</summary>
public sealed class WorkersOnApp : StoreSyncApp
{
    public WorkersOnApp()
    {
        With("Ai:BackgroundWorkers", "true");
        With("Ai:EmbeddingInterval", "00:10:00");
    }
}

/// <summary>Cold start stays cheap: the local model (0.25-1.4 s, ~330 MB) loads on its first use, never at start-up.</summary>
public sealed class LocalModelLoadingTests(WorkersOnApp app) : IClassFixture<WorkersOnApp>
{
    [Fact]
    public async Task TheLocalModelIsNotLoadedAtStartUpEvenWithWorkQueuedButOnFirstUse()
    {
        var brand = await app.CreateBrandAsync();
        await app.CreateCampaignAsync(brand, await app.CreateLocationAsync(brand), "Queued before start", "Waiting for an embedding");
        await using (var conn = await app.Db.OpenConnectionAsync())
            Assert.True(await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM campaign_embedding_queue") > 0);

        var health = await app.CreateClient().GetAsync("/api/health");
        health.EnsureSuccessStatusCode();
        await Task.Delay(500); // give a worker that ran at start-up the time to start loading

        var embedder = Assert.IsType<MiniLmEmbedder>(app.Services.GetRequiredService<IAiEmbedder>());
        Assert.False(embedder.IsLoaded);

        var answer = await embedder.EmbedAsync(["first use"], CancellationToken.None);
        Assert.True(embedder.IsLoaded);
        Assert.Equal(MiniLmEmbedder.ModelDimensions, answer.Vectors[0].Length);
    }

    [Fact]
    public async Task ABatchIsEncodedInBoundedChunksAndEveryVectorIsUnitLength()
    {
        var embedder = new MiniLmEmbedder();
        var texts = Enumerable.Range(0, MiniLmEmbedder.ChunkSize * 2 + 3).Select(i => $"Campaign {i}: garden sale, {i}% off").ToList();
        var vectors = (await embedder.EmbedAsync(texts, CancellationToken.None)).Vectors;
        Assert.Equal(texts.Count, vectors.Count);
        Assert.All(vectors, v => Assert.Equal(1.0, Math.Sqrt(v.Sum(x => (double)x * x)), 3));
        // The same text gives the same vector whether alone or in a chunk.
        var alone = (await embedder.EmbedAsync([texts[5]], CancellationToken.None)).Vectors[0];
        Assert.True(alone.Zip(vectors[5], (a, b) => Math.Abs(a - b)).Max() < 1e-4);
        embedder.Dispose();
    }
}
