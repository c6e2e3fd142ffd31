using Dapper;
using Npgsql;
using StoreSync.Data.Db;
using StoreSync.Data.Migrations;

namespace StoreSync.Tests.Infrastructure;

/// <summary>
/// Real PostgreSQL + pgvector for tests. A template database is migrated once per migration set
/// (its name carries the migrations' fingerprint); each test class gets a fresh clone of it.
/// </summary>
public static class TestDatabase
{
    /// <summary>Server to test against: STORESYNC_TEST_DB, else the private cluster of scripts/db.sh.</summary>
    public static string ServerConnectionString { get; } =
        Environment.GetEnvironmentVariable("STORESYNC_TEST_DB") ?? "Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres";

    private static readonly SemaphoreSlim TemplateLock = new(1, 1);
    private static string? _template;

    public static string TemplateName => $"storesync_tpl_{MigrationRunner.Fingerprint}";

    public static string ConnectionStringFor(string database) =>
        new NpgsqlConnectionStringBuilder(ServerConnectionString) { Database = database, Pooling = true }.ConnectionString;

    /// <summary>Creates a fresh database cloned from the migrated template and returns its connection string.</summary>
    public static async Task<(string Name, string ConnectionString)> CreateAsync()
    {
        var template = await EnsureTemplateAsync();
        var name = "storesync_t_" + Guid.NewGuid().ToString("N")[..16];
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
        // CREATE DATABASE ... TEMPLATE needs the template to have no other sessions; retry briefly if one lingers.
        for (var attempt = 0; ; attempt++)
        {
            try
            {
                await conn.ExecuteAsync($"CREATE DATABASE \"{name}\" TEMPLATE \"{template}\"");
                break;
            }
            catch (PostgresException e) when (e.SqlState == "55006" && attempt < 50)
            {
                await Task.Delay(100);
            }
        }
        return (name, ConnectionStringFor(name));
    }

    public static async Task DropAsync(string name)
    {
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
        await conn.ExecuteAsync($"DROP DATABASE IF EXISTS \"{name}\" WITH (FORCE)");
    }

    /// <summary>Creates an empty database (no migrations), for migration tests.</summary>
    public static async Task<(string Name, string ConnectionString)> CreateEmptyAsync()
    {
        var name = "storesync_e_" + Guid.NewGuid().ToString("N")[..16];
        await using var conn = new NpgsqlConnection(ServerConnectionString);
        await conn.OpenAsync();
        await conn.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        return (name, ConnectionStringFor(name));
    }

    private static async Task<string> EnsureTemplateAsync()
    {
        if (_template is not null) return _template;
        await TemplateLock.WaitAsync();
        try
        {
            if (_template is not null) return _template;
            await using var conn = new NpgsqlConnection(ServerConnectionString);
            await conn.OpenAsync();
            // Several test processes (or worktrees) may race to build the same template: serialise on the server.
            await conn.ExecuteAsync("SELECT pg_advisory_lock(7355608)");
            try
            {
                var exists = await conn.ExecuteScalarAsync<bool>("SELECT EXISTS (SELECT 1 FROM pg_database WHERE datname = @n AND datistemplate)", new { n = TemplateName });
                if (!exists)
                {
                    await conn.ExecuteAsync($"DROP DATABASE IF EXISTS \"{TemplateName}\" WITH (FORCE)");
                    await conn.ExecuteAsync($"CREATE DATABASE \"{TemplateName}\"");
                    await using (var ds = DataSourceFactory.Create(ConnectionStringFor(TemplateName)))
                        await MigrationRunner.ApplyAsync(ds);
                    NpgsqlConnection.ClearAllPools();
                    await conn.ExecuteAsync($"ALTER DATABASE \"{TemplateName}\" WITH IS_TEMPLATE true ALLOW_CONNECTIONS false");
                }
            }
            finally
            {
                await conn.ExecuteAsync("SELECT pg_advisory_unlock(7355608)");
            }
            _template = TemplateName;
            return _template;
        }
        finally
        {
            TemplateLock.Release();
        }
    }
}
