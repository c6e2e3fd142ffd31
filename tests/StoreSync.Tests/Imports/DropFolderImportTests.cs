using Dapper;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Imports;

/// <summary>Standalone mode: a file copied into {DropFolder}/{brandSlug}/ goes through the same blob function.</summary>
public sealed class FastDropFolderApp : StoreSyncApp
{
    public FastDropFolderApp() => With("Standalone:DropFolderPollInterval", "00:00:00.200");
}

public sealed class DropFolderImportTests(FastDropFolderApp app) : IClassFixture<FastDropFolderApp>
{
    [Fact]
    public async Task AFileDroppedInTheBrandsFolderIsImportedAndMovedToProcessed()
    {
        var slug = "drop-" + Guid.NewGuid().ToString("N")[..8];
        var brandId = await app.CreateBrandAsync(null, slug);
        _ = app.Services; // starts the app, and with it the watcher
        var folder = Path.Combine(app.DropFolder, slug);
        Directory.CreateDirectory(folder);
        var staging = Path.Combine(app.DropFolder, ".upload-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(staging, Sheets.Csv([["Store", "Name"], ["D1", "Dropped one"], ["D2", "Dropped two"]]));
        File.Move(staging, Path.Combine(folder, "stores.csv")); // appears complete, as a finished copy would

        dynamic? job = null;
        var deadline = DateTime.UtcNow.AddSeconds(20);
        while (job is null && DateTime.UtcNow < deadline)
        {
            await Task.Delay(100);
            await using var conn = await app.Db.OpenConnectionAsync();
            job = await conn.QuerySingleOrDefaultAsync(
                "SELECT status, source, file_name, created FROM import_jobs WHERE brand_id = @brandId AND finished_at IS NOT NULL", new { brandId });
        }

        Assert.NotNull(job);
        Assert.Equal(("succeeded", "dropFolder", "stores.csv", 2), ((string)job!.status, (string)job.source, (string)job.file_name, (int)job.created));
        Assert.Equal(2, await app.ScalarAsync<int>("SELECT count(*) FROM locations WHERE brand_id = @brandId", new { brandId }));
        for (var i = 0; i < 50 && File.Exists(Path.Combine(folder, "stores.csv")); i++) await Task.Delay(100);
        Assert.False(File.Exists(Path.Combine(folder, "stores.csv")));
        Assert.Single(Directory.GetFiles(Path.Combine(app.DropFolder, ".processed", slug), "*stores.csv"));
    }

    [Fact]
    public async Task AFileThatCannotBeImportedIsMovedToFailedWithTheReason()
    {
        var slug = "dropbad-" + Guid.NewGuid().ToString("N")[..8];
        await app.CreateBrandAsync(null, slug);
        _ = app.Services;
        var folder = Path.Combine(app.DropFolder, slug);
        Directory.CreateDirectory(folder);
        var staging = Path.Combine(app.DropFolder, ".upload-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(staging, "PK\u0003\u0004 this is not a real workbook"u8.ToArray());
        File.Move(staging, Path.Combine(folder, "broken.xlsx"));

        string[] failed = [];
        for (var i = 0; i < 200 && failed.Length == 0; i++)
        {
            await Task.Delay(100);
            var dir = Path.Combine(app.DropFolder, ".failed", slug);
            failed = Directory.Exists(dir) ? Directory.GetFiles(dir, "*broken.xlsx") : [];
        }

        var moved = Assert.Single(failed);
        Assert.False(File.Exists(Path.Combine(folder, "broken.xlsx")));
        Assert.False(string.IsNullOrWhiteSpace(await File.ReadAllTextAsync(moved + ".error.txt")));
    }
}
