using Dapper;
using Npgsql;
using StoreSync.Data.Migrations;
using StoreSync.Functions.Mail;

namespace StoreSync.Functions.Health;

public static class HealthApi
{
    /// <summary><paramref name="Mail"/>: ok, degraded (the SMTP server cannot be reached: mail waits in the outbox) or disabled (no Mail:Host).</summary>
    public sealed record HealthResponse(string Status, string Database, string? Pgvector, int SchemaVersion, int ExpectedSchemaVersion, string Mail);

    /// <summary>
    /// Liveness and readiness: database, pgvector, schema version and mail; 503 while the database is unreachable. Mail that
    /// cannot be sent leaves the status 200: the app works and the mail waits.
    /// </summary>
    internal static async Task<IResult> Check(NpgsqlDataSource db, MailHealth mail, ILogger<HealthResponse> logger, CancellationToken ct)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
        timeout.CancelAfter(TimeSpan.FromSeconds(3));
        try
        {
            await using var conn = await db.OpenConnectionAsync(timeout.Token);
            var row = await conn.QuerySingleAsync<(string? Pgvector, bool HasMigrations)>(new CommandDefinition("""
                SELECT (SELECT extversion FROM pg_extension WHERE extname = 'vector'),
                       to_regclass('schema_migrations') IS NOT NULL
                """, cancellationToken: timeout.Token));
            var schema = row.HasMigrations ? await MigrationRunner.CurrentVersionAsync(conn, timeout.Token) : 0;
            return Results.Ok(new HealthResponse("ok", "ok", row.Pgvector, schema, MigrationRunner.LatestVersion, await mail.StatusAsync(ct)));
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            logger.LogWarning("Health check: database unavailable ({Message})", e.Message);
            return Results.Problem(statusCode: 503, title: "Service unavailable", detail: "The database is unavailable.",
                extensions: new Dictionary<string, object?> { ["database"] = "unavailable" });
        }
    }
}
