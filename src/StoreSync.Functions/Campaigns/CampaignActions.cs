using Npgsql;
using StoreSync.Data.Audit;
using StoreSync.Data.Campaigns;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Lifecycle;

namespace StoreSync.Functions.Campaigns;

/// <summary>Optional body of a workflow action; the schedule action also takes dates (else the campaign's own).</summary>
public sealed record CampaignActionRequest(string? Comment, string? ScheduledStart, string? ScheduledEnd, string? ScheduledStartLocal, string? ScheduledEndLocal)
{
    [System.Text.Json.Serialization.JsonIgnore] // derived from the four fields; not a property of the body
    public ScheduleInput Schedule => new(ScheduledStart, ScheduledEnd, ScheduledStartLocal, ScheduledEndLocal);
}

public sealed record BulkActionRequest(Guid[]? CampaignIds, string? Comment);

public sealed record BulkActionItem(Guid CampaignId, string Status, ItemError? Error);

public sealed record BulkActionResponse(int Succeeded, int Failed, IReadOnlyList<BulkActionItem> Results);

/// <summary>
/// Workflow actions over HTTP, one campaign or many. Checks run in the contract's order: not visible → 404 (before
/// anything that would reveal the campaign), role → 403, input → 400, stale If-Match → 412, status → 409, own
/// submission → 403. The move itself is CampaignTransitions' conditional update (plus one history row) in the same
/// transaction as the audit row; whoever loses a race gets 409.
/// </summary>
public static class CampaignActions
{
    public const int MaxBulkIds = 1000;
    public const int MaxCommentLength = 2000;

    // One handler per action (the functions hand each route to its own); the work is shared.
    internal static Task<IResult> Submit(Guid id, CampaignActionRequest? body, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        ActAsync("submit", id, body, http, db, time, ct);
    internal static Task<IResult> Approve(Guid id, CampaignActionRequest? body, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        ActAsync("approve", id, body, http, db, time, ct);
    internal static Task<IResult> Reject(Guid id, CampaignActionRequest? body, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        ActAsync("reject", id, body, http, db, time, ct);
    internal static Task<IResult> Revise(Guid id, CampaignActionRequest? body, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        ActAsync("revise", id, body, http, db, time, ct);
    internal static Task<IResult> Schedule(Guid id, CampaignActionRequest? body, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        ActAsync("schedule", id, body, http, db, time, ct);
    internal static Task<IResult> Cancel(Guid id, CampaignActionRequest? body, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        ActAsync("cancel", id, body, http, db, time, ct);

    internal static Task<IResult> BulkSubmit(BulkActionRequest body, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        BulkAsync("submit", body, http, db, time, ct);
    internal static Task<IResult> BulkApprove(BulkActionRequest body, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        BulkAsync("approve", body, http, db, time, ct);
    internal static Task<IResult> BulkReject(BulkActionRequest body, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct) =>
        BulkAsync("reject", body, http, db, time, ct);


    private static async Task<IResult> ActAsync(string action, Guid id, CampaignActionRequest? body, HttpContext http, NpgsqlDataSource db,
        TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var transition = Workflow.Find(action)!;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await CampaignStore.FindAsync(conn, tx, id, me.CampaignScope, ct) is not { } campaign) return Problem.NotFound("campaign");
        if (!transition.AllowsRole(me.Role)) return Problem.Forbidden($"Your role ({me.Role}) may not {action} campaigns.");
        var v = new Validator();
        var comment = ValidateComment(v, action, body?.Comment);
        var schedule = action == "schedule" ? CampaignSchedules.Parse(v, body?.Schedule ?? new ScheduleInput(null, null, null, null)) : null;
        if (!v.IsValid) return v.ToResult();
        var expected = ETags.ExpectedVersion(http.Request);
        if (expected is not null && expected != campaign.Version) return Problem.PreconditionFailed();
        if (!transition.From.Contains(campaign.Status)) return Problem.Conflict($"A campaign in {campaign.Status} cannot be {Past(action)}.");
        if (CampaignResponse.IsReview(action) && campaign.SubmittedBy == me.Id)
            return Problem.Forbidden($"You submitted this campaign, so someone else must {action} it.");

        var now = time.GetUtcNow();
        CampaignSchedule? dates = null;
        if (action == "schedule")
        {
            var (start, end) = schedule?.In(campaign.TimeZone) ?? (campaign.ScheduledStart ?? default, campaign.ScheduledEnd ?? default);
            if (schedule is null && (campaign.ScheduledStart is null || campaign.ScheduledEnd is null))
                return Problem.Validation("scheduledStart", "The campaign has no dates: send scheduledStartLocal/scheduledEndLocal or scheduledStart/scheduledEnd.");
            if (CampaignSchedules.Check(start, end, now) is { } problem) return Problem.Validation("scheduledStart", problem);
            dates = new CampaignSchedule(start, end);
        }

        var moved = await CampaignTransitions.ApplyAsync(conn, tx, id, transition.From, transition.To, action, me.Id, comment, now,
            campaign.Version, ct, dates);
        if (moved is null)
            return expected is null ? Problem.Conflict("The campaign changed at the same time (another action won). Reload and try again.")
                : Problem.PreconditionFailed();
        await AuditLog.WriteAsync(conn, tx, me.Id, campaign.BrandId, action, "campaign", id,
            new { from = campaign.Status, to = moved.Status, comment, dates?.Start, dates?.End }, ct);
        await LifecycleOutbox.EnqueueAsync(conn, tx, [id], action, now, ct);
        var updated = (await CampaignStore.FindAsync(conn, tx, id, me.CampaignScope, ct))!;
        // Offer conflicts warn the submitter (the reviewer decides); they never block the move.
        var conflicts = action == "submit"
            ? (await Offers.OffersApi.ForCampaignsAsync(conn, tx, await Data.Offers.OfferStore.CampaignsAsync(conn, tx, [id], me.CampaignScope, ct), ct))[0]
            : null;
        await tx.CommitAsync(ct);
        ETags.Set(http, updated.Version);
        return Results.Ok(CampaignResponse.From(updated, me) with { Conflicts = conflicts });
    }

    private static async Task<IResult> BulkAsync(string action, BulkActionRequest body, HttpContext http, NpgsqlDataSource db, TimeProvider time,
        CancellationToken ct)
    {
        var me = http.CurrentUser();
        var transition = Workflow.Find(action)!;
        var v = new Validator();
        var comment = ValidateComment(v, action, body.Comment);
        if (body.CampaignIds is not { Length: > 0 }) v.Add("campaignIds", "campaignIds must list at least one campaign.");
        else if (body.CampaignIds.Length > MaxBulkIds) v.Add("campaignIds", $"At most {MaxBulkIds} campaigns per call.");
        if (!v.IsValid) return v.ToResult();
        var ids = body.CampaignIds!.Distinct().ToArray();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var states = (await CampaignStore.FindStatesAsync(conn, tx, ids, me.CampaignScope, ct)).ToDictionary(s => s.Id);
        var verdicts = new Dictionary<Guid, ItemError?>();
        foreach (var id in ids)
            verdicts[id] = !states.TryGetValue(id, out var s) ? new ItemError(404, "The campaign does not exist or is not visible to you.")
                : !transition.AllowsRole(me.Role) ? new ItemError(403, $"Your role ({me.Role}) may not {action} campaigns.")
                : !transition.From.Contains(s.Status) ? new ItemError(409, $"A campaign in {s.Status} cannot be {Past(action)}.")
                : CampaignResponse.IsReview(action) && s.SubmittedBy == me.Id ? new ItemError(403, $"You submitted this campaign, so someone else must {action} it.")
                : null;
        var candidates = verdicts.Where(x => x.Value is null).Select(x => x.Key).ToArray();
        var moved = candidates.Length == 0 ? []
            : await CampaignTransitions.ApplyManyAsync(conn, tx, candidates, transition.From, transition.To, action, me.Id, comment, time.GetUtcNow(), null, ct);
        var movedIds = moved.Select(m => m.Id).ToHashSet();
        foreach (var id in candidates.Where(c => !movedIds.Contains(c)))
            verdicts[id] = new ItemError(409, "The campaign changed at the same time (another action won).");
        if (moved.Count > 0)
        {
            await CampaignStore.AuditManyAsync(conn, tx, moved.Select(m => (m.Id, m.BrandId)).ToList(), me.Id, action, comment, time.GetUtcNow(), ct);
            await LifecycleOutbox.EnqueueAsync(conn, tx, movedIds, action, time.GetUtcNow(), ct);
        }
        await tx.CommitAsync(ct);
        var results = ids.Select(id => new BulkActionItem(id, verdicts[id] is null ? "ok" : "failed", verdicts[id])).ToList();
        return Results.Ok(new BulkActionResponse(moved.Count, results.Count - moved.Count, results));
    }

    private static string? ValidateComment(Validator v, string action, string? comment)
    {
        v.MaxLength("comment", comment, MaxCommentLength);
        if (action == "reject" && string.IsNullOrWhiteSpace(comment)) v.Add("comment", "A reason is required to reject (comment).");
        return string.IsNullOrWhiteSpace(comment) ? null : comment.Trim();
    }

    private static string Past(string action) => action switch
    {
        "submit" => "submitted",
        "approve" => "approved",
        "reject" => "rejected",
        "revise" => "revised",
        "schedule" => "scheduled",
        "cancel" => "cancelled",
        _ => action + "ed",
    };
}
