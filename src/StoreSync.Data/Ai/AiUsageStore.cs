using Dapper;
using Npgsql;

namespace StoreSync.Data.Ai;

/// <summary>Tokens reported by the AI provider, summed per brand per UTC day.</summary>
public sealed class AiUsageStore(NpgsqlDataSource db)
{
    public async Task<long> TotalTokensAsync(Guid brandId, DateOnly day, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<long?>(new CommandDefinition(
            "SELECT total_tokens FROM ai_usage WHERE brand_id = @brandId AND day = @day",
            new { brandId, day }, cancellationToken: ct)) ?? 0;
    }

    public async Task RecordAsync(Guid brandId, DateOnly day, long promptTokens, long completionTokens, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO ai_usage (brand_id, day, prompt_tokens, completion_tokens, total_tokens, requests)
            VALUES (@brandId, @day, @promptTokens, @completionTokens, @promptTokens + @completionTokens, 1)
            ON CONFLICT (brand_id, day) DO UPDATE SET
                prompt_tokens = ai_usage.prompt_tokens + excluded.prompt_tokens,
                completion_tokens = ai_usage.completion_tokens + excluded.completion_tokens,
                total_tokens = ai_usage.total_tokens + excluded.total_tokens,
                requests = ai_usage.requests + 1
            """, new { brandId, day, promptTokens, completionTokens }, cancellationToken: ct));
    }
}
