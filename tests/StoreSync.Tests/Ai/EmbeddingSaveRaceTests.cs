using Dapper;
using Microsoft.Extensions.DependencyInjection;
using StoreSync.Data.Ai;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Ai;

/// <summary>
/// A campaign deleted between the embedding claim and the save is skipped, and the rest of the batch is saved.
/// Background workers are off (AiApp), so the test's claim is the only one.
/// </summary>
public sealed class EmbeddingSaveRaceTests(AiApp app) : IClassFixture<AiApp>
{
    [Fact]
    public async Task ACampaignDeletedWhileTheBatchIsSavedIsSkippedAndTheOthersAreStored()
    {
        var brandId = await app.CreateBrandAsync();
        var locationId = await app.CreateLocationAsync(brandId);
        var kept = await app.CreateCampaignAsync(brandId, locationId, "Kept", "Coffee for everyone");
        var deleted = await app.CreateCampaignAsync(brandId, locationId, "Deleted", "Tents on sale");
        var store = app.Services.GetRequiredService<CampaignEmbeddingStore>();
        var claimed = (await store.ClaimAsync(100, TimeSpan.FromMinutes(5), CancellationToken.None))
            .Where(w => w.CampaignId == kept || w.CampaignId == deleted).ToList();
        Assert.Equal(2, claimed.Count);
        var rows = claimed.Select(w => new EmbeddingRow(w.CampaignId, w.BrandId, w.LocationId, [1, 2, 3], Enumerable.Repeat(0.1f, 1536).ToArray())).ToList();

        // The delete is in flight (not yet committed) when the save starts: the save must wait for it, then skip that row.
        await using var deleter = await app.Db.OpenConnectionAsync();
        await using var tx = await deleter.BeginTransactionAsync();
        await deleter.ExecuteAsync("DELETE FROM campaigns WHERE id = @deleted", new { deleted }, tx);
        var save = store.SaveAsync(rows, claimed, "test-model", CancellationToken.None);
        await Task.Delay(300);
        await tx.CommitAsync();
        await save;

        await using var conn = await app.Db.OpenConnectionAsync();
        var embedded = (await conn.QueryAsync<Guid>("SELECT campaign_id FROM campaign_embeddings WHERE campaign_id = ANY(@ids)",
            new { ids = new[] { kept, deleted } })).ToList();
        Assert.Equal([kept], embedded);
    }
}
