using System.Text.Json;
using Dapper;
using Npgsql;

namespace StoreSync.Data.Ai;

public sealed record AiJobError(Guid CampaignId, string Message);

// Settable properties: Dapper's constructor matching rejects uuid[] (reported as Array) and timestamptz (DateTime).
public sealed record AiJobRow
{
    public Guid Id { get; init; }
    public string Status { get; init; } = "";
    public Guid? CreatedBy { get; init; }
    public string? Instructions { get; init; }
    public Guid[] CampaignIds { get; init; } = [];
    public int Total { get; init; }
    public int Processed { get; init; }
    public int Succeeded { get; init; }
    public int Failed { get; init; }
    public string Errors { get; init; } = "[]";
    public DateTimeOffset CreatedAt { get; init; }
    public DateTimeOffset? StartedAt { get; init; }
    public DateTimeOffset? FinishedAt { get; init; }

    public IReadOnlyList<AiJobError> ErrorList =>
        JsonSerializer.Deserialize<List<AiJobError>>(Errors, JsonSerializerOptions.Web) ?? [];
}

/// <summary>
/// Bulk generation jobs. A worker claims a queued job (or one whose worker stopped heart-beating) with
/// SKIP LOCKED, so several instances never run the same job twice at once; progress is saved per batch, and
/// <c>processed</c> is where a re-claimed job resumes.
/// </summary>
public sealed class AiJobStore(NpgsqlDataSource db)
{
    private const string Columns = """
        id, status, created_by, instructions, campaign_ids, total, processed, succeeded, failed, errors::text AS errors,
        created_at, started_at, finished_at
        """;

    public async Task CreateAsync(Guid id, Guid createdBy, string? instructions, Guid[] campaignIds, IReadOnlyList<AiJobError> errors,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO ai_jobs (id, created_by, instructions, campaign_ids, total, processed, failed, errors)
            VALUES (@id, @createdBy, @instructions, @campaignIds, @total, @failedCount, @failedCount, @errors::jsonb)
            """, new
        {
            id, createdBy, instructions, campaignIds, total = campaignIds.Length + errors.Count, failedCount = errors.Count,
            errors = JsonSerializer.Serialize(errors, JsonSerializerOptions.Web),
        }, cancellationToken: ct));
    }

    /// <summary>A job as its creator (or an admin) sees it; null when missing or not theirs.</summary>
    public async Task<AiJobRow?> FindAsync(Guid id, Guid userId, bool anyUser, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<AiJobRow>(new CommandDefinition(
            $"SELECT {Columns} FROM ai_jobs WHERE id = @id AND (@anyUser OR created_by = @userId)",
            new { id, userId, anyUser }, cancellationToken: ct));
    }

    /// <summary>Claims the oldest queued job, or a running one whose heartbeat is older than <paramref name="staleAfter"/>.</summary>
    public async Task<AiJobRow?> ClaimAsync(TimeSpan staleAfter, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<AiJobRow>(new CommandDefinition($"""
            UPDATE ai_jobs j SET status = 'running', started_at = coalesce(j.started_at, now()), heartbeat_at = now()
            WHERE j.id = (
                SELECT id FROM ai_jobs
                WHERE status = 'queued' OR (status = 'running' AND heartbeat_at < now() - @staleAfter)
                ORDER BY created_at
                LIMIT 1
                FOR UPDATE SKIP LOCKED)
            RETURNING {Columns}
            """, new { staleAfter }, cancellationToken: ct));
    }

    /// <summary>Adds one batch's results and moves the resume point; also the heartbeat.</summary>
    public async Task RecordProgressAsync(Guid id, int processed, int succeeded, IReadOnlyList<AiJobError> errors, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE ai_jobs SET processed = processed + @processed, succeeded = succeeded + @succeeded, failed = failed + @failedCount,
                   errors = errors || @errors::jsonb, heartbeat_at = now()
            WHERE id = @id
            """, new { id, processed, succeeded, failedCount = errors.Count, errors = JsonSerializer.Serialize(errors, JsonSerializerOptions.Web) },
            cancellationToken: ct));
    }

    public async Task FinishAsync(Guid id, string status, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE ai_jobs SET status = @status, finished_at = now(), heartbeat_at = now() WHERE id = @id",
            new { id, status }, cancellationToken: ct));
    }
}
