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

    [Fact]
    public async Task TheEmbeddingsMigrationUpgradesADatabaseThatAlreadyHasEmbeddings()
    {
        // Found by running scripts/run.sh over an existing database: the per-model index migration failed there (55006),
        // while every fresh database (tests, CI) passed it.
        var (name, cs) = await TestDatabase.CreateEmptyAsync();
        try
        {
            await using var db = DataSourceFactory.Create(cs);
            await using (var conn = await db.OpenConnectionAsync())
            {
                await conn.ExecuteAsync("CREATE TABLE schema_migrations (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())");
                foreach (var m in MigrationRunner.All.Where(m => m.Version < 70))
                {
                    await conn.ExecuteAsync(m.Sql);
                    await conn.ExecuteAsync("INSERT INTO schema_migrations (version, name) VALUES (@Version, @Name)", new { m.Version, m.Name });
                }
                await conn.ExecuteAsync("""
                    INSERT INTO brands (id, name, slug) VALUES ('00000000-0000-7000-8000-000000000001', 'B', 'brand-b');
                    INSERT INTO locations (id, brand_id, store_number, name, time_zone)
                    VALUES ('00000000-0000-7000-8000-000000000002', '00000000-0000-7000-8000-000000000001', '1', 'S', 'UTC');
                    INSERT INTO templates (id, brand_id, name, content)
                    VALUES ('00000000-0000-7000-8000-000000000003', '00000000-0000-7000-8000-000000000001', 'T', 'x');
                    INSERT INTO campaigns (id, brand_id, location_id, template_id, name, rendered_content, status)
                    VALUES ('00000000-0000-7000-8000-000000000004', '00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000002',
                            '00000000-0000-7000-8000-000000000003', 'C', 'x', 'draft');
                    INSERT INTO campaign_embeddings (campaign_id, brand_id, location_id, model, content_hash, embedding)
                    VALUES ('00000000-0000-7000-8000-000000000004', '00000000-0000-7000-8000-000000000001', '00000000-0000-7000-8000-000000000002',
                            'local-hash-v1', '\x00', array_fill(0.1, ARRAY[1536])::vector);
                    """);
            }

            var applied = await MigrationRunner.ApplyAsync(db);

            Assert.Contains(applied, m => m.Version == 70);
            await using var check = await db.OpenConnectionAsync();
            Assert.True(await check.ExecuteScalarAsync<bool>(
                "SELECT to_regclass(campaign_embeddings_index_name('local-hash-v1', 1536)) IS NOT NULL"));
        }
        finally
        {
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
