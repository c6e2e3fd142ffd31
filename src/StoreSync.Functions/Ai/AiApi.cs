using StoreSync.Data.Ai;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Data.Db;

namespace StoreSync.Functions.Ai;

public sealed record GenerateRequest(string? Instructions, bool? UseSimilar);

public sealed record GenerateBulkRequest(Guid[]? CampaignIds, string? Instructions);

public sealed record SearchRequest(string? Query, Guid? BrandId, int? Limit);

public sealed record SimilarItem(Guid CampaignId, string Name, Guid BrandId, Guid LocationId, string LocationName, string Status,
    double Similarity, string Snippet)
{
    public static SimilarItem From(SimilarCampaignRow r) =>
        new(r.CampaignId, r.Name, r.BrandId, r.LocationId, r.LocationName, r.Status, Math.Round(r.Similarity, 6), r.Snippet);
}

public sealed record SimilarResponse(IReadOnlyList<SimilarItem> Items);

/// <summary>AI drafting and similarity search over campaigns.</summary>
public static class AiApi
{
    public const int MaxInstructions = 2000;
    public const int MaxQuery = 2000;
    public const int MaxLimit = 50;


    internal static async Task<IResult> Generate(Guid id, GenerateRequest? body, HttpContext http, GenerationStore campaigns,
        CampaignGenerator generator, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (!me.CanAuthorCampaigns) return Problem.Forbidden("Your role cannot edit campaigns.");
        var v = new Validator().MaxLength("instructions", body?.Instructions, MaxInstructions);
        if (!v.IsValid) return v.ToResult();
        var source = await campaigns.LoadAsync(id, me.CampaignScope, ct);
        if (source is null) return Problem.NotFound("campaign");
        try
        {
            var result = await generator.GenerateAsync(source, me.Id, body?.Instructions, body?.UseSimilar ?? true, ETags.ExpectedVersion(http.Request), ct);
            ETags.Set(http, result.Version);
            return Results.Ok(result);
        }
        catch (AiBudgetExhaustedException e)
        {
            return Problem.TooManyRequests(e.Message, e.RetryAfter);
        }
    }

    internal static async Task<IResult> GenerateBulk(GenerateBulkRequest body, HttpContext http, GenerationStore campaigns, AiJobStore jobs,
        BulkGenerationSignal signal, Microsoft.Extensions.Options.IOptions<AiOptions> options, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (!me.CanAuthorCampaigns) return Problem.Forbidden("Your role cannot edit campaigns.");
        var max = options.Value.MaxBulkCampaigns;
        var ids = body.CampaignIds?.Distinct().ToArray() ?? [];
        var v = new Validator().MaxLength("instructions", body.Instructions, MaxInstructions);
        if (ids.Length == 0) v.Add("campaignIds", "campaignIds must list at least one campaign.");
        else if (ids.Length > max) v.Add("campaignIds", $"campaignIds may list at most {max} campaigns.");
        if (!v.IsValid) return v.ToResult();

        var visible = await campaigns.VisibleAsync(ids, me.CampaignScope, ct);
        var notVisible = ids.Where(i => !visible.Contains(i))
            .Select(i => new AiJobError(i, "The campaign does not exist or is not visible to you.")).ToList();
        var jobId = Guid.CreateVersion7();
        await jobs.CreateAsync(jobId, me.Id, body.Instructions, ids.Where(visible.Contains).ToArray(), notVisible, ct);
        signal.Notify();
        var job = await jobs.FindAsync(jobId, me.Id, anyUser: false, ct);
        return Results.Accepted($"/api/v1/ai/jobs/{jobId}", AiJobResponse.From(job!));
    }

    internal static async Task<IResult> GetJob(Guid jobId, HttpContext http, AiJobStore jobs, CancellationToken ct)
    {
        var me = http.CurrentUser();
        return await jobs.FindAsync(jobId, me.Id, me.IsAdmin, ct) is { } job ? Results.Ok(AiJobResponse.From(job)) : Problem.NotFound("job");
    }

    internal static async Task<IResult> Similar(Guid id, int? limit, HttpContext http, GenerationStore campaigns, CampaignEmbeddings embeddings,
        CancellationToken ct)
    {
        var k = limit ?? 5;
        if (k is < 1 or > MaxLimit) return Problem.Validation("limit", $"limit must be between 1 and {MaxLimit}.");
        var me = http.CurrentUser();
        var source = await campaigns.LoadAsync(id, me.CampaignScope, ct);
        if (source is null) return Problem.NotFound("campaign");
        var vector = await ProviderCallAsync(() => embeddings.ForCampaignAsync(source.Id, source.Name, source.GeneratedContent ?? source.RenderedContent, ct));
        var rows = await embeddings.NearestAsync(vector, new SimilarityFilter([source.BrandId], me.LocationScope, Exclude: source.Id), k, ct);
        return Results.Ok(new SimilarResponse(rows.Select(SimilarItem.From).ToList()));
    }

    internal static async Task<IResult> Search(SearchRequest body, HttpContext http, CampaignEmbeddings embeddings, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var k = body.Limit ?? 10;
        var v = new Validator().Required("query", body.Query, MaxQuery);
        if (k is < 1 or > MaxLimit) v.Add("limit", $"limit must be between 1 and {MaxLimit}.");
        if (!v.IsValid) return v.ToResult();
        if (body.BrandId is { } b && !me.CanSeeBrand(b)) return Problem.NotFound("brand");
        Guid[]? brands = body.BrandId is { } brand ? [brand] : me.AllBrands ? null : me.BrandIds;
        if (brands is { Length: 0 }) return Results.Ok(new SimilarResponse([]));
        var vector = await ProviderCallAsync(() => embeddings.ForQueryAsync(body.Query!, ct));
        var rows = await embeddings.NearestAsync(vector, new SimilarityFilter(brands, me.LocationScope), k, ct);
        return Results.Ok(new SimilarResponse(rows.Select(SimilarItem.From).ToList()));
    }

    // Vectors of another model cannot be compared, so a failed query embedding is a 503, not a silent local fallback.
    private static async Task<float[]> ProviderCallAsync(Func<Task<float[]>> call)
    {
        try
        {
            return await call();
        }
        catch (AiProviderException e)
        {
            throw new ApiProblemException(503, "Service unavailable", "AI provider unavailable: " + e.Message);
        }
    }
}
