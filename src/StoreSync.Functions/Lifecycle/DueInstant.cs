using Microsoft.DurableTask;
using Microsoft.DurableTask.Client;

namespace StoreSync.Functions.Lifecycle;

/// <summary>
/// One orchestration per instant at which some campaign starts or ends (instance id <see cref="InstanceIdFor"/>): a timer to
/// the instant, then one activity that applies every due transition set-based (<see cref="DueTransitionRunner"/>). At a
/// crowded instant (a thousand stores opening a campaign at one local midnight) this is one timer and one activity instead of
/// a timer, an activity and two orchestration episodes per campaign; the campaigns' own orchestrations wake a grace period
/// later (<see cref="LifecycleOptions.TimedStepGrace"/>), find their campaign moved and go on to wait for the next step, or
/// apply it themselves if this one never ran. Deterministic: the clock is the context's.
/// </summary>
public sealed class DueInstant : TaskOrchestrator<DateTime, DueRunResult?>
{
    public const string Prefix = "due-";

    public static string InstanceIdFor(DateTime instant) => Prefix + instant.ToUniversalTime().ToString("yyyyMMdd'T'HHmmss.fff'Z'");

    public override async Task<DueRunResult?> RunAsync(TaskOrchestrationContext context, DateTime instant)
    {
        instant = DateTime.SpecifyKind(instant, DateTimeKind.Utc);
        // A durable timer may fire a little early: wait again until the instant has really come.
        while (context.CurrentUtcDateTime < instant) await context.CreateTimer(instant, CancellationToken.None);
        return await context.CallActivityAsync<DueRunResult?>(nameof(ApplyDueTransitions), instant, CampaignLifecycle.StepOptions);
    }

    private static readonly OrchestrationRuntimeStatus[] Live = [OrchestrationRuntimeStatus.Running, OrchestrationRuntimeStatus.Pending];

    /// <summary>
    /// Makes sure an orchestration waits for each of <paramref name="instants"/> (one call each; a live one refuses the
    /// start, which is fine). A finished one is replaced: it runs at once and moves whatever is due (nothing, or a catch-up).
    /// </summary>
    public static async Task<int> EnsureAsync(DurableTaskClient client, IEnumerable<DateTime> instants, CancellationToken ct)
    {
        var started = 0;
        foreach (var instant in instants.Select(i => DateTime.SpecifyKind(i, DateTimeKind.Utc)).Distinct())
        {
            try
            {
                await client.ScheduleNewOrchestrationInstanceAsync(nameof(DueInstant), instant,
                    new StartOrchestrationOptions(InstanceIdFor(instant)).WithDedupeStatuses(Live), ct);
                started++;
            }
            catch (Exception) when (!ct.IsCancellationRequested)
            {
                // Refused: one already waits for this instant (a failure to reach the hub leaves the campaigns' own timers).
            }
        }
        return started;
    }
}

/// <summary>Applies every due start and end, set-based, at a due instant.</summary>
public sealed class ApplyDueTransitions(DueTransitionRunner runner) : TaskActivity<DateTime, DueRunResult?>
{
    public override async Task<DueRunResult?> RunAsync(TaskActivityContext context, DateTime instant) =>
        await runner.RunAsync(isPastDue: false, CancellationToken.None);
}
