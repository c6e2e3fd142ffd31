using StoreSync.Data.Db;
using StoreSync.Data.Migrations;
using StoreSync.Functions.Hosting;

namespace StoreSync.LocalHost;

/// <summary>
/// One-shot commands of the development host: `migrate` applies migrations and exits; `seed-demo` migrates, then adds the
/// demo brands, stores, users, templates and campaigns (once) and prints the logins.
/// </summary>
public static class Commands
{
    public static async Task<int?> TryRunAsync(string[] args)
    {
        if (args.Length == 0 || args[0] is not ("migrate" or "seed-demo")) return null;
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
        if (args[0] == "seed-demo")
        {
            DapperSetup.Configure();
            var logins = await StoreSync.Functions.Demo.DemoData.SeedAsync(db, TimeProvider.System);
            if (logins is null)
            {
                Console.WriteLine("seed-demo: the demo data is already there (brand 'northwind' exists); nothing changed. " +
                                  "Its logins, with the passwords they were seeded with (unless changed since):");
                StoreSync.Functions.Demo.DemoData.PrintLogins(StoreSync.Functions.Demo.DemoData.Logins(_ => true), Console.Out);
                return 0;
            }
            Console.WriteLine($"seed-demo: created Northwind Coffee and Contoso Outdoor with {StoreSync.Functions.Demo.DemoData.LocationsPerBrand} stores each, templates and campaigns.");
            StoreSync.Functions.Demo.DemoData.PrintLogins(logins, Console.Out);
        }
        return 0;
    }
}
