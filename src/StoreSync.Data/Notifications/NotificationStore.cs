using System.Data.Common;
using Dapper;
using Npgsql;

namespace StoreSync.Data.Notifications;

public static class NotificationKind
{
    public const string Reminder = "reminder";
    public const string Digest = "digest";
    public const string UnscheduledStart = "unscheduledStart";
    public const string CampaignApproved = "campaignApproved";
    public const string CampaignRejected = "campaignRejected";
    public const string CampaignScheduled = "campaignScheduled";
    public const string CampaignActivated = "campaignActivated";
    public const string CampaignCompleted = "campaignCompleted";
    public const string CampaignCancelled = "campaignCancelled";
}

public sealed record NotificationRow(Guid Id, string Kind, string Title, string Body, Guid? CampaignId, DateTimeOffset CreatedAt, DateTimeOffset? ReadAt,
    string? CampaignName, Guid? RolloutId);

public sealed record NewNotification(Guid UserId, Guid? BrandId, string Kind, string Title, string Body, Guid? CampaignId, string DedupeKey);

/// <summary>A user's notifications. Every query is scoped to the user in its WHERE clause.</summary>
public sealed class NotificationStore(NpgsqlDataSource db)
{
    public async Task<(IReadOnlyList<NotificationRow> Items, int Total, int Unread)> ListAsync(Guid userId, bool unreadOnly, int offset, int limit,
        CancellationToken ct)
    {
        var args = new { userId, unreadOnly, offset, limit };
        await using var conn = await db.OpenConnectionAsync(ct);
        // ORDER BY matches notifications_user_list_idx: unread first, newest first.
        var items = await conn.QueryAsync<NotificationRow>(new CommandDefinition("""
            SELECT n.id, n.kind, n.title, n.body, n.campaign_id, n.created_at, n.read_at, c.name AS campaign_name, c.rollout_id
            FROM notifications n
            LEFT JOIN campaigns c ON c.id = n.campaign_id
            WHERE n.user_id = @userId AND (NOT @unreadOnly OR n.read_at IS NULL)
            ORDER BY (n.read_at IS NULL) DESC, n.created_at DESC, n.id DESC
            OFFSET @offset LIMIT @limit
            """, args, cancellationToken: ct));
        var (total, unread) = await conn.QuerySingleAsync<(int, int)>(new CommandDefinition("""
            SELECT (SELECT count(*)::int FROM notifications WHERE user_id = @userId AND (NOT @unreadOnly OR read_at IS NULL)),
                   (SELECT count(*)::int FROM notifications WHERE user_id = @userId AND read_at IS NULL)
            """, args, cancellationToken: ct));
        return (items.ToList(), total, unread);
    }

    /// <summary>False when the notification does not exist or is someone else's. Reading twice keeps the first read time.</summary>
    public async Task<bool> MarkReadAsync(Guid userId, Guid id, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE notifications SET read_at = coalesce(read_at, @now) WHERE id = @id AND user_id = @userId",
            new { id, userId, now = now.UtcDateTime }, cancellationToken: ct)) > 0;
    }

    public async Task<int> MarkAllReadAsync(Guid userId, DateTimeOffset now, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteAsync(new CommandDefinition(
            "UPDATE notifications SET read_at = @now WHERE user_id = @userId AND read_at IS NULL",
            new { userId, now = now.UtcDateTime }, cancellationToken: ct));
    }

    /// <summary>Inserts set-based; a notification whose dedupe key exists already is not sent again. Returns how many were new.</summary>
    public static async Task<int> InsertManyAsync(DbConnection conn, DbTransaction tx, IReadOnlyList<NewNotification> notifications,
        DateTimeOffset now, CancellationToken ct)
    {
        if (notifications.Count == 0) return 0;
        return await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO notifications (id, user_id, brand_id, kind, title, body, campaign_id, dedupe_key, created_at)
            SELECT * , @now FROM unnest(@ids, @userIds, @brandIds, @kinds, @titles, @bodies, @campaignIds, @dedupeKeys)
            ON CONFLICT (dedupe_key) DO NOTHING
            """, new
        {
            ids = notifications.Select(_ => Guid.CreateVersion7()).ToArray(),
            userIds = notifications.Select(n => n.UserId).ToArray(),
            brandIds = notifications.Select(n => n.BrandId).ToArray(),
            kinds = notifications.Select(n => n.Kind).ToArray(),
            titles = notifications.Select(n => n.Title).ToArray(),
            bodies = notifications.Select(n => n.Body).ToArray(),
            campaignIds = notifications.Select(n => n.CampaignId).ToArray(),
            dedupeKeys = notifications.Select(n => n.DedupeKey).ToArray(),
            now = now.UtcDateTime,
        }, tx, cancellationToken: ct));
    }
}
