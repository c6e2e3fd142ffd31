using System.Data.Common;
using Dapper;
using Npgsql;

namespace StoreSync.Data.Mail;

/// <summary>Which notifications also reach the user by e-mail, and the user's time zone (IANA).</summary>
public sealed record MailPreferences(string TimeZone, bool ReviewRequests, bool Decisions, bool Mentions, bool Digest);

public sealed class MailPreferencesStore(NpgsqlDataSource db)
{
    public async Task<MailPreferences?> FindAsync(Guid userId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<MailPreferences>(new CommandDefinition("""
            SELECT time_zone, mail_review_requests AS review_requests, mail_decisions AS decisions, mail_mentions AS mentions,
                   mail_digest AS digest
            FROM users WHERE id = @userId
            """, new { userId }, cancellationToken: ct));
    }

    /// <summary>Sets what is given (null keeps the current value).</summary>
    public static Task UpdateAsync(DbConnection conn, DbTransaction tx, Guid userId, string? timeZone, bool? reviewRequests, bool? decisions,
        bool? mentions, bool? digest, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            UPDATE users SET time_zone = coalesce(@timeZone, time_zone),
                             mail_review_requests = coalesce(@reviewRequests, mail_review_requests),
                             mail_decisions = coalesce(@decisions, mail_decisions),
                             mail_mentions = coalesce(@mentions, mail_mentions),
                             mail_digest = coalesce(@digest, mail_digest)
            WHERE id = @userId
            """, new { userId, timeZone, reviewRequests, decisions, mentions, digest }, tx, cancellationToken: ct));
}
