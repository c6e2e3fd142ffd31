using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Imports;

/// <summary>An app with small limits: 4 KB files, 5 data rows, progress written every 2 rows.</summary>
public sealed class SmallImportLimitsApp : StoreSyncApp
{
    public SmallImportLimitsApp()
    {
        With("Imports:MaxFileBytes", "4096");
        With("Imports:MaxRows", "5");
        With("Imports:ProgressEvery", "2");
    }
}

public sealed class ImportLimitTests(SmallImportLimitsApp app) : IClassFixture<SmallImportLimitsApp>
{
    private static byte[] Rows(int count) =>
        Sheets.Csv([["Store", "Name"], .. Enumerable.Range(1, count).Select(i => new object?[] { i.ToString(), $"Store {i}" })]);

    private static byte[] Padded(int size) => Encoding.UTF8.GetBytes("Store,Name,Notes\r\n1,One," + new string('x', size - 26) + "\r\n");

    [Fact]
    public async Task AnUploadOverMaxFileBytesIs413AndRecordsNoJob()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync("lim");

        var response = await client.UploadAsync(brandId, "big.csv", Padded(4097));

        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("4,096", (await response.Content.ReadFromJsonAsync<JsonElement>()).Str("detail"));
        Assert.Equal(0, await app.ScalarAsync<int>("SELECT count(*) FROM import_jobs WHERE brand_id = @brandId", new { brandId }));
    }

    [Fact]
    public async Task AFileOfExactlyMaxFileBytesIsAccepted()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync("lim");

        var job = await client.ImportAsync(brandId, "edge.csv", Padded(4096));

        Assert.Equal("succeeded", job.Str("status"));
        Assert.Equal(4096, job.GetProperty("size").GetInt64());
    }

    [Fact]
    public async Task ABlobOverMaxFileBytesFailsItsJobWithoutARetry()
    {
        var (brandId, slug, _) = await app.BrandWithManagerAsync("lim");

        await app.WriteBlobAsync($"{slug}/big-{slug}.csv", Padded(5000));
        var result = await app.WaitForBlobJobAsync($"big-{slug}.csv");

        Assert.Equal("failed", result.Str("status"));
        Assert.Contains("the limit is 4,096 bytes", result.Str("message"));
        Assert.Equal(brandId.ToString(), result.Str("brandId"));
    }

    [Fact]
    public async Task AFileWithMoreThanMaxRowsFailsAndAppliesNothing()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync("lim");

        var tooMany = await client.ImportAsync(brandId, "six.csv", Rows(6));
        var enough = await client.ImportAsync(brandId, "five.csv", Rows(5));

        Assert.Equal("failed", tooMany.Str("status"));
        Assert.Contains("more than 5 data rows", tooMany.Str("message"));
        Assert.Equal(("succeeded", 5, 5), (enough.Str("status"), enough.Int("created"), enough.Int("processedRows")));
        Assert.Equal(5, await app.ScalarAsync<int>("SELECT count(*) FROM locations WHERE brand_id = @brandId", new { brandId }));
    }

    [Fact]
    public async Task ProgressIsVisibleWhileTheJobRunsAndNothingBeforeItCommits()
    {
        var (brandId, _, client) = await app.BrandWithManagerAsync("lim");
        await app.CreateLocationAsync(brandId, "5", name: "Old five");
        // Hold a lock on store 5: the job reads and stages every row, then waits in its upsert until we let go.
        await using var conn = await app.Db.OpenConnectionAsync();
        await using var tx = await conn.BeginTransactionAsync();
        await Dapper.SqlMapper.ExecuteAsync(conn, "SELECT 1 FROM locations WHERE brand_id = @brandId AND store_number = '5' FOR UPDATE", new { brandId }, tx);

        var response = await client.UploadAsync(brandId, "five.csv", Rows(5));
        var url = response.Headers.Location!.OriginalString;
        JsonElement job;
        var deadline = DateTime.UtcNow.AddSeconds(30);
        do
        {
            await Task.Delay(50);
            job = await client.GetFromJsonAsync<JsonElement>(url);
        } while (job.Int("processedRows") < 4 && DateTime.UtcNow < deadline);

        Assert.Equal(("running", 4), (job.Str("status"), job.Int("processedRows")));
        Assert.NotNull(job.Str("startedAt"));
        Assert.Equal(1, await app.ScalarAsync<int>("SELECT count(*) FROM locations WHERE brand_id = @brandId", new { brandId }));
        await tx.RollbackAsync();
        var done = await client.WaitForAsync(url);
        Assert.Equal(("succeeded", 5, 4, 1), (done.Str("status"), done.Int("processedRows"), done.Int("created"), done.Int("updated")));
    }
}
