using Dapper;
using Npgsql;

namespace StoreSync.Data.Mail;

/// <summary>A queued mail as the sender claims it: the notification's fields at queue time.</summary>
public sealed record OutboxMail
{
    public long Id { get; init; }
    public string Recipient { get; init; } = "";
    public string RecipientName { get; init; } = "";
    public string Kind { get; init; } = "";
    public string Preference { get; init; } = "";
    public string Subject { get; init; } = "";
    public string Body { get; init; } = "";
    public Guid? CampaignId { get; init; }
    public Guid? BrandId { get; init; }
    public string DedupeKey { get; init; } = "";
    public int Attempts { get; init; }
}

/// <summary>
/// The mail outbox (rows are queued by the notifications trigger, migration 0120). Claims are leases committed at once,
/// so sending happens outside any transaction and each sent mail is marked in its own short statement.
/// </summary>
public sealed class MailOutboxStore(NpgsqlDataSource db)
{
    public async Task<bool> AnyDueAsync(DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition("""
            SELECT EXISTS (SELECT 1 FROM mail_outbox WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= @now
                                                        AND (claimed_until IS NULL OR claimed_until < @now))
            """, new { now = now.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>Claims up to <paramref name="limit"/> due mails, oldest first, for <paramref name="lease"/>; other senders skip them.</summary>
    public async Task<IReadOnlyList<OutboxMail>> ClaimAsync(DateTimeOffset now, int limit, TimeSpan lease, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<OutboxMail>(new CommandDefinition("""
            WITH due AS (
                SELECT id FROM mail_outbox
                WHERE sent_at IS NULL AND dead_at IS NULL AND next_attempt_at <= @now AND (claimed_until IS NULL OR claimed_until < @now)
                ORDER BY next_attempt_at, id
                LIMIT @limit
                FOR UPDATE SKIP LOCKED
            )
            UPDATE mail_outbox m SET claimed_until = @until
            FROM due WHERE m.id = due.id
            RETURNING m.id, m.recipient, m.recipient_name, m.kind, m.preference, m.subject, m.body, m.campaign_id, m.brand_id,
                      m.dedupe_key, m.attempts
            """, new { now = now.UtcDateTime, limit, until = (now + lease).UtcDateTime }, cancellationToken: ct)))
            .OrderBy(m => m.Id).ToList();
    }

    public async Task MarkSentAsync(long id, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE mail_outbox SET sent_at = @now, claimed_until = NULL, last_error = NULL WHERE id = @id",
            new { id, now = now.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>A failure of this mail (the server refused it): counts an attempt; after <paramref name="maxAttempts"/> it is dead.</summary>
    public async Task MarkFailedAsync(long id, string error, DateTimeOffset now, DateTimeOffset nextAttemptAt, int maxAttempts, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE mail_outbox
            SET attempts = attempts + 1, last_error = left(@error, 2000), claimed_until = NULL, next_attempt_at = @nextAttemptAt,
                dead_at = CASE WHEN attempts + 1 >= @maxAttempts THEN @now END
            WHERE id = @id AND sent_at IS NULL
            """, new { id, error, now = now.UtcDateTime, nextAttemptAt = nextAttemptAt.UtcDateTime, maxAttempts }, cancellationToken: ct));
    }

    /// <summary>Gives claimed mails back untried (the server could not be reached): no attempt is counted.</summary>
    public async Task ReleaseAsync(long[] ids, string error, CancellationToken ct)
    {
        if (ids.Length == 0) return;
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE mail_outbox SET claimed_until = NULL, last_error = left(@error, 2000) WHERE id = ANY(@ids) AND sent_at IS NULL",
            new { ids, error }, cancellationToken: ct));
    }

    public sealed record Counts(int Pending, int Dead);

    public async Task<Counts> CountsAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleAsync<Counts>(new CommandDefinition("""
            SELECT (SELECT count(*)::int FROM mail_outbox WHERE sent_at IS NULL AND dead_at IS NULL) AS pending,
                   (SELECT count(*)::int FROM mail_outbox WHERE dead_at IS NOT NULL) AS dead
            """, cancellationToken: ct));
    }
}
