using StoreSync.Data.Lifecycle;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;

using StoreSync.Functions.Notifications;

namespace StoreSync.Functions.Lifecycle;

public sealed record LifecycleRun(DateTimeOffset StartedAt, DateTimeOffset? FinishedAt, bool IsPastDue, int Activated, int Completed,
    int Failed, int Batches, int RemindersSent, int DigestsSent, int Flagged, int? DurationMs, bool StoppedEarly)
{
    public static LifecycleRun From(LifecycleRunRow r) => new(r.StartedAt, r.FinishedAt, r.IsPastDue, r.Activated, r.Completed, r.Failed,
        r.Batches, r.RemindersSent, r.DigestsSent, r.Flagged, r.DurationMs, r.StoppedEarly);
}

public sealed record NextDueTransition(string Action, DateTimeOffset At);

public sealed record LifecycleBacklogCounts(int Activate, int Complete, int Total);

/// <summary>`lastSweep` is null before the first run; `nextDue` is the earliest pending start or end (in the past while there is a backlog).</summary>
public sealed record LifecycleStatus(DateTimeOffset Now, LifecycleRun? LastSweep, NextDueTransition? NextDue, LifecycleBacklogCounts Backlog);

public static class LifecycleApi
{
    public static IHostApplicationBuilder AddLifecycle(this IHostApplicationBuilder builder)
    {
        builder.Services.AddOptions<LifecycleOptions>().Bind(builder.Configuration.GetSection("Lifecycle")).ValidateDataAnnotations().ValidateOnStart();
        builder.Services.AddSingleton<LifecycleRuns>();
        builder.Services.AddSingleton<ApprovalNotifier>();
        builder.Services.AddSingleton<DueTransitionRunner>();
        return builder;
    }


    internal static async Task<IResult> Status(LifecycleRuns runs, TimeProvider time, CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var last = await runs.LatestAsync(ct);
        var backlog = await runs.BacklogAsync(now, ct);
        NextDueTransition? next = (backlog.NextStartAt, backlog.NextEndAt) switch
        {
            (null, null) => null,
            ({ } start, { } end) when end < start => new("complete", end),
            ({ } start, _) => new("activate", start),
            (null, { } end) => new("complete", end),
        };
        return Results.Ok(new LifecycleStatus(now, last is null ? null : LifecycleRun.From(last), next,
            new LifecycleBacklogCounts(backlog.DueToActivate, backlog.DueToComplete, backlog.DueToActivate + backlog.DueToComplete)));
    }
}
