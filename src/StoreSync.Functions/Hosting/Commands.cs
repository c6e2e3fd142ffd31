using StoreSync.Data.Db;
using StoreSync.Data.Migrations;

namespace StoreSync.Functions.Hosting;

/// <summary>One-shot commands of the same executable: `migrate` applies migrations and exits.</summary>
public static class Commands
{
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] != "migrate") return null;
        var cs = Environment.GetEnvironmentVariable(DatabaseOptions.EnvironmentVariable);
        if (string.IsNullOrWhiteSpace(cs))
        {
            Console.Error.WriteLine("Missing setting STORESYNC_DB: the PostgreSQL (with pgvector) connection string.");
            return 2;
        }
        await using var db = DataSourceFactory.Create(cs);
        var applied = await MigrationRunner.ApplyAsync(db);
        Console.WriteLine(applied.Count == 0
            ? $"migrate: schema is up to date (version {MigrationRunner.LatestVersion})"
            : $"migrate: applied {string.Join(", ", applied.Select(m => m.Name))}; schema version {MigrationRunner.LatestVersion}");
        return 0;
    }
}
