using Microsoft.Extensions.Options;
using StoreSync.Data.Ai;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Problems;

namespace StoreSync.Functions.Ai;

public sealed record GenerationResponse(string Content, string EmailSubject, string PreviewText, bool UsedAi, string? Model,
    string? FallbackReason, Guid[] Examples, string PromptVersion, int Version);

/// <summary>
/// Drafts one campaign's copy: brand voice, location facts, rendered template, customizations, instructions and up
/// to a few similar active or completed campaigns of the same brand, those that performed (redemptions) first. Without a provider, or when it keeps failing,
/// the rendered template is the draft (usedAi false, with the reason). The result and its provenance are stored on
/// the campaign only while it is still draft or rejected.
/// </summary>
public sealed class CampaignGenerator(GenerationStore campaigns, CampaignEmbeddings embeddings, IAiChat chat, TokenBudget budget,
    EmbeddingSignal embeddingSignal, IOptions<AiOptions> options, TimeProvider time, ILogger<CampaignGenerator> logger)
{
    public const string NotConfigured = "AI provider not configured";
    private static readonly string[] ExampleStatuses = [CampaignStatus.Active, CampaignStatus.Completed];

    /// <exception cref="ApiProblemException">409 when not editable, 412 when <paramref name="expectedVersion"/> is stale.</exception>
    /// <exception cref="AiBudgetExhaustedException">The brand's daily token budget is used up.</exception>
    public async Task<GenerationResponse> GenerateAsync(GenerationSource source, Guid? actorId, string? instructions, bool useSimilar,
        int? expectedVersion, CancellationToken ct)
    {
        EnsureEditable(source, expectedVersion);
        if (chat.Model is not null) await budget.EnsureAvailableAsync(source.BrandId, ct);

        var examples = useSimilar ? await ExamplesAsync(source, ct) : [];
        var copy = GenerationPrompt.Fallback(source);
        string? model = null;
        string? fallbackReason = NotConfigured;
        ChatAnswer? answer = null;
        if (chat.Model is not null)
        {
            try
            {
                answer = await chat.CompleteJsonAsync(GenerationPrompt.System,
                    GenerationPrompt.User(source, instructions, examples, options.Value.ExampleTokenBudget), ct);
                await budget.RecordAsync(source.BrandId, answer, ct);
                if (GenerationPrompt.Parse(answer.Text, source.Name) is { } parsed)
                {
                    (copy, model, fallbackReason) = (parsed, answer.Model, null);
                }
                else
                {
                    fallbackReason = "AI provider unavailable: the answer was not the requested JSON";
                }
            }
            catch (AiProviderException e)
            {
                logger.LogWarning("Generation for campaign {CampaignId} fell back to the template: {Reason}", source.Id, e.Message);
                fallbackReason = "AI provider unavailable: " + e.Message;
            }
        }

        var exampleIds = examples.Select(e => e.CampaignId).ToArray();
        var provenance = new
        {
            model, exampleIds, promptVersion = GenerationPrompt.Version, generatedAt = time.GetUtcNow(), usedAi = model is not null,
            fallbackReason, emailSubject = copy.EmailSubject, previewText = copy.PreviewText,
            usage = answer is null ? null : new { promptTokens = answer.PromptTokens, completionTokens = answer.CompletionTokens },
        };
        var version = await campaigns.SaveAsync(source.Id, source.BrandId, actorId, expectedVersion, copy.Content, provenance, ct)
            ?? throw new ApiProblemException(409, "Conflict", "The campaign changed while its copy was being generated (it is no longer editable, or was edited). Reload and try again.");
        embeddingSignal.Notify();
        return new GenerationResponse(copy.Content, copy.EmailSubject, copy.PreviewText, model is not null, model, fallbackReason,
            exampleIds, GenerationPrompt.Version, version);
    }

    public static void EnsureEditable(GenerationSource source, int? expectedVersion)
    {
        if (!CampaignStatus.IsEditable(source.Status))
            throw new ApiProblemException(409, "Conflict",
                $"The campaign is {source.Status}; copy can be generated only for draft or rejected campaigns.");
        if (expectedVersion is { } v && v != source.Version)
            throw new ApiProblemException(412, "Precondition failed",
                "The resource changed since you read it (If-Match does not match its current ETag). Reload and try again.");
    }

    /// <summary>How many similar campaigns are weighed by their results for each example slot.</summary>
    public const int CandidatesPerExample = 4;

    /// <summary>
    /// Up to Ai:MaxExamples active or completed campaigns of the same brand above the similarity threshold. Among the
    /// nearest few (<see cref="CandidatesPerExample"/> per slot), those that performed come first, most redemptions per
    /// store-day live first; the rest follow by similarity. Without any redemption data this is the nearest by similarity.
    /// </summary>
    private async Task<IReadOnlyList<ExampleContent>> ExamplesAsync(GenerationSource source, CancellationToken ct)
    {
        var max = options.Value.MaxExamples;
        if (max == 0) return [];
        float[] vector;
        try
        {
            vector = await embeddings.ForCampaignAsync(source.Id, source.Name, source.GeneratedContent ?? source.RenderedContent, ct);
        }
        catch (AiProviderException e)
        {
            logger.LogWarning("No examples for campaign {CampaignId}: embedding failed ({Reason})", source.Id, e.Message);
            return [];
        }
        var nearest = await embeddings.NearestAsync(vector,
            new SimilarityFilter([source.BrandId], Statuses: ExampleStatuses, Exclude: source.Id, MinSimilarity: embeddings.ExampleThreshold),
            max * CandidatesPerExample, ct);
        var ids = nearest.Select(n => n.CampaignId).ToArray();
        var performance = ids.Length == 0 ? new Dictionary<Guid, decimal>() : await campaigns.PerformanceAsync(source.BrandId, ids, time.GetUtcNow(), ct);
        var chosen = PreferPerformers(ids, performance, max);
        return await campaigns.ExamplesAsync(source.BrandId, chosen, ct);
    }

    /// <summary>Performers (by redemptions per store-day, best first) ahead of the rest, each group in similarity order.</summary>
    public static Guid[] PreferPerformers(Guid[] bySimilarity, IReadOnlyDictionary<Guid, decimal> performance, int max) =>
        bySimilarity
            .Select((id, rank) => (id, rank, perDay: performance.TryGetValue(id, out var p) ? p : (decimal?)null))
            .OrderBy(x => x.perDay is null)
            .ThenByDescending(x => x.perDay ?? 0)
            .ThenBy(x => x.rank)
            .Take(max)
            .Select(x => x.id)
            .ToArray();
}

/// <summary>Used when no chat model is configured.</summary>
public sealed class NoChat : IAiChat
{
    public string? Model => null;

    public Task<ChatAnswer> CompleteJsonAsync(string system, string user, CancellationToken ct) =>
        throw new AiProviderException(CampaignGenerator.NotConfigured);
}
