using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace StoreSync.Functions.Lifecycle;

/// <summary>
/// The campaign lifecycle in the Functions app: the orchestrator and its activities as one-line functions (the Durable source
/// generator is not available here, so class-based tasks are not registered automatically; the names are the task names the
/// orchestrator calls), and the timers that drain the outbox and reconcile. The development host runs the same tasks on the
/// Durable Task SDK worker (<see cref="CampaignLifecycleTasks.AddCampaignLifecycleTasks"/>) and skips these functions.
/// </summary>
public sealed class CampaignLifecycleFunctions(LifecycleSteps steps, LifecycleOutbox outbox, DueTransitionRunner due, ILogger<CampaignLifecycleFunctions> logger)
{
    /// <summary>The app setting naming the task hub (host.json reads it as %DurableTaskHub%; the development host too).</summary>
    public const string TaskHubSetting = "DurableTaskHub";

    [Function(nameof(CampaignLifecycle))]
    public Task<string> Orchestrate([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new CampaignLifecycle().RunAsync(context, context.GetInput<LifecycleInput>()!);

    [Function(nameof(DueInstant))]
    public Task<DueRunResult?> OrchestrateDueInstant([OrchestrationTrigger] TaskOrchestrationContext context) =>
        new DueInstant().RunAsync(context, context.GetInput<DateTime>());

    [Function(nameof(ApplyDueTransitions))]
    public Task<DueRunResult> ApplyDue([ActivityTrigger] DateTime instant, CancellationToken ct) => due.RunAsync(isPastDue: false, ct);

    [Function(nameof(LoadCampaignState))]
    public Task<CampaignState?> Load([ActivityTrigger] Guid campaignId, CancellationToken ct) => steps.LoadAsync(campaignId, ct);

    [Function(nameof(ActivateCampaign))]
    public Task<CampaignState?> Activate([ActivityTrigger] TimedStep step, CancellationToken ct) => steps.ApplyTimedAsync("activate", step, ct);

    [Function(nameof(CompleteCampaign))]
    public Task<CampaignState?> Complete([ActivityTrigger] TimedStep step, CancellationToken ct) => steps.ApplyTimedAsync("complete", step, ct);

    [Function(nameof(RemindReviewers))]
    public Task<int> Remind([ActivityTrigger] ReminderStep step, CancellationToken ct) => steps.RemindAsync(step, ct);

    [Function(nameof(FlagStartPassed))]
    public Task<CampaignState?> Flag([ActivityTrigger] Guid campaignId, CancellationToken ct) => steps.FlagStartPassedAsync(campaignId, ct);

    /// <summary>Delivers committed transitions to their orchestrations (the development host also drains at once, on NOTIFY).</summary>
    [Function("Lifecycle_DrainOutbox")]
    public async Task Drain([TimerTrigger("*/5 * * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        var result = await outbox.DrainAsync(client, ct);
        logger.Log(result.Claimed > 0 ? LogLevel.Information : LogLevel.Debug, "Lifecycle outbox: {Summary}", result.Summary);
    }

    /// <summary>Restarts the orchestration of any live campaign that has none, and wakes stuck ones.</summary>
    [Function("Lifecycle_Reconcile")]
    public async Task Reconcile([TimerTrigger("0 */5 * * * *")] TimerInfo timer, [DurableClient] DurableTaskClient client, CancellationToken ct)
    {
        var result = await outbox.ReconcileAsync(client, ct);
        logger.LogInformation("Lifecycle reconciliation: {Summary}", result.Summary);
    }
}
