using Dapper;
using Npgsql;

namespace StoreSync.Data.Auth;

public enum RefreshOutcome { Rotated, Unknown, Expired, Reused, UserInactive }

public sealed record RefreshResult(RefreshOutcome Outcome, Guid UserId, Guid FamilyId);

/// <summary>Refresh tokens, stored only as SHA-256 hashes, rotated on every use.</summary>
public sealed class RefreshTokenStore(NpgsqlDataSource db)
{
    public async Task CreateAsync(Guid userId, Guid familyId, byte[] hash, DateTimeOffset now, DateTimeOffset expires, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at)
            VALUES (@id, @userId, @familyId, @hash, @now, @expires)
            """, new { id = Guid.CreateVersion7(), userId, familyId, hash, now = now.UtcDateTime, expires = expires.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>
    /// Exchanges a token for its successor in one transaction. A token that was already exchanged (reuse: the
    /// token was stolen, or replayed) revokes its whole family, so neither party keeps a session.
    /// </summary>
    public async Task<RefreshResult> RotateAsync(byte[] hash, byte[] newHash, DateTimeOffset now, DateTimeOffset expires, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var row = await conn.QuerySingleOrDefaultAsync<(Guid Id, Guid UserId, Guid FamilyId, DateTime ExpiresAt, Guid? ReplacedBy, DateTime? RevokedAt, bool UserActive)>(
            new CommandDefinition("""
                SELECT t.id, t.user_id, t.family_id, t.expires_at, t.replaced_by, t.revoked_at, u.is_active
                FROM refresh_tokens t JOIN users u ON u.id = t.user_id
                WHERE t.token_hash = @hash
                FOR UPDATE OF t
                """, new { hash }, tx, cancellationToken: ct));
        if (row == default) return new RefreshResult(RefreshOutcome.Unknown, Guid.Empty, Guid.Empty);
        if (row.ReplacedBy is not null || row.RevokedAt is not null)
        {
            await RevokeFamilyAsync(conn, tx, row.FamilyId, now, ct);
            await tx.CommitAsync(ct);
            return new RefreshResult(RefreshOutcome.Reused, row.UserId, row.FamilyId);
        }
        if (!row.UserActive) return new RefreshResult(RefreshOutcome.UserInactive, row.UserId, row.FamilyId);
        if (row.ExpiresAt <= now.UtcDateTime) return new RefreshResult(RefreshOutcome.Expired, row.UserId, row.FamilyId);
        var newId = Guid.CreateVersion7();
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO refresh_tokens (id, user_id, family_id, token_hash, created_at, expires_at)
            VALUES (@newId, @userId, @familyId, @newHash, @now, @expires);
            UPDATE refresh_tokens SET replaced_by = @newId, revoked_at = @now WHERE id = @id;
            """, new { newId, row.UserId, row.FamilyId, newHash, now = now.UtcDateTime, expires = expires.UtcDateTime, row.Id }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new RefreshResult(RefreshOutcome.Rotated, row.UserId, row.FamilyId);
    }

    /// <summary>Logout: revokes the family of the given token, if it belongs to the user.</summary>
    public async Task<bool> RevokeByTokenAsync(Guid userId, byte[] hash, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition("""
            UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, @now)
            WHERE family_id = (SELECT family_id FROM refresh_tokens WHERE token_hash = @hash AND user_id = @userId)
            """, new { userId, hash, now = now.UtcDateTime }, cancellationToken: ct)) > 0;
    }

    public async Task RevokeSessionAsync(Guid familyId, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, @now) WHERE family_id = @familyId",
            new { familyId, now = now.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>Ends every session of a user except (optionally) one, e.g. after a password change.</summary>
    public static Task RevokeAllAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid userId, Guid? exceptFamily, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("""
            UPDATE refresh_tokens SET revoked_at = @now
            WHERE user_id = @userId AND revoked_at IS NULL AND (@exceptFamily::uuid IS NULL OR family_id <> @exceptFamily)
            """, new { userId, exceptFamily, now = now.UtcDateTime }, tx, cancellationToken: ct));

    private static Task RevokeFamilyAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid familyId, DateTimeOffset now, CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition("UPDATE refresh_tokens SET revoked_at = coalesce(revoked_at, @now) WHERE family_id = @familyId",
            new { familyId, now = now.UtcDateTime }, tx, cancellationToken: ct));
}
