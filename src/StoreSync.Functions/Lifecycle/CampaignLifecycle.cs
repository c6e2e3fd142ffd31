using System.Text.Json.Serialization;
using Microsoft.DurableTask;
using Microsoft.DurableTask.Worker;
using Microsoft.Extensions.DependencyInjection.Extensions;
using StoreSync.Data.Lifecycle;
using StoreSync.Functions.Campaigns;

namespace StoreSync.Functions.Lifecycle;

/// <summary>
/// A campaign as its orchestration knows it, always a copy of a database read: the version orders every change (each
/// transition adds one), so a copy with a version the orchestration has seen is a duplicate or stale, and ignored.
/// </summary>
public sealed record CampaignState(Guid CampaignId, string Status, int Version, DateTimeOffset? ScheduledStart, DateTimeOffset? ScheduledEnd,
    DateTimeOffset? SubmittedAt, double ReminderHours, bool StartFlagged)
{
    [JsonIgnore] public TimeSpan ReminderInterval => TimeSpan.FromHours(ReminderHours);
    [JsonIgnore] public bool IsFinal => Status is CampaignStatus.Completed or CampaignStatus.Cancelled;
}

/// <summary>The one event an orchestration waits for: "the campaign changed (by <see cref="Action"/>), here is its state".</summary>
public sealed record CampaignChanged(string Action, CampaignState State);

/// <summary>
/// Input of a run (and of each ContinueAsNew): the campaign, its state when known (null: load it), and how long after a
/// start or end the campaign's own timer fires (<see cref="LifecycleOptions.TimedStepGrace"/>: the <see cref="DueInstant"/>
/// orchestration moves it at the instant; zero: the campaign's orchestration moves it itself, at the instant).
/// </summary>
public sealed record LifecycleInput(Guid CampaignId, CampaignState? State = null, TimeSpan TimedStepGrace = default);

public sealed record TimedStep(Guid CampaignId, DateTimeOffset DueAt);

public sealed record ReminderStep(Guid CampaignId, DateTimeOffset SubmittedAt, int Interval);

public static class LifecycleEvents
{
    /// <summary>
    /// One event name for every change: events queue in arrival order under one name, and the version inside decides
    /// whether it is new, so a duplicate or late delivery never needs a second wait to be drained.
    /// </summary>
    public const string CampaignChanged = nameof(Lifecycle.CampaignChanged);
}

/// <summary>
/// One orchestration per campaign (instance id = the campaign id), the "human interaction" pattern: it waits for the
/// campaign's changes as events, racing the timer of its next automatic step, and applies that step through an
/// activity. It decides only; every side effect (a transition through the workflow table, a reminder, a flag) is an
/// activity, and every state it acts on came from the database. Deterministic: no services, I/O or clock inside.
/// <list type="bullet">
/// <item>pendingReview: reminders every brand interval since submission; the start passing unreviewed is flagged.</item>
/// <item>draft, rejected: wait (revise, resubmit). approved: wait for schedule; the start passing unscheduled is flagged.</item>
/// <item>scheduled: timer to the start → activate. active: timer to the end → complete. completed, cancelled: end.</item>
/// </list>
/// </summary>
public sealed class CampaignLifecycle : TaskOrchestrator<LifecycleInput, string>
{
    /// <summary>Wake-ups per execution before ContinueAsNew starts a fresh history (reminders and resubmits loop).</summary>
    public const int MaxTurnsPerExecution = 40;

    public static string InstanceIdFor(Guid campaignId) => campaignId.ToString("D");

    /// <summary>Retries ride out a database blip; after them the run fails and reconciliation restarts it.</summary>
    public static readonly TaskOptions StepOptions = TaskOptions.FromRetryPolicy(new RetryPolicy(
        maxNumberOfAttempts: 8, firstRetryInterval: TimeSpan.FromSeconds(2), backoffCoefficient: 2, maxRetryInterval: TimeSpan.FromMinutes(2)));

    public override async Task<string> RunAsync(TaskOrchestrationContext context, LifecycleInput input)
    {
        var log = context.CreateReplaySafeLogger(nameof(CampaignLifecycle));
        var state = input.State ?? await context.CallActivityAsync<CampaignState?>(nameof(LoadCampaignState), input.CampaignId, StepOptions);
        // A review already waiting a whole interval or more when this execution starts (restarted by reconciliation, after
        // downtime, or submitted before the orchestrations existed) is reminded for the interval it is in now, not only at the
        // next one; the reminder's dedupe key (campaign, interval) keeps a reminder already sent from going out twice.
        if (state is { Status: CampaignStatus.PendingReview, SubmittedAt: { } waitingSince, ReminderHours: > 0 }
            && IntervalsWaited(waitingSince.UtcDateTime, state.ReminderInterval, context.CurrentUtcDateTime) is var waited and > 0)
            await context.CallActivityAsync<int>(nameof(RemindReviewers), new ReminderStep(state.CampaignId, waitingSince, waited), StepOptions);
        DateTime? notBefore = null;
        // The wait for the next change outlives a turn that a timer won: it is kept, never cancelled. The SDK keeps
        // waiters on a per-name stack and a cancelled one stays there, so the next event (say, a cancel arriving while
        // the activation activity runs) would complete the cancelled waiter and be lost.
        Task<CampaignChanged>? changed = null;
        for (var turn = 0; ; turn++)
        {
            if (state is null)
            {
                log.LogInformation("Campaign {CampaignId} no longer exists; its lifecycle ends", input.CampaignId);
                return "deleted";
            }
            if (state.IsFinal)
            {
                log.LogInformation("Campaign {CampaignId} is {Status}; its lifecycle ends", state.CampaignId, state.Status);
                return state.Status;
            }
            // Only with no waiter outstanding: after ContinueAsNew, events reaching a waiter of this execution would be lost,
            // while with none they are carried over to the next one. (Timer-only turns, such as reminders, keep one waiter
            // and so continue in this execution until the next change.)
            if (turn >= MaxTurnsPerExecution && changed is null)
            {
                context.ContinueAsNew(input with { State = state }, preserveUnprocessedEvents: true);
                return state.Status;
            }

            var now = context.CurrentUtcDateTime;
            var turnStart = now;
            var step = NextStep(state, now);
            var wakeAt = step is null ? (DateTime?)null : step.Activity is nameof(ActivateCampaign) or nameof(CompleteCampaign)
                ? step.DueAt + input.TimedStepGrace : step.DueAt;
            var dueAt = notBefore > wakeAt ? notBefore : wakeAt;
            context.SetCustomStatus(new LifecycleProgress(state.Status, state.Version, step?.Activity, dueAt));
            changed ??= context.WaitForExternalEvent<CampaignChanged>(LifecycleEvents.CampaignChanged);
            var change = await WaitForChangeAsync(context, changed, dueAt);
            if (change is not null)
            {
                changed = null;
                if (change.State.Version <= state.Version)
                    log.LogInformation("Campaign {CampaignId}: {Action} event at version {Version} already applied (at {Known}); ignored",
                        state.CampaignId, change.Action, change.State.Version, state.Version);
                else (state, notBefore) = (change.State, null);
                continue;
            }
            // A durable timer may fire a little early: then nothing is due yet, and the next turn waits again.
            now = context.CurrentUtcDateTime;
            if (step is null || now < dueAt) continue;
            var before = state;
            state = await TakeStepAsync(context, state, now, reminderDueAt: ReminderDueAt(state, turnStart));
            // A step that changed nothing (the database disagrees that it is due) is retried a minute later, not in a spin.
            notBefore = step.Activity != nameof(RemindReviewers) && state == before ? now.AddMinutes(1) : null;
            if (state != before)
                log.LogInformation("Campaign {CampaignId}: {Step} done, now {Status} (version {Version})", before.CampaignId, step.Activity,
                    state?.Status, state?.Version);
        }
    }

    /// <summary>The next automatic step of a campaign in its state: what and when (UTC), or null when only a person can move it.</summary>
    public static DueStep? NextStep(CampaignState s, DateTime now)
    {
        switch (s.Status)
        {
            case CampaignStatus.Scheduled when s.ScheduledStart is { } start:
                return new DueStep(nameof(ActivateCampaign), start.UtcDateTime);
            case CampaignStatus.Active when s.ScheduledEnd is { } end:
                return new DueStep(nameof(CompleteCampaign), end.UtcDateTime);
            case CampaignStatus.Approved when !s.StartFlagged && s.ScheduledStart is { } start:
                return new DueStep(nameof(FlagStartPassed), start.UtcDateTime);
            case CampaignStatus.PendingReview:
                DueStep? next = null;
                if (s.SubmittedAt is { } submitted && s.ReminderHours > 0)
                    next = new DueStep(nameof(RemindReviewers), NextReminderAt(submitted.UtcDateTime, s.ReminderInterval, now));
                if (!s.StartFlagged && s.ScheduledStart is { } reviewStart && (next is null || reviewStart.UtcDateTime <= next.DueAt))
                    next = new DueStep(nameof(FlagStartPassed), reviewStart.UtcDateTime);
                return next;
            default:
                return null;
        }
    }

    /// <summary>
    /// The first whole interval after submission strictly after <paramref name="now"/>: the reminder for the interval
    /// that has just come is being sent at this wake, so the next wait is for the one after.
    /// </summary>
    public static DateTime NextReminderAt(DateTime submittedAt, TimeSpan interval, DateTime now)
    {
        var elapsed = Math.Max(0, (now - submittedAt).Ticks);
        return submittedAt + TimeSpan.FromTicks(interval.Ticks * (elapsed / interval.Ticks + 1));
    }

    /// <summary>How many whole intervals a review has waited at <paramref name="now"/> (the reminder's number).</summary>
    public static int IntervalsWaited(DateTime submittedAt, TimeSpan interval, DateTime now) =>
        (int)Math.Max(0, (now - submittedAt).Ticks / interval.Ticks);

    /// <summary>
    /// The change, or null when <paramref name="dueAt"/> came first (null: no timer). A timer that loses is cancelled;
    /// the change wait is the caller's to keep (see RunAsync).
    /// </summary>
    private static async Task<CampaignChanged?> WaitForChangeAsync(TaskOrchestrationContext context, Task<CampaignChanged> changed, DateTime? dueAt)
    {
        if (dueAt is null) return await changed;
        using var timerCts = new CancellationTokenSource();
        var timer = context.CreateTimer(dueAt.Value, timerCts.Token);
        if (await Task.WhenAny(changed, timer) != changed) return null;
        timerCts.Cancel();
        return await changed;
    }

    /// <summary>When the reminder awaited since <paramref name="since"/> is due (null: none).</summary>
    private static DateTime? ReminderDueAt(CampaignState s, DateTime since) =>
        s is { Status: CampaignStatus.PendingReview, SubmittedAt: { } submitted, ReminderHours: > 0 }
            ? NextReminderAt(submitted.UtcDateTime, s.ReminderInterval, since) : null;

    private static async Task<CampaignState?> TakeStepAsync(TaskOrchestrationContext context, CampaignState? state, DateTime now, DateTime? reminderDueAt)
    {
        if (state is null) return null;
        var id = state.CampaignId;
        switch (state.Status)
        {
            case CampaignStatus.Scheduled:
                return await context.CallActivityAsync<CampaignState?>(nameof(ActivateCampaign), new TimedStep(id, state.ScheduledStart!.Value), StepOptions);
            case CampaignStatus.Active:
                return await context.CallActivityAsync<CampaignState?>(nameof(CompleteCampaign), new TimedStep(id, state.ScheduledEnd!.Value), StepOptions);
            case CampaignStatus.Approved:
                return await context.CallActivityAsync<CampaignState?>(nameof(FlagStartPassed), id, StepOptions);
            case CampaignStatus.PendingReview:
                if (!state.StartFlagged && state.ScheduledStart is { } start && start.UtcDateTime <= now)
                    state = await context.CallActivityAsync<CampaignState?>(nameof(FlagStartPassed), id, StepOptions);
                if (state is { Status: CampaignStatus.PendingReview, SubmittedAt: { } submitted, ReminderHours: > 0 } && reminderDueAt <= now
                    && IntervalsWaited(submitted.UtcDateTime, state.ReminderInterval, now) is var n and > 0)
                    await context.CallActivityAsync<int>(nameof(RemindReviewers), new ReminderStep(id, submitted, n), StepOptions);
                return state;
            default:
                return state;
        }
    }
}

/// <summary>The orchestration's custom status while it waits: the state it acts on and its next automatic step (for operators).</summary>
public sealed record LifecycleProgress(string Status, int Version, string? NextStep, DateTime? NextStepAt);

/// <summary>What the orchestration waits for next: the activity it will call and when.</summary>
public sealed record DueStep(string Activity, DateTime DueAt);

// ---- activities: each does one side effect through LifecycleSteps, which holds the SQL and the transition rules ----

public sealed class LoadCampaignState(LifecycleSteps steps) : TaskActivity<Guid, CampaignState?>
{
    public override Task<CampaignState?> RunAsync(TaskActivityContext context, Guid campaignId) => steps.LoadAsync(campaignId, CancellationToken.None);
}

public sealed class ActivateCampaign(LifecycleSteps steps) : TaskActivity<TimedStep, CampaignState?>
{
    public override Task<CampaignState?> RunAsync(TaskActivityContext context, TimedStep input) =>
        steps.ApplyTimedAsync("activate", input, CancellationToken.None);
}

public sealed class CompleteCampaign(LifecycleSteps steps) : TaskActivity<TimedStep, CampaignState?>
{
    public override Task<CampaignState?> RunAsync(TaskActivityContext context, TimedStep input) =>
        steps.ApplyTimedAsync("complete", input, CancellationToken.None);
}

public sealed class RemindReviewers(LifecycleSteps steps) : TaskActivity<ReminderStep, int>
{
    public override Task<int> RunAsync(TaskActivityContext context, ReminderStep input) => steps.RemindAsync(input, CancellationToken.None);
}

public sealed class FlagStartPassed(LifecycleSteps steps) : TaskActivity<Guid, CampaignState?>
{
    public override Task<CampaignState?> RunAsync(TaskActivityContext context, Guid campaignId) =>
        steps.FlagStartPassedAsync(campaignId, CancellationToken.None);
}

public static class CampaignLifecycleRegistration
{
    /// <summary>The orchestrator and its activities, for every host: the development host, DurableTaskTestHost and benchmarks.</summary>
    public static DurableTaskRegistry AddCampaignLifecycleTasks(this DurableTaskRegistry r) => r
        .AddOrchestrator<CampaignLifecycle>()
        .AddOrchestrator<DueInstant>()
        .AddActivity<ApplyDueTransitions>()
        .AddActivity<LoadCampaignState>()
        .AddActivity<ActivateCampaign>()
        .AddActivity<CompleteCampaign>()
        .AddActivity<RemindReviewers>()
        .AddActivity<FlagStartPassed>();

    /// <summary>The services the activities and the outbox need (NpgsqlDataSource, TimeProvider and options come from the app).</summary>
    public static IServiceCollection AddCampaignLifecycle(this IServiceCollection services)
    {
        services.AddOptions<LifecycleOptions>();
        services.AddSingleton<LifecycleSteps>();
        services.TryAddSingleton<LifecycleRuns>();
        services.TryAddSingleton<DueTransitionRunner>();
        services.AddSingleton<LifecycleOutbox>();
        services.AddSingleton<LifecycleDurableStatusReader>();
        return services;
    }
}
