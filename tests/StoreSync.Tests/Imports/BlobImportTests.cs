using System.Text;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.DependencyInjection;
using StoreSync.Functions.Imports;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Imports;

/// <summary>Spreadsheets through Azure Storage for real (Azurite): uploads travel as blobs, and any blob in the container is imported.</summary>
public sealed class BlobImportTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static readonly byte[] TwoStores = Sheets.Csv([["Store", "Name"], ["1", "One"], ["2", "Two"]]);

    private BlobContainerClient Container => new(StoreSyncApp.StorageConnectionString, app.ImportsContainer);

    private static async Task<BlobProperties> ReceiptedAsync(BlobClient blob)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            BlobProperties properties = await blob.GetPropertiesAsync();
            if (properties.Metadata.ContainsKey(ImportBlobs.ReceiptKey)) return properties;
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"No import receipt on {blob.Name} after 30 s");
            await Task.Delay(50);
        }
    }

    [Fact]
    public async Task AnUploadIsStoredAsTheBlobOfItsJobAndImportedFromThere()
    {
        var (brandId, slug, client) = await app.BrandWithManagerAsync("up");

        var job = await client.ImportAsync(brandId, "stores.csv", TwoStores);

        Assert.Equal(("succeeded", 2), (job.Str("status"), job.Int("created")));
        var blob = Container.GetBlobClient($"{slug}/{job.Str("id")}/stores.csv");
        var properties = await ReceiptedAsync(blob); // the receipt is written just after the job ends
        Assert.Equal(TwoStores.Length, properties.ContentLength);
        Assert.Equal(job.Str("id"), properties.Metadata[ImportBlobs.ReceiptKey]);
        Assert.Equal("upload", job.Str("source"));
    }

    [Fact]
    public async Task AnImportedBlobIsDeliveredOnceAndLeftAlone()
    {
        var (brandId, slug, client) = await app.BrandWithManagerAsync("once");
        var job = await client.ImportAsync(brandId, "once.csv", TwoStores);
        var blob = Container.GetBlobClient($"{slug}/{job.Str("id")}/once.csv");
        var receipted = await ReceiptedAsync(blob);

        await Task.Delay(TimeSpan.FromSeconds(1.5)); // fifteen more listings of the container

        BlobProperties later = await blob.GetPropertiesAsync();
        Assert.Equal(receipted.ETag, later.ETag); // nothing rewrote it (a metadata write would, and look like a new version)
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT count(*) FROM import_jobs WHERE brand_id = @brandId", new { brandId }));
    }

    [Fact]
    public async Task ABlobWrittenStraightToTheContainerIsImportedForTheBrandOfItsFolder()
    {
        var (brandId, slug, _) = await app.BrandWithManagerAsync("straight");

        await app.WriteBlobAsync($"{slug}/weekly/{slug}-stores.csv", TwoStores);
        var job = await app.WaitForBlobJobAsync($"{slug}-stores.csv");

        Assert.Equal(("succeeded", 2, "blob"), (job.Str("status"), job.Int("created"), job.Str("source")));
        Assert.Equal(brandId.ToString(), job.Str("brandId"));
        Assert.Equal(2, await app.ScalarAsync<int>("SELECT count(*) FROM locations WHERE brand_id = @brandId", new { brandId }));
    }

    [Theory]
    [InlineData("", "not under a brand's folder")]
    [InlineData("no-such-brand/", "No brand has the slug 'no-such-brand'")]
    public async Task ABlobWhosePathNamesNoBrandIsAFailedJobThatAppliesNothing(string folder, string message)
    {
        var file = $"{Guid.NewGuid():N}.csv";

        await app.WriteBlobAsync(folder + file, TwoStores);
        var job = await app.WaitForBlobJobAsync(file);

        Assert.Equal("failed", job.Str("status"));
        Assert.Contains(message, job.Str("message"));
        Assert.Equal(0, job.Int("created"));
    }

    [Fact]
    public async Task AnEmptyBlobAndANonSpreadsheetAreFailedJobsSayingWhy()
    {
        var (_, slug, _) = await app.BrandWithManagerAsync("bad");

        await app.WriteBlobAsync($"{slug}/empty-{slug}.csv", []);
        await app.WriteBlobAsync($"{slug}/notes-{slug}.pdf", Encoding.UTF8.GetBytes("%PDF-1.7"));
        var empty = await app.WaitForBlobJobAsync($"empty-{slug}.csv");
        var pdf = await app.WaitForBlobJobAsync($"notes-{slug}.pdf");

        Assert.Equal(("failed", true), (empty.Str("status"), empty.Str("message")!.Contains("empty (0 bytes)")));
        Assert.Equal(("failed", true), (pdf.Str("status"), pdf.Str("message")!.Contains("Only .xlsx, .xls and .csv")));
    }

    [Fact]
    public async Task ACorruptBlobEndsAsOneFailedJobAndIsNeverRetried()
    {
        var (brandId, slug, _) = await app.BrandWithManagerAsync("corrupt");
        var name = $"broken-{slug}.xlsx";

        await app.WriteBlobAsync($"{slug}/{name}", Encoding.UTF8.GetBytes("this is not a zip archive"));
        var job = await app.WaitForBlobJobAsync(name);
        await Task.Delay(TimeSpan.FromSeconds(1.5)); // ten more listings of the container

        Assert.Equal("failed", job.Str("status"));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT count(*) FROM import_jobs WHERE file_name = @name", new { name }));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT count(*) FROM locations WHERE brand_id = @brandId", new { brandId }));
    }

    [Fact]
    public async Task TheBlobFunctionImportsABlobItIsHanded()
    {
        var (brandId, slug, _) = await app.BrandWithManagerAsync("fn");
        var container = new BlobContainerClient(StoreSyncApp.StorageConnectionString, "direct-" + Guid.NewGuid().ToString("N")[..12]);
        await container.CreateIfNotExistsAsync();
        try
        {
            var blob = container.GetBlobClient($"{slug}/handed.csv");
            await blob.UploadAsync(new BinaryData(TwoStores));
            var function = new LocationImportFunction(app.Services.GetRequiredService<ImportBlobs>());

            await function.Run(blob, blob.Name, CancellationToken.None);
            await function.Run(blob, blob.Name, CancellationToken.None); // delivered twice: imported once

            Assert.Equal(2, await app.ScalarAsync<int>("SELECT count(*) FROM locations WHERE brand_id = @brandId", new { brandId }));
            Assert.Equal(1, await app.ScalarAsync<int>("SELECT count(*) FROM import_jobs WHERE brand_id = @brandId", new { brandId }));
        }
        finally
        {
            await container.DeleteIfExistsAsync();
        }
    }
}

/// <summary>A host that starts after the file arrived.</summary>
public sealed class LateStartApp : StoreSyncApp;

public sealed class BlobWrittenWhileTheHostIsDownTests(LateStartApp app) : IClassFixture<LateStartApp>
{
    [Fact]
    public async Task AFileWrittenBeforeTheHostStartsIsImportedOnceItRuns()
    {
        var slug = "late-" + Guid.NewGuid().ToString("N")[..10];
        var brandId = await app.CreateBrandAsync("Late " + slug, slug);
        await app.WriteBlobAsync($"{slug}/early-{slug}.csv", Sheets.Csv([["Store", "Name"], ["9", "Nine"]]));

        var job = await app.WaitForBlobJobAsync($"early-{slug}.csv"); // starts the host

        Assert.Equal(("succeeded", 1), (job.Str("status"), job.Int("created")));
        Assert.Equal(brandId.ToString(), job.Str("brandId"));
    }
}
