using System.Text.Json;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Npgsql;
using StoreSync.Data.Audit;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Templates;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Http;
using StoreSync.Functions.Common.Idempotency;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Templates;
using StoreSync.Functions.Lifecycle;
using StoreSync.Data.Db;
using StoreSync.Functions.Offers;

namespace StoreSync.Functions.Campaigns;

/// <summary><c>offer</c> overlays the template's default offer field by field; the campaign stores the result.</summary>
public sealed record CreateCampaignRequest(Guid? TemplateId, Guid? LocationId, string? Name, Dictionary<string, JsonElement>? Customizations,
    string? ScheduledStart, string? ScheduledEnd, string? ScheduledStartLocal, string? ScheduledEndLocal, OfferSpec? Offer = null)
{
    [System.Text.Json.Serialization.JsonIgnore] // derived from the four fields; not a property of the body
    public ScheduleInput Schedule => new(ScheduledStart, ScheduledEnd, ScheduledStartLocal, ScheduledEndLocal);
}

/// <summary>Fields a PATCH may change; absent fields stay. <c>generatedContent</c> is the (AI-drafted) copy as the author edited it; "" clears it.</summary>
public sealed record UpdateCampaignRequest(string? Name, Dictionary<string, JsonElement>? Customizations,
    string? ScheduledStart, string? ScheduledEnd, string? ScheduledStartLocal, string? ScheduledEndLocal, string? GeneratedContent = null,
    OfferSpec? Offer = null)
{
    [System.Text.Json.Serialization.JsonIgnore] // derived from the four fields; not a property of the body
    public ScheduleInput Schedule => new(ScheduledStart, ScheduledEnd, ScheduledStartLocal, ScheduledEndLocal);
}

public sealed record CampaignHistoryEntry(string? FromStatus, string ToStatus, string Action, Guid? Actor, string ActorName, string? Comment, DateTimeOffset At);

/// <summary>Campaigns: one location, one template of the same brand, content rendered at save; the lifecycle in Workflow.</summary>
public static class CampaignsApi
{
    public static IServiceCollection AddCampaigns(this IServiceCollection services)
    {
        services.TryAddSingleton<TemplateEngine>();
        services.AddSingleton<CampaignStore>();
        services.AddSingleton<CampaignStats>();
        services.TryAddSingleton<Idempotency>();
        return services;
    }


    internal static async Task<IResult> List(HttpContext http, CampaignStore campaigns, string? status, Guid? brandId, Guid? locationId, Guid? templateId,
        string? q, DateTimeOffset? startsFrom, DateTimeOffset? startsTo, string? sort, int? page, int? pageSize, CancellationToken ct)
    {
        var me = http.CurrentUser();
        sort ??= "-createdAt";
        var v = new Validator().OneOf("status", status, CampaignStatus.All, required: false).OneOf("sort", sort, CampaignStore.Sorts.Keys.ToArray());
        if (!v.IsValid) return v.ToResult();
        var p = PageRequest.From(page, pageSize);
        var (items, total) = await campaigns.ListAsync(new CampaignListQuery(me.CampaignScope, status, brandId, locationId, templateId, q, startsFrom, startsTo,
            sort, p.Offset, p.PageSize), ct);
        return Results.Ok(new Page<CampaignResponse>(items.Select(c => CampaignResponse.From(c, me)).ToList(), p.Page, p.PageSize, total));
    }

    internal static async Task<IResult> Get(Guid id, HttpContext http, CampaignStore campaigns, LifecycleSteps lifecycle, TimeProvider time,
        CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (await campaigns.FindAsync(id, me.CampaignScope, ct) is not { } c) return Problem.NotFound("campaign");
        ETags.Set(http, c.Version);
        return Results.Ok(CampaignResponse.From(c, me) with { NextAutomaticStep = await NextStepAsync(c, lifecycle, time, ct) });
    }

    /// <summary>The step the campaign's orchestration waits for, computed the way the orchestrator computes it.</summary>
    private static async Task<NextAutomaticStep?> NextStepAsync(CampaignView c, LifecycleSteps lifecycle, TimeProvider time, CancellationToken ct)
    {
        if (await lifecycle.LoadAsync(c.Id, ct) is not { } state || CampaignLifecycle.NextStep(state, time.GetUtcNow().UtcDateTime) is not { } step)
            return null;
        var action = step.Activity switch
        {
            nameof(ActivateCampaign) => "activate",
            nameof(CompleteCampaign) => "complete",
            nameof(RemindReviewers) => "remindReviewers",
            _ => "flagStartPassed",
        };
        var due = new DateTimeOffset(DateTime.SpecifyKind(step.DueAt, DateTimeKind.Utc));
        return new NextAutomaticStep(action, due, LocalTimes.ToLocalText(due, c.TimeZone));
    }

    internal static async Task<IResult> Create(CreateCampaignRequest body, HttpContext http, Idempotency idempotency, TemplateEngine engine,
        TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (!me.CanAuthorCampaigns) return Problem.Forbidden("Viewers cannot create campaigns.");
        var v = new Validator().MaxLength("name", body.Name, 200);
        if (body.TemplateId is null) v.Add("templateId", "templateId is required.");
        if (body.LocationId is null) v.Add("locationId", "locationId is required.");
        if (body.Name is not null && string.IsNullOrWhiteSpace(body.Name)) v.Add("name", "name must not be blank.");
        var schedule = CampaignSchedules.Parse(v, body.Schedule);
        if (!v.IsValid) return v.ToResult();
        var scope = me.CampaignScope;
        return await idempotency.RunAsync(http, body, async (conn, tx) =>
        {
            var template = await TemplateStore.FindAsync(conn, tx, body.TemplateId!.Value, scope.Brands, ct);
            if (template is null) return CreateOutcome.Failed(Problem.NotFound("template"));
            var location = await CampaignStore.FindLocationAsync(conn, tx, body.LocationId!.Value, template.BrandId, scope, ct);
            if (location is null) return CreateOutcome.Failed(Problem.NotFound("location"));
            if (!template.IsActive) v.Add("templateId", "The template is inactive.");
            if (!location.IsActive) v.Add("locationId", "The location is inactive.");
            var content = CampaignContent.Prepare(v, engine, template, body.Customizations);
            var offer = CampaignOffers.Resolve(v, await CampaignOffers.CurrencyAsync(conn, tx, template.BrandId, ct), template.Offer, null, body.Offer);
            if (content is not null && offer is not null) content.OfferValues = OfferVariables.For(offer.Spec, offer.Currency);
            var now = time.GetUtcNow();
            var dates = schedule?.In(location.TimeZone);
            if (dates is { } d && CampaignSchedules.Check(d.Start, d.End, now) is { } problem) v.Add("scheduledStart", problem);
            if (!v.IsValid || content is null) return CreateOutcome.Failed(v.ToResult());

            var id = Guid.CreateVersion7();
            var row = new NewCampaign(id, location.Id, body.Name?.Trim() ?? CampaignContent.DefaultName(template, location), content.RenderFor(location),
                dates?.Start, dates?.End);
            await CampaignStore.InsertManyAsync(conn, tx, template.BrandId, template.Id, content.CustomizationsJson, [row], me.Id, now, "create", ct,
                offerJson: offer?.Json);
            var created = await CampaignStore.FindAsync(conn, tx, id, scope, ct);
            return CreateOutcome.Created($"/api/v1/campaigns/{id}", CampaignResponse.From(created!, me));
        }, ct);
    }

    internal static async Task<IResult> Update(Guid id, UpdateCampaignRequest body, HttpContext http, NpgsqlDataSource db, TemplateEngine engine,
        TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await CampaignStore.FindAsync(conn, tx, id, me.CampaignScope, ct) is not { } current) return Problem.NotFound("campaign");
        if (!me.CanAuthorCampaigns) return Problem.Forbidden("Viewers cannot edit campaigns.");
        var expected = ETags.ExpectedVersion(http.Request);
        if (expected is not null && expected != current.Version) return Problem.PreconditionFailed();
        if (!CampaignStatus.IsEditable(current.Status))
            return Problem.Conflict($"Content and dates can be edited only in draft or rejected; this campaign is {current.Status}.");

        var v = new Validator().MaxLength("name", body.Name, 200).MaxLength("generatedContent", body.GeneratedContent, 20_000);
        if (body.Name is not null && string.IsNullOrWhiteSpace(body.Name)) v.Add("name", "name must not be blank.");
        var schedule = CampaignSchedules.Parse(v, body.Schedule);
        if (!v.IsValid) return v.ToResult();
        var location = (await CampaignStore.FindLocationAsync(conn, tx, current.LocationId, null, CampaignScope.Everything, ct))!;
        var rendered = current.RenderedContent;
        var customizations = JsonSerializer.Serialize(current.Customizations);
        var template = (await TemplateStore.FindAsync(conn, tx, current.TemplateId, BrandScope.Everything, ct))!;
        var offer = CampaignOffers.Resolve(v, await CampaignOffers.CurrencyAsync(conn, tx, current.BrandId, ct), template.Offer, current.Offer, body.Offer);
        if (!v.IsValid) return v.ToResult();
        if (body.Customizations is not null || body.Offer is not null)
        {
            var content = CampaignContent.Prepare(v, engine, template,
                body.Customizations ?? current.Customizations);
            if (content is null) return v.ToResult();
            if (offer is not null) content.OfferValues = OfferVariables.For(offer.Spec, offer.Currency);
            rendered = content.RenderFor(location);
            customizations = content.CustomizationsJson;
        }
        var (start, end) = (current.ScheduledStart, current.ScheduledEnd);
        if (schedule is not null)
        {
            var dates = schedule.In(location.TimeZone);
            if (CampaignSchedules.Check(dates.Start, dates.End, time.GetUtcNow()) is { } problem) return Problem.Validation("scheduledStart", problem);
            (start, end) = (dates.Start, dates.End);
        }
        if (!await CampaignStore.UpdateContentAsync(conn, tx, id, current.Version, body.Name?.Trim() ?? current.Name, customizations, rendered,
                start, end, [CampaignStatus.Draft, CampaignStatus.Rejected], time.GetUtcNow(), ct, body.GeneratedContent, offer?.Json))
            return expected is null ? Problem.Conflict("The campaign changed while you were saving it. Reload and try again.") : Problem.PreconditionFailed();
        await AuditLog.WriteAsync(conn, tx, me.Id, current.BrandId, "update", "campaign", id, body, ct);
        var updated = (await CampaignStore.FindAsync(conn, tx, id, me.CampaignScope, ct))!;
        await tx.CommitAsync(ct);
        ETags.Set(http, updated.Version);
        return Results.Ok(CampaignResponse.From(updated, me));
    }

    internal static async Task<IResult> Delete(Guid id, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await CampaignStore.FindStateAsync(conn, tx, id, me.CampaignScope, ct) is not { } current) return Problem.NotFound("campaign");
        if (!me.CanAuthorCampaigns) return Problem.Forbidden("Viewers cannot delete campaigns.");
        var expected = ETags.ExpectedVersion(http.Request);
        if (expected is not null && expected != current.Version) return Problem.PreconditionFailed();
        if (current.Status != CampaignStatus.Draft) return Problem.Conflict($"Only drafts can be deleted; this campaign is {current.Status}.");
        // A draft that was once submitted (rejected, revised) has an orchestration waiting for a resubmit: the drain ends it.
        // Enqueued before the DELETE (the row is read from the campaign); a refused delete rolls it back.
        await LifecycleOutbox.EnqueueAsync(conn, tx, [id], "delete", time.GetUtcNow(), ct);
        if (!await CampaignStore.DeleteAsync(conn, tx, id, current.Version, CampaignStatus.Draft, ct))
            return Problem.Conflict("The campaign changed while you were deleting it. Reload and try again.");
        await AuditLog.WriteAsync(conn, tx, me.Id, current.BrandId, "delete", "campaign", id, null, ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }

    internal static async Task<IResult> History(Guid id, HttpContext http, NpgsqlDataSource db, CampaignStore campaigns, CancellationToken ct)
    {
        await using (var conn = await db.OpenConnectionAsync(ct))
            if (await CampaignStore.FindStateAsync(conn, null, id, http.CurrentUser().CampaignScope, ct) is null) return Problem.NotFound("campaign");
        var rows = await campaigns.HistoryAsync(id, ct);
        return Results.Ok(rows.Select(h => new CampaignHistoryEntry(h.FromStatus, h.ToStatus, h.Action, h.Actor,
            h.Actor is null ? "system" : h.ActorName ?? "(deleted user)", h.Comment, h.At)).ToList());
    }
}
