using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Moq;
using StoreSync.Functions.Common.Auth;

namespace StoreSync.Tests.Lifecycle;

/// <summary>
/// GET /lifecycle/status, admins only: the next due timer and the backlog (PostgreSQL), the last set-based due run, the
/// outbox backlog, the last reconciliation, and orchestrations by runtime state where a Durable client is bound.
/// </summary>
public sealed class LifecycleStatusApiTests(LifecycleApp app) : IClassFixture<LifecycleApp>
{
    private static readonly DateTimeOffset Now = new(2027, 6, 1, 12, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(Roles.BrandManager)]
    [InlineData(Roles.LocationManager)]
    [InlineData(Roles.Viewer)]
    public async Task OnlyAdminsSeeTheStatus(string role)
    {
        var (_, client) = await app.SignInAsNewAsync(role, [await app.CreateBrandAsync()]);
        var response = await client.GetAsync("/api/v1/lifecycle/status");
        Assert.Equal(HttpStatusCode.Forbidden, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(HttpStatusCode.Unauthorized, (await app.CreateClient().GetAsync("/api/v1/lifecycle/status")).StatusCode);
    }

    [Fact]
    public async Task AdminsSeeTheBacklogBeforeADueRunTheRunAfterItAndTheOutbox()
    {
        app.Clock.Set(Now);
        var (_, admin) = await app.SignInAsNewAsync(Roles.Admin);
        var setup = await app.CreateCampaignSetupAsync();
        await app.CreateCampaignsAsync(setup, "scheduled", Now.AddMinutes(-30), Now.AddDays(2), count: 3);
        await app.CreateCampaignsAsync(setup, "active", Now.AddDays(-2), Now.AddMinutes(-5), count: 2);
        var nextStart = Now.AddHours(5);
        await app.CreateCampaignAsync(setup, "scheduled", nextStart, Now.AddDays(3));

        var before = await admin.GetFromJsonAsync<JsonElement>("/api/v1/lifecycle/status");
        Assert.Equal(JsonValueKind.Null, before.GetProperty("lastSweep").ValueKind);
        Assert.Equal(JsonValueKind.Null, before.GetProperty("orchestrations").ValueKind); // no Durable client in this host
        Assert.Equal(JsonValueKind.Null, before.GetProperty("lastReconciliation").ValueKind);
        Assert.Equal(0, before.GetProperty("outbox").GetProperty("pending").GetInt32());
        Assert.Equal(3, before.GetProperty("backlog").GetProperty("activate").GetInt32());
        Assert.Equal(2, before.GetProperty("backlog").GetProperty("complete").GetInt32());
        Assert.Equal(5, before.GetProperty("backlog").GetProperty("total").GetInt32());
        Assert.Equal("activate", before.GetProperty("nextDue").GetProperty("action").GetString());
        Assert.Equal(Now.AddMinutes(-30), before.GetProperty("nextDue").GetProperty("at").GetDateTimeOffset());

        await app.RunDueAsync();

        var after = await admin.GetFromJsonAsync<JsonElement>("/api/v1/lifecycle/status");
        var last = after.GetProperty("lastSweep");
        Assert.Equal(Now, last.GetProperty("startedAt").GetDateTimeOffset());
        Assert.Equal(Now, last.GetProperty("finishedAt").GetDateTimeOffset());
        Assert.Equal(3, last.GetProperty("activated").GetInt32());
        Assert.Equal(2, last.GetProperty("completed").GetInt32());
        Assert.Equal(0, last.GetProperty("failed").GetInt32());
        Assert.True(last.GetProperty("batches").GetInt32() >= 2);
        Assert.Equal(0, after.GetProperty("backlog").GetProperty("total").GetInt32());
        Assert.Equal(nextStart, after.GetProperty("nextDue").GetProperty("at").GetDateTimeOffset());
    }
}

/// <summary>The status with the Functions app's [DurableClient] (here a mocked client, bound by the development host).</summary>
public sealed class LifecycleStatusWithDurableClientTests(MockDurableClientApp app) : IClassFixture<MockDurableClientApp>
{
    [Fact]
    public async Task AdminsSeeOrchestrationsByRuntimeStateTheOutboxAgeAndTheLastReconciliation()
    {
        OrchestrationMetadata Instance(OrchestrationRuntimeStatus status) => new("CampaignLifecycle", Guid.NewGuid().ToString()) { RuntimeStatus = status };
        app.Client.Setup(c => c.GetAllInstancesAsync(It.IsAny<OrchestrationQuery?>())).Returns(Pageable.Create((string? _, int? _, CancellationToken _) =>
            Task.FromResult(new Page<OrchestrationMetadata>(
                [Instance(OrchestrationRuntimeStatus.Running), Instance(OrchestrationRuntimeStatus.Running), Instance(OrchestrationRuntimeStatus.Failed)], null))));
        var (_, admin) = await app.SignInAsNewAsync(Roles.Admin);
        var setup = await app.CreateCampaignSetupAsync();
        var id = await app.CreateCampaignAsync(setup, "draft", DateTimeOffset.UtcNow.AddDays(1), DateTimeOffset.UtcNow.AddDays(2));
        await using (var conn = await app.Db.OpenConnectionAsync())
        await using (var tx = await conn.BeginTransactionAsync())
        {
            // A transition committed a minute ago whose delivery has not happened yet.
            await StoreSync.Functions.Lifecycle.LifecycleOutbox.EnqueueAsync(conn, tx, [id], "submit", DateTimeOffset.UtcNow.AddMinutes(-1), CancellationToken.None);
            await tx.CommitAsync();
        }
        await app.RunReconcileTimerAsync(app.Client.Object);

        var status = await admin.GetFromJsonAsync<JsonElement>("/api/v1/lifecycle/status");

        var orchestrations = status.GetProperty("orchestrations");
        Assert.Equal(2, orchestrations.GetProperty("byRuntimeStatus").GetProperty("Running").GetInt32());
        Assert.Equal(1, orchestrations.GetProperty("byRuntimeStatus").GetProperty("Failed").GetInt32());
        Assert.Equal(3, orchestrations.GetProperty("total").GetInt32());
        Assert.False(orchestrations.GetProperty("truncated").GetBoolean());
        var outbox = status.GetProperty("outbox");
        Assert.Equal(1, outbox.GetProperty("pending").GetInt32());
        Assert.InRange(outbox.GetProperty("oldestAgeSeconds").GetDouble(), 55, 600);
        Assert.True(status.GetProperty("lastReconciliation").GetProperty("finishedAt").GetDateTimeOffset() > DateTimeOffset.UtcNow.AddMinutes(-5));
    }
}
