using Dapper;
using Npgsql;
using StoreSync.Data.Db;

namespace StoreSync.Data.Campaigns;

public sealed record ActivityDay(DateOnly Date, int Created, int Submitted, int Approved, int Rejected);

public sealed record CampaignStatsRow(IReadOnlyDictionary<string, int> CountsByStatus, int ApprovalsWaiting, double? MedianTimeToApprovalSeconds,
    int GoingLiveThisWeek, IReadOnlyList<ActivityDay> Activity);

/// <summary>Dashboard figures over the campaigns in the caller's scope (optionally one brand).</summary>
public sealed class CampaignStats(NpgsqlDataSource db)
{
    private const string Scoped = $"{CampaignStore.InScope} AND (@brandId::uuid IS NULL OR c.brand_id = @brandId)";

    public async Task<CampaignStatsRow> ComputeAsync(CampaignScope scope, Guid? brandId, DateTimeOffset now, int activityDays, CancellationToken ct)
    {
        var args = new
        {
            scope.AllBrands, scope.BrandIds, scope.LocationScope, brandId, now = now.UtcDateTime, weekAhead = now.AddDays(7).UtcDateTime,
            firstDay = DateOnly.FromDateTime(now.UtcDateTime).AddDays(1 - activityDays).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
            lastDay = DateOnly.FromDateTime(now.UtcDateTime).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc),
        };
        await using var conn = await db.OpenConnectionAsync(ct);
        // Brand-wide counts come from the trigger-kept counters; a location manager limited to some stores counts rows.
        var countsSql = scope.LocationScope is null
            ? """
              SELECT s.status, sum(s.n)::int FROM campaign_status_counts s
              WHERE (@AllBrands OR s.brand_id = ANY(@BrandIds)) AND (@brandId::uuid IS NULL OR s.brand_id = @brandId)
              GROUP BY s.status
              """
            : $"SELECT c.status, count(*)::int FROM campaigns c WHERE {Scoped} GROUP BY c.status";
        var counts = (await conn.QueryAsync<(string Status, int N)>(new CommandDefinition(countsSql, args, cancellationToken: ct)))
            .ToDictionary(x => x.Status, x => x.N);
        var goingLive = await conn.ExecuteScalarAsync<int>(new CommandDefinition($"""
            SELECT count(*)::int FROM campaigns c
            WHERE {Scoped} AND c.status IN ('approved', 'scheduled') AND c.scheduled_start >= @now AND c.scheduled_start < @weekAhead
            """, args, cancellationToken: ct));
        // Submit → approve: each approval against the latest submission before it (a campaign may go round more than once).
        var median = await conn.ExecuteScalarAsync<double?>(new CommandDefinition($"""
            SELECT percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM a.at - s.at))
            FROM campaigns c
            JOIN campaign_history a ON a.campaign_id = c.id AND a.action = 'approve'
            CROSS JOIN LATERAL (
                SELECT h.at FROM campaign_history h
                WHERE h.campaign_id = c.id AND h.action = 'submit' AND h.at <= a.at
                ORDER BY h.at DESC LIMIT 1) s
            WHERE {Scoped}
            """, args, cancellationToken: ct));
        var activity = (await conn.QueryAsync<ActivityDay>(new CommandDefinition($"""
            WITH days AS (SELECT d::date AS day FROM generate_series(@firstDay::timestamp, @lastDay::timestamp, interval '1 day') d),
            created AS (
                SELECT (c.created_at AT TIME ZONE 'UTC')::date AS day, count(*)::int AS n FROM campaigns c
                WHERE {Scoped} AND c.created_at >= @firstDay GROUP BY 1),
            moves AS (
                SELECT (h.at AT TIME ZONE 'UTC')::date AS day,
                       count(*) FILTER (WHERE h.action = 'submit')::int AS submitted,
                       count(*) FILTER (WHERE h.action = 'approve')::int AS approved,
                       count(*) FILTER (WHERE h.action = 'reject')::int AS rejected
                FROM campaign_history h JOIN campaigns c ON c.id = h.campaign_id
                WHERE {Scoped} AND h.at >= @firstDay AND h.action IN ('submit', 'approve', 'reject') GROUP BY 1)
            SELECT days.day AS date, coalesce(created.n, 0) AS created, coalesce(moves.submitted, 0) AS submitted,
                   coalesce(moves.approved, 0) AS approved, coalesce(moves.rejected, 0) AS rejected
            FROM days LEFT JOIN created USING (day) LEFT JOIN moves USING (day)
            ORDER BY days.day
            """, args, cancellationToken: ct)))
            .ToList();
        return new CampaignStatsRow(counts, counts.GetValueOrDefault("pendingReview"), median, goingLive, activity);
    }
}
