using System.Net.Http.Json;
using Dapper;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using StoreSync.Functions.Lifecycle;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Lifecycle;

/// <summary>
/// The real app (HTTP actions, its database) plus the lifecycle orchestration running for real in
/// <see cref="DurableTaskTestHost"/> (in-memory backend, wall-clock timers): the activities get the app's own
/// NpgsqlDataSource, so what the orchestration does is what the app's database shows.
/// </summary>
public sealed class DurableLifecycleApp : StoreSyncApp
{
    private DurableTaskTestHost? _durable;

    public DurableTaskTestHost Durable => _durable ?? throw new InvalidOperationException("Not started.");
    public DurableTaskClient Client => Durable.Client;
    public LifecycleOutbox Outbox => Durable.Services.GetRequiredService<LifecycleOutbox>();

    public override async Task InitializeAsync()
    {
        await base.InitializeAsync();
        var db = Services.GetRequiredService<NpgsqlDataSource>();
        _durable = await DurableTaskTestHost.StartAsync(r => r.AddCampaignLifecycleTasks(), new DurableTaskTestHostOptions
        {
            ConfigureServices = services =>
            {
                services.AddSingleton(db);
                services.AddSingleton(TimeProvider.System);
                services.AddCampaignLifecycle();
                // The campaign's own timer wakes 2 s after the DueInstant orchestration's set-based run (30 s in production).
                services.Configure<LifecycleOptions>(o => o.TimedStepGrace = TimeSpan.FromSeconds(2));
            },
        });
    }

    public override async ValueTask DisposeAsync()
    {
        if (_durable is not null) await _durable.DisposeAsync();
        await base.DisposeAsync();
    }

    public Task<DrainResult> DrainAsync() => Outbox.DrainAsync(Client, CancellationToken.None);

    public async Task<int> OutboxRowsAsync(Guid campaignId)
    {
        await using var conn = await Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<int>("SELECT count(*)::int FROM lifecycle_outbox WHERE campaign_id = @campaignId", new { campaignId });
    }

    /// <summary>Posts a workflow action and, unless told not to, drains the outbox as the Functions app does after it.</summary>
    public async Task<HttpResponseMessage> ActAsync(HttpClient client, Guid campaignId, string action, object? body = null, bool drain = true)
    {
        var response = await client.PostAsJsonAsync($"/api/v1/campaigns/{campaignId}/{action}", body ?? new { });
        Assert.True(response.IsSuccessStatusCode, $"{action}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync()}");
        if (drain) await DrainAsync();
        return response;
    }

    public async Task<string> WaitForStatusAsync(Guid campaignId, string status, TimeSpan timeout)
    {
        var until = DateTime.UtcNow + timeout;
        string current;
        while ((current = await this.StatusOfAsync(campaignId)) != status && DateTime.UtcNow < until) await Task.Delay(100);
        return current;
    }

    public async Task<OrchestrationMetadata?> InstanceAsync(Guid campaignId) =>
        await Client.GetInstanceAsync(CampaignLifecycle.InstanceIdFor(campaignId), getInputsAndOutputs: true);

    /// <summary>
    /// The instance once its orchestrator has run: a start is recorded as Pending until a worker picks it up, which on a busy
    /// machine can take a moment after the HTTP action has answered.
    /// </summary>
    public async Task<OrchestrationMetadata> WaitForStartAsync(Guid campaignId, TimeSpan? timeout = null)
    {
        using var cts = new CancellationTokenSource(timeout ?? TimeSpan.FromSeconds(30));
        return await Client.WaitForInstanceStartAsync(CampaignLifecycle.InstanceIdFor(campaignId), getInputsAndOutputs: true, cts.Token);
    }

    public async Task<OrchestrationMetadata> WaitForCompletionAsync(Guid campaignId, TimeSpan timeout)
    {
        using var cts = new CancellationTokenSource(timeout);
        return await Client.WaitForInstanceCompletionAsync(CampaignLifecycle.InstanceIdFor(campaignId), getInputsAndOutputs: true, cts.Token);
    }
}
