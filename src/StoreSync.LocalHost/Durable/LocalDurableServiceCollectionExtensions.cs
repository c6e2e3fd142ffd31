using System.Net;
using System.Net.Sockets;
using DurableTask.AzureStorage;
using DurableTask.Core;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;
using Microsoft.DurableTask.Testing.Sidecar;
using Microsoft.DurableTask.Testing.Sidecar.Grpc;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace StoreSync.LocalHost.Durable;

/// <summary>
/// Runs orchestrations in the development host the way Durable Functions would, without a Functions host (none can run
/// here, platform.md §1): the Durable Task SDK worker and client in-process, talking gRPC over loopback to the
/// InProcessTestHost package's public <see cref="TaskHubGrpcServer"/> sidecar, which drives any DurableTask.Core
/// <see cref="IOrchestrationService"/>: DurableTask.AzureStorage on Azurite (the engine Durable Functions itself uses, so
/// state survives restarts), or the in-memory store.
/// </summary>
public static class LocalDurableServiceCollectionExtensions
{
    /// <summary>
    /// Adds the backend, the sidecar (a hosted service, started before the worker), the worker with
    /// <paramref name="tasks"/> and a <see cref="DurableTaskClient"/> in DI. Call it before other hosted services that use
    /// the client.
    /// </summary>
    public static IServiceCollection AddLocalDurable(this IServiceCollection services, Action<DurableTaskRegistry> tasks,
        Action<LocalDurableOptions>? configure = null)
    {
        var options = new LocalDurableOptions();
        configure?.Invoke(options);
        var port = options.SidecarPort > 0 ? options.SidecarPort : FreeLoopbackPort();
        var address = $"http://127.0.0.1:{port}";

        services.AddSingleton(options);
        services.AddSingleton(sp => new LocalDurableSidecar(options, port, sp.GetRequiredService<ILoggerFactory>()));
        services.AddHostedService(sp => sp.GetRequiredService<LocalDurableSidecar>());
        services.AddDurableTaskWorker(b =>
        {
            b.UseGrpc(address);
            b.AddTasks(tasks);
            b.Configure(w =>
            {
                w.Concurrency.MaximumConcurrentActivityWorkItems = options.MaxConcurrentActivities;
                w.Concurrency.MaximumConcurrentOrchestrationWorkItems = options.MaxConcurrentOrchestrations;
            });
        });
        services.AddDurableTaskClient(b =>
        {
            b.UseGrpc(address);
            b.RegisterDirectly();
        });
        return services;
    }

    /// <summary>The storage engine for the options (exposed for tools and benchmarks that drive it directly).</summary>
    public static IOrchestrationService CreateOrchestrationService(LocalDurableOptions o, ILoggerFactory loggerFactory) => o.Backend switch
    {
        LocalDurableBackend.AzureStorage => new AzureStorageOrchestrationService(new AzureStorageOrchestrationServiceSettings
        {
            StorageAccountClientProvider = new StorageAccountClientProvider(o.StorageConnectionString),
            TaskHubName = o.TaskHubName,
            WorkerId = o.WorkerId,
            PartitionCount = o.PartitionCount,
            MaxQueuePollingInterval = o.MaxQueuePollingInterval,
            MaxConcurrentTaskActivityWorkItems = o.MaxConcurrentActivities,
            MaxConcurrentTaskOrchestrationWorkItems = o.MaxConcurrentOrchestrations,
            ControlQueueBufferThreshold = o.ControlQueueBufferThreshold,
            ControlQueueVisibilityTimeout = o.VisibilityTimeout,
            WorkItemQueueVisibilityTimeout = o.VisibilityTimeout,
            LoggerFactory = loggerFactory,
        }),
        LocalDurableBackend.InMemory => new ConcurrencyOverride(new InMemoryOrchestrationService(loggerFactory),
            o.MaxConcurrentOrchestrations, o.MaxConcurrentActivities),
        _ => throw new ArgumentOutOfRangeException(nameof(o), o.Backend, "Unknown durable backend."),
    };

    private static int FreeLoopbackPort()
    {
        var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}

/// <summary>
/// The gRPC sidecar as a hosted service of the development host: its own small Kestrel app on loopback (HTTP/2), so
/// the host's own pipeline (auth, routes) never sees sidecar calls. Stopping it stops the dispatchers and the storage
/// engine (AzureStorage releases its partition leases).
/// </summary>
public sealed class LocalDurableSidecar(LocalDurableOptions options, int port, ILoggerFactory loggerFactory) : IHostedService, IAsyncDisposable
{
    private WebApplication? _app;

    public IOrchestrationService? Service { get; private set; }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var service = LocalDurableServiceCollectionExtensions.CreateOrchestrationService(options, loggerFactory);
        await service.CreateIfNotExistsAsync();
        Service = service;
        var client = service as IOrchestrationServiceClient
                     ?? (service as ConcurrencyOverride)?.Client
                     ?? throw new InvalidOperationException("The orchestration service has no client.");

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.Services.AddSingleton(loggerFactory);
        builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, port, l => l.Protocols = HttpProtocols.Http2));
        builder.Services.AddGrpc();
        builder.Services.AddSingleton(service);
        builder.Services.AddSingleton(client);
        builder.Services.AddSingleton<TaskHubGrpcServer>();
        _app = builder.Build();
        _app.MapGrpcService<TaskHubGrpcServer>();
        await _app.StartAsync(cancellationToken);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        if (_app is not null) await _app.StopAsync(cancellationToken);
    }

    public async ValueTask DisposeAsync()
    {
        if (_app is not null) await _app.DisposeAsync();
        _app = null;
    }
}

/// <summary>
/// The in-memory store hard-codes both concurrency limits to the processor count (4 work items/s here, with the
/// dispatcher's 500 ms re-check); this passes everything through but the limits.
/// </summary>
public sealed class ConcurrencyOverride(InMemoryOrchestrationService inner, int orchestrations, int activities) : IOrchestrationService
{
    public IOrchestrationServiceClient Client => inner;
    public int MaxConcurrentTaskOrchestrationWorkItems => orchestrations;
    public int MaxConcurrentTaskActivityWorkItems => activities;
    public int TaskOrchestrationDispatcherCount => inner.TaskOrchestrationDispatcherCount;
    public int TaskActivityDispatcherCount => inner.TaskActivityDispatcherCount;
    public BehaviorOnContinueAsNew EventBehaviourForContinueAsNew => inner.EventBehaviourForContinueAsNew;
    public Task StartAsync() => inner.StartAsync();
    public Task StopAsync() => inner.StopAsync();
    public Task StopAsync(bool isForced) => inner.StopAsync(isForced);
    public Task CreateAsync() => inner.CreateAsync();
    public Task CreateAsync(bool recreateInstanceStore) => inner.CreateAsync(recreateInstanceStore);
    public Task CreateIfNotExistsAsync() => inner.CreateIfNotExistsAsync();
    public Task DeleteAsync() => inner.DeleteAsync();
    public Task DeleteAsync(bool deleteInstanceStore) => inner.DeleteAsync(deleteInstanceStore);
    public bool IsMaxMessageCountExceeded(int currentMessageCount, OrchestrationRuntimeState runtimeState) =>
        inner.IsMaxMessageCountExceeded(currentMessageCount, runtimeState);
    public int GetDelayInSecondsAfterOnProcessException(Exception exception) => inner.GetDelayInSecondsAfterOnProcessException(exception);
    public int GetDelayInSecondsAfterOnFetchException(Exception exception) => inner.GetDelayInSecondsAfterOnFetchException(exception);
    public Task<TaskOrchestrationWorkItem> LockNextTaskOrchestrationWorkItemAsync(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskOrchestrationWorkItemAsync(receiveTimeout, cancellationToken);
    public Task RenewTaskOrchestrationWorkItemLockAsync(TaskOrchestrationWorkItem workItem) => inner.RenewTaskOrchestrationWorkItemLockAsync(workItem);
    public Task CompleteTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem, OrchestrationRuntimeState newOrchestrationRuntimeState,
        IList<TaskMessage> outboundMessages, IList<TaskMessage> orchestratorMessages, IList<TaskMessage> timerMessages,
        TaskMessage continuedAsNewMessage, OrchestrationState orchestrationState) =>
        inner.CompleteTaskOrchestrationWorkItemAsync(workItem, newOrchestrationRuntimeState, outboundMessages, orchestratorMessages, timerMessages,
            continuedAsNewMessage, orchestrationState);
    public Task AbandonTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.AbandonTaskOrchestrationWorkItemAsync(workItem);
    public Task ReleaseTaskOrchestrationWorkItemAsync(TaskOrchestrationWorkItem workItem) => inner.ReleaseTaskOrchestrationWorkItemAsync(workItem);
    public Task<TaskActivityWorkItem> LockNextTaskActivityWorkItem(TimeSpan receiveTimeout, CancellationToken cancellationToken) =>
        inner.LockNextTaskActivityWorkItem(receiveTimeout, cancellationToken);
    public Task<TaskActivityWorkItem> RenewTaskActivityWorkItemLockAsync(TaskActivityWorkItem workItem) => inner.RenewTaskActivityWorkItemLockAsync(workItem);
    public Task CompleteTaskActivityWorkItemAsync(TaskActivityWorkItem workItem, TaskMessage responseMessage) =>
        inner.CompleteTaskActivityWorkItemAsync(workItem, responseMessage);
    public Task AbandonTaskActivityWorkItemAsync(TaskActivityWorkItem workItem) => inner.AbandonTaskActivityWorkItemAsync(workItem);
}
