using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Data.Notifications;
using StoreSync.Functions.Lifecycle;

namespace StoreSync.Functions.Notifications;

/// <summary>
/// The daily approval digest per approver, at most once a day by its dedupe key. (Reminders for reviews waiting too long and
/// the missed-start flags are sent by each campaign's orchestration: LifecycleNotices.)
/// </summary>
public sealed class ApprovalNotifier(NpgsqlDataSource db, IOptions<LifecycleOptions> options, TimeProvider time)
{
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

    private static string Utc(DateTimeOffset at) => at.UtcDateTime.ToString("yyyy-MM-dd HH:mm 'UTC'");

    private static string Waited(TimeSpan span) =>
        span.TotalHours < 48 ? $"{(int)span.TotalHours} h" : $"{(int)span.TotalDays} days";
}
