using System.Data.Common;
using Dapper;
using StoreSync.Data.Comments;
using StoreSync.Data.Db;

namespace StoreSync.Data.Rollouts;

/// <summary>
/// "Please act on your stores": the people who can move the rollout's drafts and rejected campaigns along (each campaign's
/// author and submitter, and the location managers assigned to its store) hear once per rollout and UTC day, however
/// often the button is pressed. Only campaigns in the caller's scope count; the caller is not told about their own
/// click; nobody is told about a campaign they can no longer see.
/// </summary>
public static class RolloutReminders
{
    public static Task<int> SendAsync(DbConnection conn, DbTransaction tx, Guid rolloutId, CampaignScope scope, Guid callerId, DateTimeOffset now,
        CancellationToken ct) =>
        conn.ExecuteAsync(new CommandDefinition($"""
            WITH waiting AS (
                SELECT c.id, c.brand_id, c.location_id, c.status, c.created_by, c.submitted_by
                FROM campaigns c
                WHERE c.rollout_id = @rolloutId AND c.status IN ('draft', 'rejected')
                  AND (@AllBrands OR c.brand_id = ANY(@BrandIds)) AND (@LocationScope::uuid[] IS NULL OR c.location_id = ANY(@LocationScope))
            ), people AS (
                SELECT c.id AS campaign_id, c.status, x.user_id
                FROM waiting c
                CROSS JOIN LATERAL (
                    SELECT c.created_by AS user_id UNION SELECT c.submitted_by
                    UNION SELECT ul.user_id FROM user_locations ul JOIN users m ON m.id = ul.user_id AND m.role = 'locationManager'
                          WHERE ul.location_id = c.location_id
                ) x
                JOIN users u ON u.id = x.user_id
                WHERE x.user_id IS NOT NULL AND x.user_id <> @callerId AND {CampaignAudience.CanSee}
            ), per_person AS (
                SELECT user_id, count(*) FILTER (WHERE status = 'draft')::int AS drafts, count(*) FILTER (WHERE status = 'rejected')::int AS rejected,
                       min(campaign_id::text)::uuid AS campaign_id
                FROM people GROUP BY user_id
            )
            INSERT INTO notifications (id, user_id, brand_id, kind, title, body, campaign_id, dedupe_key, created_at)
            SELECT gen_random_uuid(), p.user_id, r.brand_id, 'rolloutReminder', 'Reminder: ' || r.name,
                   caller.name || ' asks you to act on the rollout "' || r.name || '": '
                       || concat_ws(' and ',
                              CASE WHEN p.drafts > 0 THEN p.drafts || ' draft' || CASE WHEN p.drafts > 1 THEN 's' ELSE '' END || ' to submit' END,
                              CASE WHEN p.rejected > 0 THEN p.rejected || ' rejected campaign' || CASE WHEN p.rejected > 1 THEN 's' ELSE '' END || ' to revise' END)
                       || '.',
                   p.campaign_id, concat_ws(':', 'rolloutReminder', r.id, p.user_id, to_char(@now AT TIME ZONE 'UTC', 'YYYY-MM-DD')), @now
            FROM per_person p
            JOIN rollouts r ON r.id = @rolloutId
            CROSS JOIN LATERAL (
                SELECT coalesce((SELECT coalesce(nullif(a.display_name, ''), a.username) FROM users a WHERE a.id = @callerId), 'StoreSync') AS name
            ) caller
            ON CONFLICT (dedupe_key) DO NOTHING
            """, new { rolloutId, scope.AllBrands, scope.BrandIds, scope.LocationScope, callerId, now = now.UtcDateTime }, tx, cancellationToken: ct));
}
