using System.Reflection;
using System.Security.Cryptography;
using System.Text;
using Dapper;
using Npgsql;

namespace StoreSync.Data.Migrations;

public sealed record Migration(int Version, string Name, string Sql);

/// <summary>
/// Applies the numbered SQL files embedded in this assembly, in order, each in its own transaction,
/// recording them in schema_migrations. A session-level advisory lock makes concurrent starts safe:
/// the second instance waits, then finds nothing left to do.
/// </summary>
public static class MigrationRunner
{
    private const long AdvisoryLockKey = 0x53746f726553796e; // "StoreSyn"

    public static IReadOnlyList<Migration> All { get; } = Load();

    public static int LatestVersion => All.Count == 0 ? 0 : All[^1].Version;

    /// <summary>A short hash of every migration's text; names test template databases.</summary>
    public static string Fingerprint { get; } = Convert.ToHexString(
        SHA256.HashData(Encoding.UTF8.GetBytes(string.Join("\n--\n", All.Select(m => m.Name + m.Sql)))))[..12].ToLowerInvariant();

    public static async Task<IReadOnlyList<Migration>> ApplyAsync(NpgsqlDataSource dataSource, CancellationToken ct = default)
    {
        await using var conn = await dataSource.OpenConnectionAsync(ct);
        await conn.ExecuteAsync(new CommandDefinition("SELECT pg_advisory_lock(@key)", new { key = AdvisoryLockKey }, cancellationToken: ct));
        var applied = new List<Migration>();
        try
        {
            await conn.ExecuteAsync(new CommandDefinition("""
                CREATE TABLE IF NOT EXISTS schema_migrations (
                    version    integer PRIMARY KEY,
                    name       text NOT NULL,
                    applied_at timestamptz NOT NULL DEFAULT now())
                """, cancellationToken: ct));
            var done = (await conn.QueryAsync<int>(new CommandDefinition("SELECT version FROM schema_migrations", cancellationToken: ct))).ToHashSet();
            foreach (var m in All.Where(m => !done.Contains(m.Version)))
            {
                await using var tx = await conn.BeginTransactionAsync(ct);
                await conn.ExecuteAsync(new CommandDefinition(m.Sql, transaction: tx, cancellationToken: ct, commandTimeout: 600));
                await conn.ExecuteAsync(new CommandDefinition(
                    "INSERT INTO schema_migrations (version, name) VALUES (@Version, @Name)", new { m.Version, m.Name }, tx, cancellationToken: ct));
                await tx.CommitAsync(ct);
                applied.Add(m);
            }
        }
        finally
        {
            await conn.ExecuteAsync("SELECT pg_advisory_unlock(@key)", new { key = AdvisoryLockKey });
        }
        if (applied.Count > 0)
        {
            // A fresh database just got the vector type: let Npgsql learn about it.
            await conn.ReloadTypesAsync(ct);
        }
        return applied;
    }

    /// <summary>The highest applied migration; call only when schema_migrations exists.</summary>
    public static async Task<int> CurrentVersionAsync(NpgsqlConnection conn, CancellationToken ct = default) =>
        await conn.ExecuteScalarAsync<int?>(new CommandDefinition("SELECT max(version) FROM schema_migrations", cancellationToken: ct)) ?? 0;

    private static List<Migration> Load()
    {
        var asm = Assembly.GetExecutingAssembly();
        var list = new List<Migration>();
        foreach (var res in asm.GetManifestResourceNames().Where(n => n.StartsWith("Migrations.") && n.EndsWith(".sql")))
        {
            var name = res["Migrations.".Length..^".sql".Length];
            var version = int.Parse(name[..name.IndexOf('_')]);
            using var stream = asm.GetManifestResourceStream(res)!;
            using var reader = new StreamReader(stream);
            list.Add(new Migration(version, name, reader.ReadToEnd()));
        }
        list.Sort((a, b) => a.Version.CompareTo(b.Version));
        for (var i = 1; i < list.Count; i++)
            if (list[i].Version == list[i - 1].Version)
                throw new InvalidOperationException($"Two migrations share version {list[i].Version}.");
        return list;
    }
}
