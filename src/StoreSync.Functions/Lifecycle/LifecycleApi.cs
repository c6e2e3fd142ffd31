using Microsoft.DurableTask.Client;
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

/// <summary>
/// `lastSweep` is the last set-based due-transition run (a DueInstant orchestration's or reconciliation's; null before the
/// first); `nextDue` the earliest pending start or end from PostgreSQL (in the past while there is a backlog), i.e. the next
/// timer that moves a campaign; `orchestrations` counts instances by runtime state (null where this host has no Durable
/// client; `truncated` past <see cref="LifecycleApi.MaxInstancesCounted"/>); `outbox` the transitions not yet delivered
/// to their orchestrations; `lastReconciliation` null before the first.
/// </summary>
public sealed record LifecycleStatus(DateTimeOffset Now, LifecycleRun? LastSweep, NextDueTransition? NextDue, LifecycleBacklogCounts Backlog,
    OrchestrationCounts? Orchestrations, OutboxStatus Outbox, LastReconciliation? LastReconciliation);

public sealed record OutboxStatus(int Pending, int Failing, DateTimeOffset? OldestAt, double? OldestAgeSeconds);

/// <summary>The [DurableClient] of the function serving a request, for handlers that read the task hub (feature code takes no binding).</summary>
public sealed record DurableClientFeature(DurableTaskClient Client);

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


    /// <summary>The status counts at most this many instances (a paged query of the task hub, 500 a page).</summary>
    public const int MaxInstancesCounted = 5_000;

    /// <summary>Hands the function's [DurableClient] to the handler through the request's features (nothing when null).</summary>
    public static IResult WithDurableClient(this IResult result, HttpRequest? req, DurableTaskClient? client)
    {
        if (req is not null && client is not null) req.HttpContext.Features.Set(new DurableClientFeature(client));
        return result;
    }

    internal static async Task<IResult> Status(HttpContext http, LifecycleRuns runs, LifecycleDurableStatusReader durable, TimeProvider time,
        CancellationToken ct)
    {
        var now = time.GetUtcNow();
        var client = http.Features.Get<DurableClientFeature>()?.Client ?? http.RequestServices.GetService<DurableTaskClient>();
        var d = await durable.ReadAsync(client, ct, MaxInstancesCounted);
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
            new LifecycleBacklogCounts(backlog.DueToActivate, backlog.DueToComplete, backlog.DueToActivate + backlog.DueToComplete),
            d.Orchestrations,
            new OutboxStatus(d.Outbox.Pending, d.Outbox.Failing, d.Outbox.OldestAt,
                d.Outbox.OldestAt is { } oldest ? Math.Max(0, (now - oldest).TotalSeconds) : null),
            d.LastReconciliation));
    }
}
