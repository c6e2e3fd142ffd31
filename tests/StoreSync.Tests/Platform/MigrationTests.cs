using Dapper;
using Npgsql;
using StoreSync.Data.Db;
using StoreSync.Data.Migrations;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Platform;

public sealed class MigrationTests
{
    [Fact]
    public async Task MigrationsAreNumberedUniquelyAndStartWithTheVectorExtension()
    {
        Assert.NotEmpty(MigrationRunner.All);
        Assert.Equal(MigrationRunner.All.Select(m => m.Version).Distinct().Count(), MigrationRunner.All.Count);
        Assert.Contains("CREATE EXTENSION IF NOT EXISTS vector", MigrationRunner.All[0].Sql);
        await Task.CompletedTask;
    }

    [Fact]
    public async Task ApplyingTwiceChangesNothingTheSecondTime()
    {
        var (name, cs) = await TestDatabase.CreateEmptyAsync();
        try
        {
            await using var db = DataSourceFactory.Create(cs);
            var first = await MigrationRunner.ApplyAsync(db);
            var second = await MigrationRunner.ApplyAsync(db);
            Assert.Equal(MigrationRunner.All.Count, first.Count);
            Assert.Empty(second);
            await using var conn = await db.OpenConnectionAsync();
            Assert.Equal(MigrationRunner.All.Count, await conn.ExecuteScalarAsync<int>("SELECT count(*) FROM schema_migrations"));
            Assert.Equal("0.8.0", await conn.ExecuteScalarAsync<string>("SELECT extversion FROM pg_extension WHERE extname = 'vector'"));
        }
        finally
        {
            await TestDatabase.DropAsync(name);
        }
    }

    [Fact]
    public async Task ConcurrentStartsApplyEachMigrationExactlyOnce()
    {
        var (name, cs) = await TestDatabase.CreateEmptyAsync();
        try
        {
            var sources = Enumerable.Range(0, 4).Select(_ => DataSourceFactory.Create(cs)).ToList();
            var results = await Task.WhenAll(sources.Select(s => MigrationRunner.ApplyAsync(s)));
            Assert.Equal(MigrationRunner.All.Count, results.Sum(r => r.Count));
            await using var conn = new NpgsqlConnection(cs);
            await conn.OpenAsync();
            var versions = (await conn.QueryAsync<int>("SELECT version FROM schema_migrations ORDER BY version")).ToList();
            Assert.Equal(MigrationRunner.All.Select(m => m.Version), versions);
            foreach (var s in sources) await s.DisposeAsync();
        }
        finally
        {
            await TestDatabase.DropAsync(name);
        }
    }

    [Fact]
    public async Task AppStartOnAnEmptyDatabaseMigratesIt()
    {
        var (name, cs) = await TestDatabase.CreateEmptyAsync();
        var app = new StoreSyncApp();
        try
        {
            app.UseConnectionString(cs);
            var health = await app.CreateClient().GetStringAsync("/api/health");
            Assert.Contains($"\"schemaVersion\":{MigrationRunner.LatestVersion}", health);
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
            await TestDatabase.DropAsync(name);
        }
    }
}

public sealed class StartupValidationTests
{
    [Fact]
    public async Task AMissingConnectionStringStopsStartUpWithAMessageNamingTheSetting()
    {
        var app = new StoreSyncApp();
        app.UseConnectionString("");
        try
        {
            var thrown = Assert.ThrowsAny<Exception>(() => app.CreateClient());
            var messages = new List<string>();
            for (Exception? e = thrown; e is not null; e = e.InnerException) messages.Add(e.Message);
            if (thrown is AggregateException agg) messages.AddRange(agg.InnerExceptions.Select(i => i.Message));
            Assert.Contains(messages, m => m.Contains("STORESYNC_DB"));
        }
        finally
        {
            await ((IAsyncLifetime)app).DisposeAsync();
        }
    }
}
