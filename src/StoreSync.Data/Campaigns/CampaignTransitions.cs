using System.Data.Common;
using Dapper;
using StoreSync.Data.Notifications;

namespace StoreSync.Data.Campaigns;

public sealed record TransitionedCampaign(Guid Id, Guid BrandId, string Status, int Version);

/// <summary>UTC start and end a transition sets together with the status.</summary>
public sealed record CampaignSchedule(DateTimeOffset Start, DateTimeOffset End);

/// <summary>
/// The only SQL that changes a campaign's status: a conditional update on the expected status plus exactly one
/// history row (and the notices to the campaign's author and submitter), in the caller's transaction. Zero rows back means someone else moved it first (→ 409).
/// </summary>
public static class CampaignTransitions
{
    /// <summary>One campaign. <paramref name="expectedVersion"/> (If-Match) is optional.</summary>
    public static async Task<TransitionedCampaign?> ApplyAsync(DbConnection conn, DbTransaction tx, Guid campaignId, string[] fromStatuses,
        string toStatus, string action, Guid? actorId, string? comment, DateTimeOffset at, int? expectedVersion, CancellationToken ct,
        CampaignSchedule? schedule = null) =>
        (await ApplyManyAsync(conn, tx, [campaignId], fromStatuses, toStatus, action, actorId, comment, at, expectedVersion, ct, schedule)).SingleOrDefault();

    /// <summary>
    /// Set-based: every listed campaign still in one of <paramref name="fromStatuses"/> moves to <paramref name="toStatus"/>,
    /// each with one history row, in one statement. Returns those that moved. A <paramref name="schedule"/> sets the
    /// campaigns' dates in the same statement (the schedule action).
    /// </summary>
    public static async Task<IReadOnlyList<TransitionedCampaign>> ApplyManyAsync(DbConnection conn, DbTransaction tx, Guid[] campaignIds,
        string[] fromStatuses, string toStatus, string action, Guid? actorId, string? comment, DateTimeOffset at, int? expectedVersion, CancellationToken ct,
        CampaignSchedule? schedule = null)
    {
        var rows = await conn.QueryAsync<TransitionedCampaign>(new CommandDefinition("""
            WITH locked AS (
                -- Lock first: after a concurrent change the row is re-checked, so from_status is the status we replace.
                SELECT c.id, c.status AS from_status
                FROM campaigns c
                WHERE c.id = ANY(@campaignIds) AND c.status = ANY(@fromStatuses)
                  AND (@expectedVersion::int IS NULL OR c.version = @expectedVersion)
                FOR NO KEY UPDATE
            ), moved AS (
                UPDATE campaigns c
                SET status = @toStatus,
                    version = c.version + 1,
                    updated_at = @at,
                    submitted_by = CASE WHEN @toStatus = 'pendingReview' THEN @actorId ELSE c.submitted_by END,
                    submitted_at = CASE WHEN @toStatus = 'pendingReview' THEN @at ELSE c.submitted_at END,
                    scheduled_start = coalesce(@scheduledStart::timestamptz, c.scheduled_start),
                    scheduled_end = coalesce(@scheduledEnd::timestamptz, c.scheduled_end)
                FROM locked l
                WHERE c.id = l.id
                RETURNING c.id, c.brand_id, c.status, c.version, l.from_status
            ), history AS (
                INSERT INTO campaign_history (campaign_id, from_status, to_status, action, actor_id, comment, at)
                SELECT id, from_status, status, @action, @actorId, @comment, @at FROM moved
            )
            SELECT id, brand_id, status, version FROM moved
            """, new
            {
                campaignIds, fromStatuses, toStatus, action, actorId, comment, at = at.UtcDateTime, expectedVersion,
                scheduledStart = schedule?.Start.UtcDateTime, scheduledEnd = schedule?.End.UtcDateTime,
            }, tx, cancellationToken: ct));
        var moved = rows.ToList();
        await CampaignNotices.NotifyAsync(conn, tx, moved.Select(r => r.Id).ToArray(), action, actorId, comment, at, ct);
        return moved;
    }
}
