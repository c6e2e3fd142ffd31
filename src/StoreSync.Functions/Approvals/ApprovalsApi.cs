using StoreSync.Data.Campaigns;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Paging;

namespace StoreSync.Functions.Approvals;

public sealed record ApprovalItem(DateTimeOffset WaitingSince, CampaignResponse Campaign);

/// <summary>
/// The caller's review queue: campaigns waiting for review in brands they may approve (brand managers: their brands;
/// admins: all), oldest first. Their own submissions are not in it (they may not review those); roles that do not
/// review have an empty queue.
/// </summary>
public static class ApprovalsApi
{

    internal static async Task<IResult> QueueAsync(HttpContext http, CampaignStore campaigns, Guid? brandId, int? page, int? pageSize, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var p = PageRequest.From(page, pageSize);
        if (!me.IsBrandManagerOrAdmin) return Results.Ok(new Page<ApprovalItem>([], p.Page, p.PageSize, 0));
        var (items, total) = await campaigns.ReviewQueueAsync(me.AllBrands, me.BrandIds, brandId, me.Id, p.Offset, p.PageSize, ct);
        return Results.Ok(new Page<ApprovalItem>(items.Select(c => new ApprovalItem(c.SubmittedAt ?? c.UpdatedAt, CampaignResponse.From(c, me))).ToList(),
            p.Page, p.PageSize, total));
    }
}
