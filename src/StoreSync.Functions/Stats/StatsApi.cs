using StoreSync.Data.Campaigns;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;

namespace StoreSync.Functions.Stats;

public sealed record StatsResponse(IReadOnlyDictionary<string, int> CountsByStatus, int ApprovalsWaiting, double? MedianTimeToApprovalSeconds,
    int GoingLiveThisWeek, IReadOnlyList<ActivityDay> Activity);

/// <summary>Dashboard numbers over the caller's scope (their brands; limited location managers: their locations).</summary>
public static class StatsApi
{
    public const int ActivityDays = 30;


    internal static async Task<IResult> GetAsync(HttpContext http, CampaignStats stats, TimeProvider time, Guid? brandId, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (brandId is { } b && !me.CanSeeBrand(b)) return Problem.NotFound("brand");
        var row = await stats.ComputeAsync(me.CampaignScope, brandId, time.GetUtcNow(), ActivityDays, ct);
        var counts = CampaignStatus.All.ToDictionary(s => s, s => row.CountsByStatus.GetValueOrDefault(s));
        return Results.Ok(new StatsResponse(counts, row.ApprovalsWaiting, row.MedianTimeToApprovalSeconds, row.GoingLiveThisWeek, row.Activity));
    }
}
