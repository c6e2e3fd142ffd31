using Dapper;
using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Moq;
using StoreSync.Functions.Lifecycle;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Lifecycle;

/// <summary>
/// Real orchestrations (DurableTaskTestHost, timers of a few seconds) driven by the real HTTP actions through the outbox,
/// with the real activities on the app's database.
/// </summary>
public class CampaignLifecycleDurableTests(DurableLifecycleApp app) : IClassFixture<DurableLifecycleApp>
{
    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(30);

    private async Task<(CampaignSetup Setup, HttpClient Author, HttpClient Reviewer, StoreSyncApp.TestUser ReviewerUser)> WorldAsync(
        string? brandSettingsJson = null)
    {
        var setup = await app.CreateCampaignSetupAsync(brandSettingsJson: brandSettingsJson);
        var (_, author) = await app.SignInAsNewAsync("brandManager", [setup.BrandId]);
        var (reviewerUser, reviewer) = await app.SignInAsNewAsync("brandManager", [setup.BrandId]);
        return (setup, author, reviewer, reviewerUser);
    }

    [Fact]
    public async Task ApprovedAndScheduledCampaignGoesActiveAtItsStartAndCompletedAtItsEnd()
    {
        var (setup, author, reviewer, _) = await WorldAsync();
        var start = DateTimeOffset.UtcNow.AddSeconds(6);
        var end = start.AddSeconds(3);
        var id = await app.CreateCampaignAsync(setup, "draft", start, end);

        await app.ActAsync(author, id, "submit");
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await app.WaitForStartAsync(id)).RuntimeStatus);
        await app.ActAsync(reviewer, id, "approve");
        await app.ActAsync(reviewer, id, "schedule");

        var done = await app.WaitForCompletionAsync(id, Patience);
        Assert.Equal(OrchestrationRuntimeStatus.Completed, done.RuntimeStatus);
        Assert.Equal("completed", await app.StatusOfAsync(id));
        var history = await app.HistoryAsync(id);
        Assert.Equal(["submit", "approve", "schedule", "activate", "complete"], history.Select(h => h.Action));
        var activated = history.Single(h => h.Action == "activate");
        var completed = history.Single(h => h.Action == "complete");
        Assert.InRange(activated.At - start, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.InRange(completed.At - end, TimeSpan.Zero, TimeSpan.FromSeconds(5));
        Assert.Equal(start.ToUnixTimeMilliseconds() / 1000, activated.DueAt!.Value.ToUnixTimeMilliseconds() / 1000);
        Assert.Equal(0, await app.OutboxRowsAsync(id));
    }

    [Fact]
    public async Task RejectedCampaignWaitsForReviseAndResubmitThenForTheNextDecision()
    {
        var (setup, author, reviewer, _) = await WorldAsync();
        var id = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(3), DateTimeOffset.UtcNow.AddDays(4));

        await app.ActAsync(author, id, "submit");
        await app.ActAsync(reviewer, id, "reject", new { comment = "Wrong price" });
        await app.ActAsync(author, id, "revise");
        await app.ActAsync(author, id, "submit");
        await app.ActAsync(reviewer, id, "approve");
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await app.WaitForStartAsync(id)).RuntimeStatus);

        await app.ActAsync(reviewer, id, "cancel");
        var done = await app.WaitForCompletionAsync(id, Patience);
        Assert.Equal("\"cancelled\"", done.SerializedOutput);
        Assert.Equal(["submit", "reject", "revise", "submit", "approve", "cancel"], (await app.HistoryAsync(id)).Select(h => h.Action));
    }

    [Fact]
    public async Task CancelWhileWaitingOnTheStartTimerEndsTheOrchestrationWithoutActivating()
    {
        var (setup, author, reviewer, _) = await WorldAsync();
        var start = DateTimeOffset.UtcNow.AddSeconds(8);
        var id = await app.CreateCampaignAsync(setup, "draft", start, start.AddSeconds(5));
        await app.ActAsync(author, id, "submit");
        await app.ActAsync(reviewer, id, "approve");
        await app.ActAsync(reviewer, id, "schedule");

        await app.ActAsync(reviewer, id, "cancel");
        var done = await app.WaitForCompletionAsync(id, TimeSpan.FromSeconds(6));
        Assert.Equal("\"cancelled\"", done.SerializedOutput);
        Assert.True(DateTimeOffset.UtcNow < start, "ended before the start timer would have fired");
        await Task.Delay(start - DateTimeOffset.UtcNow + TimeSpan.FromSeconds(1));
        Assert.Equal("cancelled", await app.StatusOfAsync(id));
        Assert.DoesNotContain(await app.HistoryAsync(id), h => h.Action == "activate");
    }

    [Fact]
    public async Task ReviewWaitingLongerThanTheBrandsIntervalRemindsTheReviewerEachInterval()
    {
        // approvalReminderHours is data: 1.5 s here.
        var (setup, author, _, reviewerUser) = await WorldAsync("""{"approvalReminderHours": 0.000417}""");
        var id = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2));
        await app.ActAsync(author, id, "submit");

        var until = DateTime.UtcNow + TimeSpan.FromSeconds(20);
        List<string> keys;
        do
        {
            await Task.Delay(250);
            await using var conn = await app.Db.OpenConnectionAsync();
            keys = (await conn.QueryAsync<string>(
                "SELECT dedupe_key FROM notifications WHERE campaign_id = @id AND user_id = @user AND kind = 'reminder' ORDER BY created_at",
                new { id, user = reviewerUser.Id })).ToList();
        } while (keys.Count < 2 && DateTime.UtcNow < until);

        Assert.True(keys.Count >= 2, $"reminders: {string.Join(", ", keys)}");
        Assert.EndsWith(":1", keys[0]);
        Assert.EndsWith(":2", keys[1]);
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await app.WaitForStartAsync(id)).RuntimeStatus);
    }

    [Fact]
    public async Task CommittedTransitionWhoseEventWasNotSentIsDeliveredByTheNextDrain()
    {
        var (setup, author, _, _) = await WorldAsync();
        var id = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2));

        // The process "dies" after the commit: the row is there, no orchestration yet.
        await app.ActAsync(author, id, "submit", drain: false);
        Assert.Equal(1, await app.OutboxRowsAsync(id));
        Assert.Null(await app.InstanceAsync(id));

        var drained = await app.DrainAsync();
        Assert.True(drained.Started >= 1);
        Assert.Equal(0, await app.OutboxRowsAsync(id));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await app.WaitForStartAsync(id)).RuntimeStatus);
    }

    [Fact]
    public async Task FailedDeliveryKeepsTheRowForALaterDrain()
    {
        var (setup, author, _, _) = await WorldAsync();
        var id = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2));
        await app.ActAsync(author, id, "submit", drain: false);

        var broken = new Mock<DurableTaskClient>("broken");
        broken.Setup(c => c.GetInstanceAsync(It.IsAny<string>(), It.IsAny<bool>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("task hub unreachable"));
        broken.Setup(c => c.ScheduleNewOrchestrationInstanceAsync(It.IsAny<Microsoft.DurableTask.TaskName>(), It.IsAny<object?>(),
                It.IsAny<Microsoft.DurableTask.StartOrchestrationOptions?>(), It.IsAny<CancellationToken>()))
            .ThrowsAsync(new IOException("task hub unreachable"));
        var failed = await app.Outbox.DrainAsync(broken.Object, CancellationToken.None, campaignIds: [id]);
        Assert.Equal(1, failed.Failed);
        await using (var conn = await app.Db.OpenConnectionAsync())
        {
            var (attempts, error) = await conn.QuerySingleAsync<(int, string)>(
                "SELECT attempts, last_error FROM lifecycle_outbox WHERE campaign_id = @id", new { id });
            Assert.Equal((1, "task hub unreachable"), (attempts, error));
            await conn.ExecuteAsync("UPDATE lifecycle_outbox SET next_attempt_at = now() WHERE campaign_id = @id", new { id });
        }

        await app.DrainAsync();
        Assert.Equal(0, await app.OutboxRowsAsync(id));
        Assert.Equal(OrchestrationRuntimeStatus.Running, (await app.WaitForStartAsync(id)).RuntimeStatus);
    }

    [Fact]
    public async Task DuplicateDeliveryChangesNothing()
    {
        var (setup, author, reviewer, _) = await WorldAsync();
        var start = DateTimeOffset.UtcNow.AddSeconds(6);
        var id = await app.CreateCampaignAsync(setup, "draft", start, start.AddSeconds(2));
        await app.ActAsync(author, id, "submit");
        await app.ActAsync(reviewer, id, "approve");

        // A drain that died after its client call but before deleting its rows: every event comes again.
        await using (var conn = await app.Db.OpenConnectionAsync())
            await conn.ExecuteAsync("""
                INSERT INTO lifecycle_outbox (campaign_id, version, action, created_at, next_attempt_at)
                SELECT @id, v, a, now(), now() FROM (VALUES (2, 'submit'), (3, 'approve')) x(v, a)
                """, new { id });
        var again = await app.DrainAsync();
        Assert.Equal(2, again.Claimed);
        Assert.Equal(0, again.Started);
        await app.ActAsync(reviewer, id, "schedule");
        await app.DrainAsync();

        var done = await app.WaitForCompletionAsync(id, Patience);
        Assert.Equal("\"completed\"", done.SerializedOutput);
        Assert.Equal(["submit", "approve", "schedule", "activate", "complete"], (await app.HistoryAsync(id)).Select(h => h.Action));
    }

    [Fact]
    public async Task ReconciliationRestartsACampaignWithoutALiveOrchestrationFromTheDatabaseState()
    {
        var setup = await app.CreateCampaignSetupAsync();
        var start = DateTimeOffset.UtcNow.AddSeconds(4);
        // Scheduled before the orchestration existed (or its instance was lost): only the database knows.
        var id = await app.CreateCampaignAsync(setup, "scheduled", start, start.AddSeconds(2));

        var first = await app.Outbox.ReconcileAsync(app.Client, CancellationToken.None);
        Assert.True(first.Restarted >= 1, first.Summary);
        var second = await app.Outbox.ReconcileAsync(app.Client, CancellationToken.None);
        Assert.Equal(0, second.Failed);
        Assert.True(second.Healthy >= 1, second.Summary);

        var done = await app.WaitForCompletionAsync(id, Patience);
        Assert.Equal("\"completed\"", done.SerializedOutput);
        Assert.Equal(["activate", "complete"], (await app.HistoryAsync(id)).Select(h => h.Action));
    }

    [Fact]
    public async Task DeletedCampaignsWaitingOrchestrationIsEndedByTheDrain()
    {
        var (setup, author, reviewer, _) = await WorldAsync();
        var id = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2));
        await app.ActAsync(author, id, "submit");
        await app.ActAsync(reviewer, id, "reject", new { comment = "No" });
        await using (var conn = await app.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            await LifecycleOutbox.EnqueueAsync(conn, tx, [id], "delete", DateTimeOffset.UtcNow, CancellationToken.None);
            await conn.ExecuteAsync("DELETE FROM campaigns WHERE id = @id", new { id }, tx);
            await tx.CommitAsync();
        }
        await app.DrainAsync();
        var done = await app.WaitForCompletionAsync(id, TimeSpan.FromSeconds(10));
        Assert.Equal(OrchestrationRuntimeStatus.Terminated, done.RuntimeStatus);
    }

    [Fact]
    public async Task StatusReportsOrchestrationsByRuntimeStateTheOutboxBacklogAndTheLastReconciliation()
    {
        var (setup, author, _, _) = await WorldAsync();
        var id = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2));
        await app.ActAsync(author, id, "submit", drain: false);
        await app.Outbox.ReconcileAsync(app.Client, CancellationToken.None);
        await app.WaitForStartAsync(id);

        var reader = app.Durable.Services.GetRequiredService<LifecycleDurableStatusReader>();
        var status = await reader.ReadAsync(app.Client, CancellationToken.None);
        Assert.True(status.Outbox.Pending >= 1);
        Assert.NotNull(status.Outbox.OldestAt);
        Assert.NotNull(status.LastReconciliation);
        Assert.True(status.Orchestrations!.ByRuntimeStatus.GetValueOrDefault("Running") >= 1);
        await app.DrainAsync();
        Assert.Equal(0, (await reader.ReadAsync(null, CancellationToken.None)).Outbox.Pending);
    }

    [Fact]
    public async Task TwentyConcurrentApprovalsGiveOneTransitionOneHistoryRowAndOneEvent()
    {
        var (setup, author, _, _) = await WorldAsync();
        var id = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2));
        await app.ActAsync(author, id, "submit");
        var reviewers = await Task.WhenAll(Enumerable.Range(0, 20).Select(_ => app.SignInAsNewAsync("brandManager", [setup.BrandId])));

        var responses = await Task.WhenAll(reviewers.Select(r => r.Client.PostAsync($"/api/v1/campaigns/{id}/approve", null)));
        Assert.Single(responses, r => r.IsSuccessStatusCode);
        Assert.All(responses.Where(r => !r.IsSuccessStatusCode), r => Assert.Equal(System.Net.HttpStatusCode.Conflict, r.StatusCode));
        Assert.Single(await app.HistoryAsync(id), h => h.Action == "approve");
        Assert.Equal(1, await app.OutboxRowsAsync(id));
        var drained = await app.DrainAsync();
        Assert.Equal(1, drained.Raised);
        Assert.Equal(0, await app.OutboxRowsAsync(id));
    }
}
