using System.Data.Common;
using Dapper;

namespace StoreSync.Data.Notifications;

/// <summary>
/// Tells a campaign's author, and its submitter when someone else, what happened to it: approved, rejected (with the
/// reviewer's comment), scheduled, live, ended or cancelled. Called inside the transition's own transaction (human and
/// timed alike), one INSERT ... SELECT for however many campaigns moved. The actor is never told about their own action.
/// </summary>
public static class CampaignNotices
{
    private static readonly Dictionary<string, string> KindOfAction = new()
    {
        ["approve"] = NotificationKind.CampaignApproved,
        ["reject"] = NotificationKind.CampaignRejected,
        ["schedule"] = NotificationKind.CampaignScheduled,
        ["activate"] = NotificationKind.CampaignActivated,
        ["complete"] = NotificationKind.CampaignCompleted,
        ["cancel"] = NotificationKind.CampaignCancelled,
    };

    /// <summary>Returns how many notifications were written (0 for actions nobody is told about, such as submit).</summary>
    public static async Task<int> NotifyAsync(DbConnection conn, DbTransaction tx, Guid[] campaignIds, string action, Guid? actorId,
        string? comment, DateTimeOffset at, CancellationToken ct)
    {
        if (campaignIds.Length == 0 || !KindOfAction.TryGetValue(action, out var kind)) return 0;
        // Store times are shown in the store's own zone. The dedupe key carries the campaign's new version: one notice per
        // recipient per transition, even if a retried statement runs twice.
        return await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO notifications (id, user_id, brand_id, kind, title, body, campaign_id, dedupe_key, created_at)
            SELECT gen_random_uuid(), r.user_id, c.brand_id, @kind,
                   CASE @kind
                       WHEN 'campaignApproved' THEN 'Approved: ' || c.name
                       WHEN 'campaignRejected' THEN 'Changes requested: ' || c.name
                       WHEN 'campaignScheduled' THEN 'Scheduled: ' || c.name
                       WHEN 'campaignActivated' THEN 'Live now: ' || c.name
                       WHEN 'campaignCompleted' THEN 'Ended: ' || c.name
                       ELSE 'Cancelled: ' || c.name
                   END,
                   CASE @kind
                       WHEN 'campaignApproved' THEN actor.name || ' approved "' || c.name || '" for ' || l.name || '.'
                       WHEN 'campaignRejected' THEN actor.name || ' sent "' || c.name || '" for ' || l.name || ' back for changes: ' || coalesce(@comment, '')
                       WHEN 'campaignScheduled' THEN actor.name || ' scheduled "' || c.name || '" at ' || l.name || ' from ' || starts.text || ' to ' || ends.text || ' (store time).'
                       WHEN 'campaignActivated' THEN '"' || c.name || '" is live at ' || l.name || ' until ' || ends.text || ' (store time).'
                       WHEN 'campaignCompleted' THEN '"' || c.name || '" at ' || l.name || ' has ended.'
                       ELSE actor.name || ' cancelled "' || c.name || '" at ' || l.name || '.' || coalesce(' ' || @comment, '')
                   END,
                   c.id, concat_ws(':', @kind, r.user_id, c.id, c.version), @at
            FROM campaigns c
            JOIN locations l ON l.id = c.location_id
            CROSS JOIN LATERAL (SELECT DISTINCT x AS user_id FROM unnest(ARRAY[c.created_by, c.submitted_by]) AS x WHERE x IS NOT NULL) r
            JOIN users u ON u.id = r.user_id AND u.is_active
            CROSS JOIN LATERAL (
                SELECT coalesce((SELECT coalesce(nullif(a.display_name, ''), a.username) FROM users a WHERE a.id = @actorId), 'StoreSync') AS name
            ) actor
            CROSS JOIN LATERAL (SELECT to_char(c.scheduled_start AT TIME ZONE l.time_zone, 'Mon FMDD, YYYY HH24:MI') AS text) starts
            CROSS JOIN LATERAL (SELECT to_char(c.scheduled_end AT TIME ZONE l.time_zone, 'Mon FMDD, YYYY HH24:MI') AS text) ends
            WHERE c.id = ANY(@campaignIds) AND r.user_id IS DISTINCT FROM @actorId
            ON CONFLICT (dedupe_key) DO NOTHING
            """, new { campaignIds, kind, actorId, comment, at = at.UtcDateTime }, tx, cancellationToken: ct));
    }
}
