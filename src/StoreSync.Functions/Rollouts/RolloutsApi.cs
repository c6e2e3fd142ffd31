using System.Data.Common;
using Npgsql;
using StoreSync.Data.Audit;
using StoreSync.Data.Rollouts;
using StoreSync.Data.Templates;
using StoreSync.Functions.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Rollouts;

public sealed record RolloutSummary(Guid Id, Guid BrandId, Guid TemplateId, string TemplateName, string Name, Guid? CreatedBy, string? CreatedByName,
    DateTimeOffset CreatedAt)
{
    public static RolloutSummary From(RolloutRow r) => new(r.Id, r.BrandId, r.TemplateId, r.TemplateName, r.Name, r.CreatedBy, r.CreatedByName, r.CreatedAt);
}

public sealed record RolloutCounts(int Draft, int PendingReview, int Approved, int Rejected, int Scheduled, int Active, int Completed, int Cancelled);

/// <param name="Stores">How many stores (campaigns) of the rollout the caller can see: the sum of the counts.</param>
public sealed record RolloutDetail(Guid Id, Guid BrandId, Guid TemplateId, string TemplateName, string Name, Guid? CreatedBy, string? CreatedByName,
    DateTimeOffset CreatedAt, RolloutCounts Counts, int Stores);

/// <param name="Since">When the campaign reached its status (its last transition, else its creation).</param>
public sealed record RolloutLocation(Guid LocationId, string LocationName, string StoreNumber, Guid CampaignId, string Status, DateTimeOffset Since);

public sealed record RemindResponse(int Notified);

/// <summary>
/// Rollouts: what one POST /campaigns/bulk created. Readable by everyone in the brand; counts and stores are the caller's
/// visible campaigns of it. Reminding is for the brand's managers and admins.
/// </summary>
public static class RolloutsApi
{
    /// <summary>The stage filters of the per-store view, each one status: the stores that still have to act, and the live ones.</summary>
    public static readonly IReadOnlyDictionary<string, string> Stages = new Dictionary<string, string>
    {
        ["notSubmitted"] = CampaignStatus.Draft,
        ["rejectedNotRevised"] = CampaignStatus.Rejected,
        ["approvedNotScheduled"] = CampaignStatus.Approved,
        ["live"] = CampaignStatus.Active,
    };

    /// <summary>Creates the rollout of a bulk call inside its transaction; named by the caller or "template name yyyy-MM-dd".</summary>
    internal static async Task<Guid> CreateAsync(DbConnection conn, DbTransaction tx, TemplateRow template, string? name, Guid createdBy,
        DateTimeOffset now, CancellationToken ct)
    {
        var id = Guid.CreateVersion7();
        await RolloutStore.InsertAsync(conn, tx, id, template.BrandId, template.Id, name?.Trim() ?? $"{template.Name} {now:yyyy-MM-dd}", createdBy, now, ct);
        return id;
    }

    internal static async Task<IResult> List(HttpContext http, RolloutStore rollouts, Guid? brandId, string? q, int? page, int? pageSize,
        CancellationToken ct)
    {
        var v = new Validator().MaxLength("q", q, 200);
        if (!v.IsValid) return v.ToResult();
        var p = PageRequest.From(page, pageSize);
        var (items, total) = await rollouts.ListAsync(http.CurrentUser().BrandScope, brandId, q, p.Offset, p.PageSize, ct);
        return Results.Ok(new Page<RolloutSummary>(items.Select(RolloutSummary.From).ToList(), p.Page, p.PageSize, total));
    }

    internal static async Task<IResult> Get(Guid id, HttpContext http, RolloutStore rollouts, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (await rollouts.FindAsync(id, me.BrandScope, ct) is not { } r) return Problem.NotFound("rollout");
        var n = await rollouts.CountsAsync(id, me.CampaignScope, ct);
        int Of(string status) => n.GetValueOrDefault(status);
        var counts = new RolloutCounts(Of(CampaignStatus.Draft), Of(CampaignStatus.PendingReview), Of(CampaignStatus.Approved), Of(CampaignStatus.Rejected),
            Of(CampaignStatus.Scheduled), Of(CampaignStatus.Active), Of(CampaignStatus.Completed), Of(CampaignStatus.Cancelled));
        return Results.Ok(new RolloutDetail(r.Id, r.BrandId, r.TemplateId, r.TemplateName, r.Name, r.CreatedBy, r.CreatedByName, r.CreatedAt, counts,
            n.Values.Sum()));
    }

    internal static async Task<IResult> Locations(Guid id, HttpContext http, RolloutStore rollouts, string? status, string? stage, string? q, int? page,
        int? pageSize, CancellationToken ct)
    {
        var v = new Validator().OneOf("status", status, CampaignStatus.All, required: false).OneOf("stage", stage, Stages.Keys.ToList(), required: false)
            .MaxLength("q", q, 200);
        if (status is not null && stage is not null && Stages.GetValueOrDefault(stage) is { } s && s != status)
            v.Add("stage", "stage and status disagree; give one of them.");
        if (!v.IsValid) return v.ToResult();
        var me = http.CurrentUser();
        if (await rollouts.FindAsync(id, me.BrandScope, ct) is null) return Problem.NotFound("rollout");
        var p = PageRequest.From(page, pageSize);
        var (items, total) = await rollouts.LocationsAsync(
            new RolloutLocationQuery(id, me.CampaignScope, status ?? (stage is null ? null : Stages[stage]), q, p.Offset, p.PageSize), ct);
        return Results.Ok(new Page<RolloutLocation>(
            items.Select(l => new RolloutLocation(l.LocationId, l.LocationName, l.StoreNumber, l.CampaignId, l.Status, l.Since)).ToList(),
            p.Page, p.PageSize, total));
    }

    internal static async Task<IResult> Remind(Guid id, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await RolloutStore.FindAsync(conn, tx, id, me.BrandScope, ct) is not { } r) return Problem.NotFound("rollout");
        if (!me.CanManageBrand(r.BrandId)) return Problem.Forbidden("Only the brand's managers and admins can send reminders.");
        var now = time.GetUtcNow();
        var notified = await RolloutReminders.SendAsync(conn, tx, id, me.CampaignScope, me.Id, now, ct);
        await AuditLog.WriteAsync(conn, tx, me.Id, r.BrandId, "remind", "rollout", id, new { notified }, ct);
        await tx.CommitAsync(ct);
        return Results.Ok(new RemindResponse(notified));
    }
}
