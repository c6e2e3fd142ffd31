using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Data.Lifecycle;

namespace StoreSync.Functions.Lifecycle;

/// <summary>
/// The side effects of the lifecycle orchestration, one transaction each; the activities in CampaignLifecycle.cs and the
/// Functions app's [ActivityTrigger] functions call these. A timed transition goes through the workflow table's system
/// transition and the conditional single-campaign update of DueTransitions (status and due time checked under the row lock, one
/// history row with due_at and an audit row, in one transaction). When the campaign has already moved (cancelled, or
/// the due instant's set-based run got there first) or its date has moved, nothing is written: the campaign's current state comes back.
/// </summary>
public sealed class LifecycleSteps(NpgsqlDataSource db, IOptions<LifecycleOptions> options, TimeProvider time, ILogger<LifecycleSteps> logger)
{
    public async Task<CampaignState?> LoadAsync(Guid campaignId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await LoadAsync(conn, null, campaignId, ct);
    }

    public async Task<IReadOnlyDictionary<Guid, CampaignState>> LoadManyAsync(Guid[] campaignIds, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await LifecycleOutboxStore.StatesAsync(conn, null, campaignIds, options.Value.DefaultApprovalReminderHours, ct);
        return rows.ToDictionary(r => r.Id, From);
    }

    /// <summary>"activate" at the start, "complete" at the end: whatever the outcome, the campaign's state after it.</summary>
    public async Task<CampaignState?> ApplyTimedAsync(string action, TimedStep step, CancellationToken ct)
    {
        var t = DueTransitionRunner.Transitions.Single(x => x.Action == action);
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var moved = await DueTransitions.ApplyOneAsync(conn, tx, t, step.CampaignId, now, ct);
        var state = await LoadAsync(conn, tx, step.CampaignId, ct);
        await tx.CommitAsync(ct);
        if (moved is null)
            logger.LogInformation("Lifecycle: {Action} of campaign {CampaignId} (due {DueAt:o}) found it {Status}; nothing to do", action,
                step.CampaignId, step.DueAt, state?.Status ?? "deleted");
        return state;
    }

    public async Task<int> RemindAsync(ReminderStep step, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var sent = await LifecycleNotices.RemindAsync(conn, tx, step.CampaignId, step.SubmittedAt, step.Interval, options.Value.NotifyAdmins,
            time.GetUtcNow(), ct);
        await tx.CommitAsync(ct);
        return sent;
    }

    public async Task<CampaignState?> FlagStartPassedAsync(Guid campaignId, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await LifecycleNotices.FlagStartPassedAsync(conn, tx, campaignId, options.Value.NotifyAdmins, time.GetUtcNow(), ct);
        var state = await LoadAsync(conn, tx, campaignId, ct);
        await tx.CommitAsync(ct);
        return state;
    }

    private async Task<CampaignState?> LoadAsync(NpgsqlConnection conn, NpgsqlTransaction? tx, Guid campaignId, CancellationToken ct) =>
        (await LifecycleOutboxStore.StatesAsync(conn, tx, [campaignId], options.Value.DefaultApprovalReminderHours, ct)).Select(From).SingleOrDefault();

    public static CampaignState From(LifecycleStateRow r) =>
        new(r.Id, r.Status, r.Version, r.ScheduledStart, r.ScheduledEnd, r.SubmittedAt, r.ReminderHours, r.StartFlagged);
}
