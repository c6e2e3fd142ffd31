using Microsoft.Extensions.Options;
using StoreSync.Data.Ai;

namespace StoreSync.Functions.Ai;

/// <summary>The brand's AI tokens for today (UTC) are used up; answered as 429 with Retry-After until midnight UTC.</summary>
public sealed class AiBudgetExhaustedException(string message, TimeSpan retryAfter) : Exception(message)
{
    public TimeSpan RetryAfter { get; } = retryAfter;
}

/// <summary>
/// Ai:DailyTokenBudgetPerBrand against the usage the provider reported today. Checked before a call, recorded after:
/// concurrent requests can overshoot by at most what is in flight, which a daily budget tolerates.
/// </summary>
public sealed class TokenBudget(AiUsageStore usage, IOptions<AiOptions> options, TimeProvider time)
{
    public async Task EnsureAvailableAsync(Guid brandId, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var used = await usage.TotalTokensAsync(brandId, DateOnly.FromDateTime(now.UtcDateTime), ct);
        var budget = options.Value.DailyTokenBudgetPerBrand;
        if (used < budget) return;
        var midnight = new DateTimeOffset(now.UtcDateTime.Date.AddDays(1), TimeSpan.Zero);
        throw new AiBudgetExhaustedException(
            $"The brand's daily AI budget of {budget:N0} tokens is used up ({used:N0} tokens today, UTC). " +
            $"It resets at {midnight:yyyy-MM-dd'T'HH:mm:ss'Z'}; until then, edit the content by hand.", midnight - now);
    }

    public Task RecordAsync(Guid brandId, ChatAnswer answer, CancellationToken ct) =>
        usage.RecordAsync(brandId, DateOnly.FromDateTime(time.GetUtcNow().UtcDateTime), answer.PromptTokens, answer.CompletionTokens, ct);
}
