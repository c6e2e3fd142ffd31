using Dapper;
using Npgsql;

namespace StoreSync.Data.Auth;

/// <summary>
/// The outcome of claiming a sign-in attempt: <see cref="Allowed"/>, or refused until <see cref="RetryAt"/>.
/// </summary>
public sealed record SignInClaim(bool Allowed, DateTimeOffset? RetryAt);

/// <summary>
/// Per-account backoff of failed sign-ins, in PostgreSQL so every instance shares it. The first
/// <c>freeFailures</c> failures cost nothing; after that each attempt must wait <c>baseDelay · 2^(n − freeFailures)</c>
/// (at most <c>maxDelay</c>) after the previous one. Attempts refused while waiting are not counted and do not
/// extend the wait, so an attacker only slows guessing to one try per window and the owner's correct password works as
/// soon as the window ends (it then clears the row). Each statement touches one row by primary key.
/// </summary>
public sealed class SignInThrottle(NpgsqlDataSource db)
{
    /// <summary>
    /// Counts the attempt before its password is checked (so parallel guesses cannot share one window) and sets the
    /// wait that applies if it fails; refused without counting when the account is still waiting.
    /// </summary>
    public async Task<SignInClaim> ClaimAsync(string loginKey, DateTimeOffset now, int freeFailures, TimeSpan baseDelay, TimeSpan maxDelay,
        CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        // A day without attempts starts the count afresh. The CTE's snapshot does not see its own upsert, so the outer
        // read of the table gives the wait of a refused attempt.
        var row = await conn.QuerySingleAsync<(int? Failures, DateTime? BlockedUntil)>(new CommandDefinition("""
            DELETE FROM sign_in_throttle WHERE login_key = @loginKey AND last_attempt_at < @now - interval '1 day';
            WITH attempt AS (
                INSERT INTO sign_in_throttle AS t (login_key, failures, last_attempt_at, blocked_until)
                VALUES (@loginKey, 1, @now, CASE WHEN @freeFailures <= 1 THEN @now + make_interval(secs => @baseSeconds) END)
                ON CONFLICT (login_key) DO UPDATE
                SET failures = t.failures + 1,
                    last_attempt_at = @now,
                    blocked_until = CASE WHEN t.failures + 1 >= @freeFailures
                        THEN @now + make_interval(secs => least(@maxSeconds, @baseSeconds * power(2, least(t.failures + 1 - @freeFailures, 40))))
                        END
                WHERE t.blocked_until IS NULL OR t.blocked_until <= @now
                RETURNING t.failures
            )
            SELECT (SELECT failures FROM attempt) AS failures,
                   (SELECT blocked_until FROM sign_in_throttle WHERE login_key = @loginKey) AS blocked_until
            """, new
        {
            loginKey, now = now.UtcDateTime, freeFailures, baseSeconds = baseDelay.TotalSeconds, maxSeconds = maxDelay.TotalSeconds,
        }, cancellationToken: ct));
        if (row.Failures is not null) return new SignInClaim(true, null);
        var retryAt = row.BlockedUntil is { } until ? new DateTimeOffset(DateTime.SpecifyKind(until, DateTimeKind.Utc)) : now.AddSeconds(1);
        return new SignInClaim(false, retryAt);
    }

    /// <summary>
    /// A correct password: the account starts afresh. A few rows idle for a day (names tried once and never again) are
    /// pruned on the way, oldest first through the index.
    /// </summary>
    public async Task SucceededAsync(string loginKey, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("""
            DELETE FROM sign_in_throttle
            WHERE login_key = @loginKey
               OR login_key IN (SELECT login_key FROM sign_in_throttle WHERE last_attempt_at < @stale ORDER BY last_attempt_at LIMIT 100)
            """, new { loginKey, stale = now.AddDays(-1).UtcDateTime }, cancellationToken: ct));
    }
}
