using Dapper;
using Npgsql;
using StoreSync.Data.Migrations;

namespace StoreSync.Functions.Health;

public static class HealthApi
{
    public sealed record HealthResponse(string Status, string Database, string? Pgvector, int SchemaVersion, int ExpectedSchemaVersion);

    /// <summary>Liveness and readiness: database, pgvector and schema version; 503 while the database is unreachable.</summary>
    internal static async Task<IResult> Check(NpgsqlDataSource db, ILogger<HealthResponse> logger, CancellationToken ct)
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
            return Results.Ok(new HealthResponse("ok", "ok", row.Pgvector, schema, MigrationRunner.LatestVersion));
        }
        catch (Exception e) when (e is NpgsqlException or OperationCanceledException or TimeoutException or System.Net.Sockets.SocketException)
        {
            logger.LogWarning("Health check: database unavailable ({Message})", e.Message);
            return Results.Problem(statusCode: 503, title: "Service unavailable", detail: "The database is unavailable.",
                extensions: new Dictionary<string, object?> { ["database"] = "unavailable" });
        }
    }
}
