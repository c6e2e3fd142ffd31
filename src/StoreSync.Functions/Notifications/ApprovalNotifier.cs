using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Data.Notifications;
using StoreSync.Functions.Lifecycle;

namespace StoreSync.Functions.Notifications;

/// <summary>
/// The notifications the lifecycle sweep sends: reminders for reviews waiting too long, a daily digest per approver,
/// and a flag when an approved campaign's start passes unscheduled. Each is at most once by its dedupe key.
/// </summary>
public sealed class ApprovalNotifier(NpgsqlDataSource db, IOptions<LifecycleOptions> options, TimeProvider time)
{
    public async Task<int> SendRemindersAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var due = await ApprovalNotices.RemindersDueAsync(conn, tx, now, o.DefaultApprovalReminderHours, o.NotifyAdmins, o.BatchSize, ct);
        var sent = await NotificationStore.InsertManyAsync(conn, tx, due.Select(r => new NewNotification(r.UserId, r.BrandId,
            NotificationKind.Reminder, $"Review waiting: {r.CampaignName}",
            $"\"{r.CampaignName}\" has waited for approval since {Utc(r.SubmittedAt)} ({Waited(now - r.SubmittedAt)}).",
            r.CampaignId, r.DedupeKey)).ToList(), now, ct);
        await tx.CommitAsync(ct);
        return sent;
    }

    public async Task<int> SendDigestsAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        if (now.Hour < o.DigestHourUtc) return 0;
        var day = DateOnly.FromDateTime(now.UtcDateTime);
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (!await ApprovalNotices.ClaimDigestDayAsync(conn, tx, day, now, ct)) return 0;
        var digests = await ApprovalNotices.DigestsAsync(conn, tx, o.NotifyAdmins, ct);
        var sent = await NotificationStore.InsertManyAsync(conn, tx, digests.Select(d => new NewNotification(d.UserId, null,
            NotificationKind.Digest, d.Waiting == 1 ? "1 campaign waits for your review" : $"{d.Waiting} campaigns wait for your review",
            $"The oldest has waited since {Utc(d.OldestSince)} ({Waited(now - d.OldestSince)}).",
            null, $"digest:{d.UserId}:{day:yyyy-MM-dd}")).ToList(), now, ct);
        await tx.CommitAsync(ct);
        return sent;
    }

    public async Task<int> FlagUnscheduledStartsAsync(CancellationToken ct)
    {
        var o = options.Value;
        var now = time.GetUtcNow();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var missed = await ApprovalNotices.FlagUnscheduledStartsAsync(conn, tx, now, o.NotifyAdmins, o.BatchSize, ct);
        var sent = await NotificationStore.InsertManyAsync(conn, tx, missed.Select(m => new NewNotification(m.UserId, m.BrandId,
            NotificationKind.UnscheduledStart, $"Start passed unscheduled: {m.CampaignName}",
            $"\"{m.CampaignName}\" is approved but was never scheduled, and its start ({Utc(m.ScheduledStart)}) has passed. " +
            "Schedule it with new dates or cancel it.",
            m.CampaignId, $"unscheduledStart:{m.UserId}:{m.CampaignId}")).ToList(), now, ct);
        await tx.CommitAsync(ct);
        return sent;
    }

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'");

    private static string Waited(TimeSpan span) =>
        span.TotalHours < 48 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalDays} days";
}
