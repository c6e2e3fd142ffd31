using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;

namespace StoreSync.Tests.Ai;

/// <summary>The provider app with its background workers running (bulk jobs, embedding worker).</summary>
public sealed class BulkAiApp : AiProviderApp
{
    public BulkAiApp()
    {
        With("Ai:BackgroundWorkers", "true");
        With("Ai:EmbeddingInterval", "00:00:00.200");
        With("Ai:JobPollInterval", "00:00:00.200");
    }
}

public sealed class BulkGenerationTests(BulkAiApp app) : IClassFixture<BulkAiApp>
{
    private static async Task<JsonElement> WaitForJobAsync(HttpClient client, Uri location)
    {
        var deadline = DateTime.UtcNow.AddSeconds(30);
        while (true)
        {
            var job = await client.GetFromJsonAsync<JsonElement>(location);
            if (job.GetProperty("status").GetString() is "succeeded" or "failed" || DateTime.UtcNow > deadline) return job;
            await Task.Delay(100);
        }
    }

    [Fact]
    public async Task BulkGenerationRunsInTheBackgroundAndReportsProgressAndPerCampaignErrors()
    {
        var brand = await app.CreateBrandAsync();
        var location = await app.CreateLocationAsync(brand);
        var (_, client) = await app.SignInAsNewAsync("brandManager", [brand]);
        var drafts = new List<Guid>();
        for (var i = 0; i < 5; i++) drafts.Add(await app.CreateCampaignAsync(brand, location, $"Draft {i}", $"Template text {i}"));
        var approved = await app.CreateCampaignAsync(brand, location, "Approved", "Locked text", "approved");
        var other = await app.CreateBrandAsync();
        var otherBrands = await app.CreateCampaignAsync(other, await app.CreateLocationAsync(other), "Other", "Other brand text");

        var response = await client.PostAsJsonAsync("/api/v1/campaigns/generate-bulk",
            new { campaignIds = drafts.Append(approved).Append(otherBrands), instructions = "Keep it short" });

        Assert.Equal(HttpStatusCode.Accepted, response.StatusCode);
        Assert.StartsWith("/api/v1/ai/jobs/", response.Headers.Location!.ToString());
        var job = await WaitForJobAsync(client, response.Headers.Location);
        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(7, job.GetProperty("total").GetInt32());
        Assert.Equal(7, job.GetProperty("processed").GetInt32());
        Assert.Equal(5, job.GetProperty("succeeded").GetInt32());
        Assert.Equal(2, job.GetProperty("failed").GetInt32());
        var errors = job.GetProperty("errors").EnumerateArray().ToDictionary(e => e.GetProperty("campaignId").GetGuid(), e => e.GetProperty("message").GetString());
        Assert.Contains("approved", errors[approved]);
        Assert.Contains("not visible", errors[otherBrands]);

        await using var conn = await app.Db.OpenConnectionAsync();
        Assert.Equal(5, await conn.ExecuteScalarAsync<int>(
            "SELECT count(*) FROM campaigns WHERE id = ANY(@drafts) AND generated_content = 'AI copy' AND version = 2", new { drafts = drafts.ToArray() }));
        Assert.Null(await conn.ExecuteScalarAsync<string?>("SELECT generated_content FROM campaigns WHERE id = @otherBrands", new { otherBrands }));
        Assert.All(app.Fake.ChatRequests.Where(r => r.Body.GetProperty("messages").ToString().Contains("Draft ")),
            r => Assert.Contains("Keep it short", r.Body.GetProperty("messages").ToString()));
    }

    [Fact]
    public async Task AJobLeftRunningByACrashedWorkerIsResumedWhereItStopped()
    {
        var brand = await app.CreateBrandAsync();
        var location = await app.CreateLocationAsync(brand);
        var (user, client) = await app.SignInAsNewAsync("brandManager", [brand]);
        var done = await app.CreateCampaignAsync(brand, location, "Done before the crash", "Template text");
        var left = await app.CreateCampaignAsync(brand, location, "Left after the crash", "Template text");
        var jobId = Guid.CreateVersion7();
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO ai_jobs (id, status, created_by, campaign_ids, total, processed, succeeded, started_at, heartbeat_at)
                VALUES (@jobId, 'running', @userId, @ids, 2, 1, 1, now() - interval '20 minutes', now() - interval '10 minutes')
                """, new { jobId, userId = user.Id, ids = new[] { done, left } });

        var job = await WaitForJobAsync(client, new Uri($"/api/v1/ai/jobs/{jobId}", UriKind.Relative));

        Assert.Equal("succeeded", job.GetProperty("status").GetString());
        Assert.Equal(2, job.GetProperty("processed").GetInt32());
        Assert.Equal(2, job.GetProperty("succeeded").GetInt32());
        await using var check = await app.Db.OpenConnectionAsync();
        Assert.Null(await check.ExecuteScalarAsync<string?>("SELECT generated_content FROM campaigns WHERE id = @done", new { done }));
        Assert.Equal("AI copy", await check.ExecuteScalarAsync<string?>("SELECT generated_content FROM campaigns WHERE id = @left", new { left }));
    }

    [Fact]
    public async Task GeneratedContentIsEmbeddedInTheBackgroundWithoutAnyCall()
    {
        var brand = await app.CreateBrandAsync();
        var (_, client) = await app.SignInAsNewAsync("brandManager", [brand]);
        var id = await app.CreateCampaignAsync(brand, await app.CreateLocationAsync(brand), "Background", "Template text");
        await client.GenerateAsync(id, new { useSimilar = false });

        await using var conn = await app.Db.OpenConnectionAsync();
        var expected = StoreSync.Functions.Ai.CampaignEmbeddings.HashOf(StoreSync.Functions.Ai.CampaignEmbeddings.TextOf("Background", "AI copy"));
        var deadline = DateTime.UtcNow.AddSeconds(15);
        byte[]? hash = null;
        while (DateTime.UtcNow < deadline)
        {
            hash = await conn.ExecuteScalarAsync<byte[]?>("SELECT content_hash FROM campaign_embeddings WHERE campaign_id = @id", new { id });
            if (hash is not null && hash.AsSpan().SequenceEqual(expected)) break;
            await Task.Delay(100);
        }
        Assert.Equal(expected, hash);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(501)]
    public async Task BulkRequestsWithNoneOrMoreThan500CampaignsAre400(int count)
    {
        var (_, client) = await app.SignInAsNewAsync("admin");
        var response = await client.PostAsJsonAsync("/api/v1/campaigns/generate-bulk",
            new { campaignIds = Enumerable.Range(0, count).Select(_ => Guid.NewGuid()) });
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task ViewersCannotStartBulkGeneration()
    {
        var (_, viewer) = await app.SignInAsNewAsync("viewer", [await app.CreateBrandAsync()]);
        var response = await viewer.PostAsJsonAsync("/api/v1/campaigns/generate-bulk", new { campaignIds = new[] { Guid.NewGuid() } });
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
    }

    [Fact]
    public async Task AnotherUsersJobIs404()
    {
        var brand = await app.CreateBrandAsync();
        var (_, owner) = await app.SignInAsNewAsync("brandManager", [brand]);
        var response = await owner.PostAsJsonAsync("/api/v1/campaigns/generate-bulk", new { campaignIds = new[] { Guid.NewGuid() } });
        var (_, stranger) = await app.SignInAsNewAsync("brandManager", [brand]);
        Assert.Equal(HttpStatusCode.NotFound, (await stranger.GetAsync(response.Headers.Location)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await owner.GetAsync(response.Headers.Location)).StatusCode);
    }
}
