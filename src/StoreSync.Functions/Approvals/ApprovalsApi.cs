using StoreSync.Data.Campaigns;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Paging;

namespace StoreSync.Functions.Approvals;

/// <summary><c>conflictCount</c>: how many other campaigns' offers at the store conflict with this one's (see GET /campaigns/{id}/conflicts).</summary>
public sealed record ApprovalItem(DateTimeOffset WaitingSince, CampaignResponse Campaign, int ConflictCount = 0);

/// <summary>
/// The caller's review queue: campaigns waiting for review in brands they may approve (brand managers: their brands;
/// admins: all), oldest first. Their own submissions are not in it (they may not review those); roles that do not
/// review have an empty queue.
/// </summary>
public static class ApprovalsApi
{

    internal static async Task<IResult> QueueAsync(HttpContext http, CampaignStore campaigns, Npgsql.NpgsqlDataSource db, Guid? brandId, int? page,
        int? pageSize, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var p = PageRequest.From(page, pageSize);
        if (!me.IsBrandManagerOrAdmin) return Results.Ok(new Page<ApprovalItem>([], p.Page, p.PageSize, 0));
        var (items, total) = await campaigns.ReviewQueueAsync(me.AllBrands, me.BrandIds, brandId, me.Id, p.Offset, p.PageSize, ct);
        var counts = new Dictionary<Guid, int>();
        if (items.Any(c => c.Offer is not null))
        {
            await using var conn = await db.OpenConnectionAsync(ct);
            var rows = await Data.Offers.OfferStore.CampaignsAsync(conn, null, items.Select(c => c.Id).ToArray(), me.CampaignScope, ct);
            var found = await Offers.OffersApi.ForCampaignsAsync(conn, null, rows, ct);
            for (var i = 0; i < rows.Count; i++) counts[rows[i].Id] = found[i].Count;
        }
        return Results.Ok(new Page<ApprovalItem>(items.Select(c => new ApprovalItem(c.SubmittedAt ?? c.UpdatedAt, CampaignResponse.From(c, me),
            counts.GetValueOrDefault(c.Id))).ToList(), p.Page, p.PageSize, total));
    }
}
