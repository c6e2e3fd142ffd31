using System.Text.Json;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Templates;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Idempotency;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Templates;
using StoreSync.Data.Db;

namespace StoreSync.Functions.Campaigns;

public sealed record LocationFilterRequest(bool? IsActive, string? Q, string? City, string? State, string? TimeZone,
    Dictionary<string, JsonElement>? Attributes);

public sealed record RolloutRequest(Guid? TemplateId, Guid[]? LocationIds, LocationFilterRequest? LocationFilter,
    Dictionary<string, JsonElement>? Customizations, string? Name, string? ScheduledStart, string? ScheduledEnd, string? ScheduledStartLocal,
    string? ScheduledEndLocal, Offers.OfferSpec? Offer = null, bool? DryRun = null)
{
    [System.Text.Json.Serialization.JsonIgnore] // derived from the four fields; not a property of the body
    public ScheduleInput Schedule => new(ScheduledStart, ScheduledEnd, ScheduledStartLocal, ScheduledEndLocal);
}

/// <summary>In a dry run <c>status</c> is "planned" (or "failed"), nothing is created and <c>conflicts</c> lists the offer conflicts at that store.</summary>
public sealed record RolloutItem(Guid LocationId, Guid? CampaignId, string Status, ItemError? Error,
    IReadOnlyList<Offers.OfferConflict>? Conflicts = null);

/// <param name="RolloutId">The rollout the created campaigns belong to (null when none was created).</param>
/// <param name="DryRun">True when nothing was created: results are "planned" with their stores' offer conflicts.</param>
public sealed record RolloutResponse(int Created, int Failed, IReadOnlyList<RolloutItem> Results, Guid? RolloutId = null, bool DryRun = false);

/// <summary>
/// One template rolled out to many locations in ONE transaction: shared input (template, customizations, dates) is
/// checked once and fails the whole call with 400; each location is then rendered with its own built-in variables in
/// C#, and every valid one is inserted by a single multi-row INSERT (unnest arrays) with its audit rows. Locations that
/// are not visible, inactive, or whose dates do not work in their time zone are reported and skipped.
/// </summary>
public static class CampaignRollout
{
    public const int MaxLocations = 10_000;


    internal static async Task<IResult> RollOutAsync(RolloutRequest body, HttpContext http, Idempotency idempotency, TemplateEngine engine,
        TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (!me.CanAuthorCampaigns) return Problem.Forbidden("Viewers cannot create campaigns.");
        var v = new Validator().MaxLength("name", body.Name, 200);
        if (body.TemplateId is null) v.Add("templateId", "templateId is required.");
        if ((body.LocationIds is null) == (body.LocationFilter is null)) v.Add("locationIds", "Give either locationIds or locationFilter.");
        if (body.LocationIds is { Length: > MaxLocations }) v.Add("locationIds", $"At most {MaxLocations} locations per call.");
        if (body.LocationIds is { Length: 0 }) v.Add("locationIds", "locationIds must list at least one location.");
        if (body.Name is not null && string.IsNullOrWhiteSpace(body.Name)) v.Add("name", "name must not be blank.");
        var schedule = CampaignSchedules.Parse(v, body.Schedule);
        if (schedule is { StartUtc: { } s, EndUtc: { } e } && CampaignSchedules.Check(s, e, time.GetUtcNow()) is { } problem) v.Add("scheduledStart", problem);
        if (!v.IsValid) return v.ToResult();
        var scope = me.CampaignScope;

        return await idempotency.RunAsync(http, body, async (conn, tx) =>
        {
            var template = await TemplateStore.FindAsync(conn, tx, body.TemplateId!.Value, scope.Brands, ct);
            if (template is null) return CreateOutcome.Failed(Problem.NotFound("template"));
            if (!template.IsActive) v.Add("templateId", "The template is inactive.");
            var content = CampaignContent.Prepare(v, engine, template, body.Customizations);
            var offer = Offers.CampaignOffers.Resolve(v, await Offers.CampaignOffers.CurrencyAsync(conn, tx, template.BrandId, ct), template.Offer, null,
                body.Offer);
            if (!v.IsValid || content is null) return CreateOutcome.Failed(v.ToResult());
            if (offer is not null) content.OfferValues = Offers.OfferVariables.For(offer.Spec, offer.Currency);

            IReadOnlyList<Guid> requested;
            Dictionary<Guid, LocationRenderRow> found;
            if (body.LocationIds is { } ids)
            {
                requested = ids.Distinct().ToList();
                found = (await CampaignStore.FindLocationsAsync(conn, tx, [.. requested], template.BrandId, scope, ct)).ToDictionary(l => l.Id);
            }
            else
            {
                var f = body.LocationFilter!;
                var filter = new LocationFilter(f.IsActive ?? true, f.Q, f.City, f.State, f.TimeZone,
                    f.Attributes is { Count: > 0 } a ? JsonSerializer.Serialize(a) : null);
                var rows = await CampaignStore.FilterLocationsAsync(conn, tx, template.BrandId, filter, scope, MaxLocations + 1, ct);
                if (rows.Count > MaxLocations)
                    return CreateOutcome.Failed(Problem.Validation("locationFilter", $"The filter matches more than {MaxLocations} locations; narrow it."));
                requested = rows.Select(l => l.Id).ToList();
                found = rows.ToDictionary(l => l.Id);
            }

            var now = time.GetUtcNow();
            var results = new List<RolloutItem>(requested.Count);
            var inserts = new List<NewCampaign>(requested.Count);
            foreach (var locationId in requested)
            {
                var (row, error) = Plan(locationId, found.GetValueOrDefault(locationId), template, content, body.Name, schedule, now);
                results.Add(new RolloutItem(locationId, row?.Id, row is null ? "failed" : "created", error));
                if (row is not null) inserts.Add(row);
            }
            if (body.DryRun == true)
                return CreateOutcome.Ok(await DryRunAsync(conn, tx, results, inserts, found, offer, ct));
            if (inserts.Count == 0) return CreateOutcome.Ok(new RolloutResponse(0, results.Count, results));
            var rolloutId = await Rollouts.RolloutsApi.CreateAsync(conn, tx, template, body.Name, me.Id, now, ct);
            await CampaignStore.InsertManyAsync(conn, tx, template.BrandId, template.Id, content.CustomizationsJson, inserts, me.Id, now, "create", ct,
                rolloutId, offer?.Json);
            return CreateOutcome.Ok(new RolloutResponse(inserts.Count, results.Count - inserts.Count, results, rolloutId));
        }, ct);
    }

    /// <summary>What the rollout would create, with each planned store's offer conflicts (one query for all stores); nothing is written.</summary>
    private static async Task<RolloutResponse> DryRunAsync(System.Data.Common.DbConnection conn, System.Data.Common.DbTransaction tx,
        List<RolloutItem> results, List<NewCampaign> planned, Dictionary<Guid, LocationRenderRow> locations, Offers.EffectiveOffer? offer,
        CancellationToken ct)
    {
        var conflicts = offer is null ? planned.Select(_ => (IReadOnlyList<Offers.OfferConflict>)[]).ToList()
            : await Offers.OfferConflicts.FindAsync(conn, tx, planned.Select(p => new Offers.ConflictSubject(p.LocationId,
                locations[p.LocationId].TimeZone, p.ScheduledStart, p.ScheduledEnd, offer.Offer)).ToList(), ct);
        var byLocation = planned.Select((p, i) => (p.LocationId, Conflicts: conflicts[i])).ToDictionary(x => x.LocationId, x => x.Conflicts);
        var items = results.Select(r => byLocation.TryGetValue(r.LocationId, out var c) ? r with { CampaignId = null, Status = "planned", Conflicts = c } : r).ToList();
        return new RolloutResponse(0, results.Count - planned.Count, items, DryRun: true);
    }

    private static (NewCampaign? Row, ItemError? Error) Plan(Guid locationId, LocationRenderRow? location, TemplateRow template, CampaignContent content,
        string? name, ParsedSchedule? schedule, DateTimeOffset now)
    {
        if (location is null) return (null, new ItemError(404, "The location does not exist in the template's brand or is not visible to you."));
        if (!location.IsActive) return (null, new ItemError(409, "The location is inactive."));
        var dates = schedule?.In(location.TimeZone);
        if (dates is { } d && CampaignSchedules.Check(d.Start, d.End, now) is { } problem)
            return (null, new ItemError(400, $"{problem} (in the location's time zone {location.TimeZone})"));
        string rendered;
        try
        {
            rendered = content.RenderFor(location);
        }
        catch (Exception e) when (e is HandlebarsDotNet.HandlebarsException or JsonException)
        {
            return (null, new ItemError(400, $"The template could not be rendered for this location: {e.Message}"));
        }
        return (new NewCampaign(Guid.CreateVersion7(), location.Id, name?.Trim() ?? CampaignContent.DefaultName(template, location), rendered,
            dates?.Start, dates?.End), null);
    }
}
