namespace StoreSync.Functions.Hosting;

/// <summary>The function folders shipped next to the executable (the same ones the Functions host reads).</summary>
public sealed class FunctionCatalog(IReadOnlyList<FunctionManifest> functions)
{
    public IReadOnlyList<FunctionManifest> Functions { get; } = functions;

    public static FunctionCatalog Load() => new(FunctionManifest.LoadAll(AppContext.BaseDirectory));
}
