using Microsoft.DurableTask.Client;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Npgsql;
using StoreSync.Data.Lifecycle;
using StoreSync.Functions.Lifecycle;

namespace StoreSync.LocalHost.Durable;

/// <summary>
/// The development host's stand-in for the Functions app's outbox and reconciliation timer functions: drains the
/// lifecycle outbox as soon as a transition commits (LISTEN on the channel the outbox NOTIFYs, delivered at commit),
/// and every <see cref="LocalLifecyclePumpOptions.DrainEvery"/> anyway (a missed notification, a retry coming due);
/// reconciles every <see cref="LocalLifecyclePumpOptions.ReconcileEvery"/>, first at start-up (after downtime).
/// </summary>
public sealed class LocalLifecyclePump(NpgsqlDataSource db, LifecycleOutbox outbox, DurableTaskClient client, LocalLifecyclePumpOptions options,
    ILogger<LocalLifecyclePump> logger) : BackgroundService
{
    private readonly SemaphoreSlim _wake = new(0);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _ = ListenAsync(stoppingToken);
        var nextReconcile = DateTime.UtcNow;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await outbox.DrainAsync(client, stoppingToken);
                if (DateTime.UtcNow >= nextReconcile)
                {
                    await outbox.ReconcileAsync(client, stoppingToken);
                    nextReconcile = DateTime.UtcNow + options.ReconcileEvery;
                }
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogError(e, "Lifecycle pump: drain or reconciliation failed; retrying");
            }
            try
            {
                await _wake.WaitAsync(options.DrainEvery, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }

    private async Task ListenAsync(CancellationToken ct)
    {
        while (!ct.IsCancellationRequested)
        {
            try
            {
                await using var conn = await db.OpenConnectionAsync(ct);
                conn.Notification += (_, _) => _wake.Release();
                await using (var listen = new NpgsqlCommand($"LISTEN {LifecycleOutboxStore.Channel}", conn))
                    await listen.ExecuteNonQueryAsync(ct);
                while (!ct.IsCancellationRequested) await conn.WaitAsync(ct);
            }
            catch (Exception e) when (!ct.IsCancellationRequested)
            {
                logger.LogWarning("Lifecycle pump: LISTEN connection lost ({Message}); polling until it is back", e.Message);
                await Task.Delay(TimeSpan.FromSeconds(2), ct).ContinueWith(_ => { }, TaskScheduler.Default);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}

public sealed class LocalLifecyclePumpOptions
{
    public TimeSpan DrainEvery { get; set; } = TimeSpan.FromSeconds(2);
    public TimeSpan ReconcileEvery { get; set; } = TimeSpan.FromMinutes(5);
}

public static class LocalLifecycleServiceCollectionExtensions
{
    /// <summary>
    /// The campaign lifecycle in the development host: its tasks on the local durable backend, their services, and the
    /// outbox pump. The app's NpgsqlDataSource, TimeProvider and LifecycleOptions are expected in DI already.
    /// </summary>
    public static IServiceCollection AddLocalCampaignLifecycle(this IServiceCollection services, Action<LocalDurableOptions>? durable = null,
        Action<LocalLifecyclePumpOptions>? pump = null)
    {
        var pumpOptions = new LocalLifecyclePumpOptions();
        pump?.Invoke(pumpOptions);
        services.AddLocalDurable(r => r.AddCampaignLifecycleTasks(), durable);
        services.AddCampaignLifecycle();
        services.AddSingleton(pumpOptions);
        services.AddHostedService<LocalLifecyclePump>();
        return services;
    }
}
