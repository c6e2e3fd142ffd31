using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Options;
using StoreSync.Data.Ai;

namespace StoreSync.Functions.Ai;

/// <summary>What gets embedded for a campaign, and the vector of a campaign or a query for the current model.</summary>
public sealed class CampaignEmbeddings(IAiEmbedder embedder, CampaignEmbeddingStore store, IOptions<AiOptions> options)
{
    public string Model => embedder.Model;

    public int Dimensions => embedder.Dimensions;

    /// <summary>Examples must be at least this similar; each model has its own scale (hashing vectors score lowest).</summary>
    public double ExampleThreshold => embedder switch
    {
        LocalHashEmbedder => options.Value.LocalSimilarityThreshold ?? 0.35,
        MiniLmEmbedder => options.Value.LocalSimilarityThreshold ?? 0.5,
        _ => options.Value.SimilarityThreshold,
    };

    public static string TextOf(string name, string content) => name + "\n\n" + content;

    public static byte[] HashOf(string text) => SHA256.HashData(Encoding.UTF8.GetBytes(text));

    /// <summary>The stored vector when it matches the campaign's current text, else a fresh one (not stored: that is the backfill's job).</summary>
    public async Task<float[]> ForCampaignAsync(Guid campaignId, string name, string content, CancellationToken ct)
    {
        var text = TextOf(name, content);
        return await store.FindAsync(campaignId, Model, Dimensions, HashOf(text), ct) ?? (await embedder.EmbedAsync([text], ct)).Vectors[0];
    }

    public async Task<float[]> ForQueryAsync(string query, CancellationToken ct) => (await embedder.EmbedAsync([query], ct)).Vectors[0];

    public Task<IReadOnlyList<SimilarCampaignRow>> NearestAsync(float[] vector, SimilarityFilter filter, int limit, CancellationToken ct) =>
        store.NearestAsync(vector, Model, filter, limit, options.Value.EfSearch, options.Value.ExactSearchMaxRows, ct);
}
