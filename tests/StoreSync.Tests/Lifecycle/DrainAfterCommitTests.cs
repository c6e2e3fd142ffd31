using System.Net;
using System.Net.Http.Json;
using Dapper;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Lifecycle;

/// <summary>The app with a mocked Durable client where a [DurableClient] binding would give the Functions app its client.</summary>
public sealed class MockDurableClientApp : StoreSyncApp
{
    public Mock<DurableTaskClient> Client { get; } = new("test");

    protected override void ConfigureTestServices(IServiceCollection services) => services.AddSingleton(Client.Object);
}

/// <summary>
/// The workflow functions take a [DurableClient] and deliver what they committed as soon as the response is out (the
/// Functions app has no NOTIFY pump; its timer drain only runs every 5 s). Moq for the client, as Microsoft suggests for
/// Durable Functions unit tests; the database and the HTTP pipeline are real.
/// </summary>
public sealed class DrainAfterCommitTests(MockDurableClientApp app) : IClassFixture<MockDurableClientApp>
{
    private async Task<(Guid Id, HttpClient Author, HttpClient Reviewer)> DraftAsync()
    {
        var setup = await app.CreateCampaignSetupAsync();
        var (_, author) = await app.SignInAsNewAsync("brandManager", [setup.BrandId]);
        var (_, reviewer) = await app.SignInAsNewAsync("brandManager", [setup.BrandId]);
        var id = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2));
        return (id, author, reviewer);
    }

    private async Task<(int Rows, int Attempts)> OutboxAsync(Guid id)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return await conn.QuerySingleAsync<(int, int)>(
            "SELECT count(*)::int, coalesce(max(attempts), 0)::int FROM lifecycle_outbox WHERE campaign_id = @id", new { id });
    }

    private static async Task EventuallyAsync(Func<Task<bool>> condition)
    {
        var until = DateTime.UtcNow.AddSeconds(10);
        while (!await condition() && DateTime.UtcNow < until) await Task.Delay(50);
        Assert.True(await condition());
    }

    private IEnumerable<IInvocation> CallsFor(Guid id) =>
        app.Client.Invocations.Where(i => i.Arguments.Any(a => a is string s && s == id.ToString("D")
                                                               || a is StartOrchestrationOptions o && o.InstanceId == id.ToString("D")));

    [Fact]
    public async Task ASubmitStartsTheCampaignsOrchestrationRightAfterItsResponseAndLeavesNoOutboxRow()
    {
        var (id, author, _) = await DraftAsync();

        var response = await author.PostAsJsonAsync($"/api/v1/campaigns/{id}/submit", new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await EventuallyAsync(async () => (await OutboxAsync(id)).Rows == 0);
        app.Client.Verify(c => c.ScheduleNewOrchestrationInstanceAsync(It.Is<TaskName>(n => n.Name == "CampaignLifecycle"), It.IsAny<object?>(),
            It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == id.ToString("D")), It.IsAny<CancellationToken>()), Times.Once);
    }

    [Fact]
    public async Task AnUnreachableTaskHubStillAnswers200AndLeavesTheRowForTheTimerDrain()
    {
        var (id, author, _) = await DraftAsync();
        app.Client.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<TaskName>(), It.IsAny<object?>(),
                It.Is<StartOrchestrationOptions?>(o => o!.InstanceId == id.ToString("D")), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new HttpRequestException("task hub unreachable"));

        var response = await author.PostAsJsonAsync($"/api/v1/campaigns/{id}/submit", new { });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await EventuallyAsync(async () => (await OutboxAsync(id)).Attempts == 1);
        Assert.Equal(1, (await OutboxAsync(id)).Rows);
        Assert.Equal("pendingReview", await app.StatusOfAsync(id));
    }

    [Fact]
    public async Task ARefusedActionDeliversNothing()
    {
        var (id, author, _) = await DraftAsync();
        Assert.Equal(HttpStatusCode.OK, (await author.PostAsJsonAsync($"/api/v1/campaigns/{id}/submit", new { })).StatusCode);
        await EventuallyAsync(async () => (await OutboxAsync(id)).Rows == 0);
        var before = CallsFor(id).Count();

        var again = await author.PostAsJsonAsync($"/api/v1/campaigns/{id}/submit", new { });

        Assert.Equal(HttpStatusCode.Conflict, again.StatusCode);
        await Task.Delay(300);
        Assert.Equal(before, CallsFor(id).Count());
    }

    [Fact]
    public async Task DeletingARevisedDraftEndsItsWaitingOrchestration()
    {
        var (id, author, reviewer) = await DraftAsync();
        app.Client.Setup(c => c.GetInstanceAsync(id.ToString("D"), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ReturnsAsync(new OrchestrationMetadata("CampaignLifecycle", id.ToString("D")) { RuntimeStatus = OrchestrationRuntimeStatus.Running });
        foreach (var (client, action, body) in new[] { (author, "submit", (object)new { }), (reviewer, "reject", new { comment = "No" }), (author, "revise", new { }) })
            Assert.Equal(HttpStatusCode.OK, (await client.PostAsJsonAsync($"/api/v1/campaigns/{id}/{action}", body)).StatusCode);

        Assert.Equal(HttpStatusCode.NoContent, (await author.DeleteAsync($"/api/v1/campaigns/{id}")).StatusCode);

        await EventuallyAsync(async () => (await OutboxAsync(id)).Rows == 0);
        Assert.True(CallsFor(id).Any(i => i.Method.Name == nameof(DurableTaskClient.TerminateInstanceAsync)),
            string.Join("; ", CallsFor(id).Select(i => i.Method.Name)));
    }

    [Fact]
    public async Task ABulkSubmitDeliversEveryCampaignItCommittedInBatches()
    {
        var setup = await app.CreateCampaignSetupAsync();
        var (_, author) = await app.SignInAsNewAsync("brandManager", [setup.BrandId]);
        var ids = await app.CreateCampaignsAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2), count: 450);

        var response = await author.PostAsJsonAsync("/api/v1/campaigns/bulk/submit", new { campaignIds = ids });

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        await EventuallyAsync(async () =>
        {
            await using var conn = await app.Db.OpenConnectionAsync();
            return await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM lifecycle_outbox WHERE campaign_id = ANY(@ids)", new { ids }) == 0;
        });
        Assert.All(ids, id => Assert.Single(CallsFor(id), i => i.Method.Name == nameof(DurableTaskClient.ScheduleNewOrchestrationInstanceAsync)));
    }
}
