using Dapper;
using Npgsql;
using StoreSync.Data.Db;
using StoreSync.Data.Migrations;

namespace StoreSync.Bench;

/// <summary>A fresh, migrated database on the benchmark server (STORESYNC_BENCH_DB or the private cluster), dropped afterwards.</summary>
public sealed class BenchDatabase : IAsyncDisposable
{
    public static string Server { get; } =
        Environment.GetEnvironmentVariable("STORESYNC_BENCH_DB") ?? "Host=127.0.0.1;Port=54329;Username=postgres;Database=postgres";

    public string Name { get; }
    public string ConnectionString { get; }
    public NpgsqlDataSource DataSource { get; }

    private BenchDatabase(string name, string cs)
    {
        Name = name;
        ConnectionString = cs;
        DapperSetup.Configure();
        DataSource = DataSourceFactory.Create(cs);
    }

    public static async Task<BenchDatabase> CreateAsync(string label)
    {
        var name = $"storesync_bench_{label}_{Guid.NewGuid().ToString("N")[..8]}";
        await using (var conn = new NpgsqlConnection(Server))
        {
            await conn.OpenAsync();
            await conn.ExecuteAsync($"CREATE DATABASE \"{name}\"");
        }
        var cs = new NpgsqlConnectionStringBuilder(Server) { Database = name, MaxPoolSize = 100 }.ConnectionString;
        var db = new BenchDatabase(name, cs);
        await MigrationRunner.ApplyAsync(db.DataSource);
        return db;
    }

    public async ValueTask DisposeAsync()
    {
        await DataSource.DisposeAsync();
        NpgsqlConnection.ClearAllPools();
        await using var conn = new NpgsqlConnection(Server);
        await conn.OpenAsync();
        await conn.ExecuteAsync($"DROP DATABASE IF EXISTS \"{Name}\" WITH (FORCE)");
    }
}

public static class Stats
{
    public static double Percentile(IReadOnlyList<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p / 100.0 * sorted.Count) - 1, 0, sorted.Count - 1)];

    public static string Verdict(bool ok) => ok ? "PASS" : "FAIL";
}
