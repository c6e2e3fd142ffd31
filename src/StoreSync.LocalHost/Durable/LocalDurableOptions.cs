namespace StoreSync.LocalHost.Durable;

public enum LocalDurableBackend
{
    /// <summary>DurableTask.AzureStorage on Azurite (or a real account): orchestrations survive a restart or kill -9.</summary>
    AzureStorage,

    /// <summary>The InProcessTestHost package's in-memory store: fast, and every instance is lost on restart.</summary>
    InMemory,
}

/// <summary>
/// The development host's durable backend (section "Durable" of its configuration). Defaults are the ones measured on
/// this project's 2-core machines (platform.md §1, "Throughput").
/// </summary>
public sealed class LocalDurableOptions
{
    public LocalDurableBackend Backend { get; set; } = LocalDurableBackend.AzureStorage;

    /// <summary>Storage connection string (scripts/azurite.sh prints Azurite's); "UseDevelopmentStorage=true" works too.</summary>
    public string StorageConnectionString { get; set; } = "UseDevelopmentStorage=true";

    /// <summary>Task hub name: 3-45 letters and digits, starting with a letter (it names queues, tables and a blob container).</summary>
    public string TaskHubName { get; set; } = "storesynclocal";

    /// <summary>
    /// A stable worker id: after a restart (even kill -9) the new process owns the same partition leases at once instead of
    /// waiting for the dead owner's leases to expire.
    /// </summary>
    public string WorkerId { get; set; } = $"storesync-local-{Environment.MachineName}";

    /// <summary>One control queue: with one single-threaded Azurite, more partitions only add polling (1 beat 4 here).</summary>
    public int PartitionCount { get; set; } = 1;

    /// <summary>How long an idle queue poll backs off at most: the worst extra latency of an event or timer when idle.</summary>
    public TimeSpan MaxQueuePollingInterval { get; set; } = TimeSpan.FromSeconds(1.5);

    /// <summary>Activity concurrency: the default 10 with the sidecar's 500 ms re-check capped activities at 20/s here.</summary>
    public int MaxConcurrentActivities { get; set; } = 100;

    /// <summary>Orchestration concurrency (with a 256 control-queue buffer, halved the time to "all waiting" here).</summary>
    public int MaxConcurrentOrchestrations { get; set; } = 200;

    public int ControlQueueBufferThreshold { get; set; } = 256;

    /// <summary>
    /// How long messages a host took and never finished (it stopped or died mid-work-item) stay hidden before another
    /// host may take them. Durable Functions' 5-minute default would stall a restarted development host that long;
    /// orchestration episodes and the lifecycle's activities take milliseconds, and both are safe to run twice.
    /// </summary>
    public TimeSpan VisibilityTimeout { get; set; } = TimeSpan.FromSeconds(20);

    /// <summary>Loopback port of the in-process gRPC sidecar; 0 picks a free one.</summary>
    public int SidecarPort { get; set; }
}
