using System.Runtime.InteropServices;

namespace StoreSync.Functions.Ai;

/// <summary>
/// Offline embedding: word unigrams and bigrams plus character 3-grams, hashed into the configured dimension with a
/// sign bit (signed feature hashing, so collisions cancel out on average), sublinear tf (1 + ln tf), L2-normalised.
/// Deterministic across processes and machines (FNV-1a, not string.GetHashCode). It captures wording overlap,
/// not meaning. The default local embedding is all-MiniLM-L6-v2 (<see cref="MiniLmEmbedder"/>); this one needs no model in memory.
/// </summary>
public sealed class LocalHashEmbedder(int dimensions = LocalHashEmbedder.DefaultDimensions) : IAiEmbedder
{
    public const string ModelName = "local-hash-v1";
    public const int DefaultDimensions = 1536;

    private const float WordWeight = 1.0f;
    private const float BigramWeight = 0.7f;
    private const float TrigramWeight = 0.4f;

    public string Model => ModelName;

    public int Dimensions => dimensions;

    public Task<EmbeddingAnswer> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct) =>
        Task.FromResult(new EmbeddingAnswer(texts.Select(Embed).ToList(), 0));

    public float[] Embed(string text)
    {
        var counts = new Dictionary<ulong, (int Count, float Weight)>();
        var normalized = Normalize(text);
        ulong previousWord = 0;
        var start = -1;
        Span<char> buffer = stackalloc char[66];
        for (var i = 0; i <= normalized.Length; i++)
        {
            if (i < normalized.Length && normalized[i] != ' ')
            {
                if (start < 0) start = i;
                continue;
            }
            if (start < 0) continue;
            var word = normalized.AsSpan(start, i - start);
            var wordHash = Fnv(word, 0x77);
            Add(counts, wordHash, WordWeight);
            if (previousWord != 0) Add(counts, Mix(previousWord, wordHash), BigramWeight);
            previousWord = wordHash;
            // Character 3-grams of " word ", so prefixes and suffixes count too.
            var padded = word.Length + 2 <= buffer.Length ? buffer[..(word.Length + 2)] : new char[word.Length + 2];
            padded[0] = ' ';
            word.CopyTo(padded[1..]);
            padded[^1] = ' ';
            for (var k = 0; k + 3 <= padded.Length; k++) Add(counts, Fnv(padded.Slice(k, 3), 0x33), TrigramWeight);
            start = -1;
        }

        var vector = new float[dimensions];
        foreach (var (hash, (count, weight)) in counts)
        {
            var value = weight * (1 + MathF.Log(count));
            vector[(int)(hash % (ulong)dimensions)] += (hash >> 63) == 0 ? value : -value;
        }
        var norm = MathF.Sqrt(vector.Sum(v => v * v));
        if (norm == 0)
        {
            // No words at all: a fixed unit vector, because a zero vector has no cosine distance (NaN in pgvector).
            vector[0] = 1;
            return vector;
        }
        for (var i = 0; i < vector.Length; i++) vector[i] /= norm;
        return vector;
    }

    private static void Add(Dictionary<ulong, (int Count, float Weight)> counts, ulong hash, float weight)
    {
        ref var slot = ref CollectionsMarshal.GetValueRefOrAddDefault(counts, hash, out _);
        slot = (slot.Count + 1, weight);
    }

    private static string Normalize(string text)
    {
        var chars = new char[text.Length];
        for (var i = 0; i < text.Length; i++)
            chars[i] = char.IsLetterOrDigit(text[i]) ? char.ToLowerInvariant(text[i]) : ' ';
        return new string(chars);
    }

    private static ulong Fnv(ReadOnlySpan<char> s, ulong salt)
    {
        var h = 14695981039346656037UL ^ salt;
        foreach (var c in s)
        {
            h ^= c;
            h *= 1099511628211UL;
        }
        return Finalize(h);
    }

    private static ulong Mix(ulong a, ulong b) => Finalize(a * 31 + b + 0x9E3779B97F4A7C15UL);

    // splitmix64 finaliser: spreads FNV's weak low bits before the modulo and the sign bit are taken.
    private static ulong Finalize(ulong z)
    {
        z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9UL;
        z = (z ^ (z >> 27)) * 0x94D049BB133111EBUL;
        return z ^ (z >> 31);
    }
}
