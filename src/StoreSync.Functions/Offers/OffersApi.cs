using System.Data.Common;
using System.Globalization;
using System.Text.Json.Serialization;
using Npgsql;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Offers;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Offers;

public sealed record BasketLineRequest(string? Sku, string? Category, [property: JsonConverter(typeof(DecimalTextConverter))] string? UnitPrice,
    int? Quantity);

public sealed record BasketRequest(List<BasketLineRequest>? Lines);

/// <summary><c>at</c> is an instant (with Z or an offset) or a store-local time without offset ("2026-03-07T09:00"); default now.</summary>
public sealed record OfferPreviewRequest(Guid[]? CampaignIds, List<OfferSpec>? Offers, Guid? LocationId, string? At, BasketRequest? Basket);

public sealed record OfferPreviewLine(string Sku, string UnitPrice, int Quantity, string Discount);

/// <summary><c>index</c> is the offer's position in <c>offers</c> (or <c>campaignIds</c>).</summary>
public sealed record OfferPreviewApplied(Guid? CampaignId, int Index, string Type, string Discount, string Reason);

public sealed record OfferPreviewSkipped(Guid? CampaignId, int Index, string? Type, string Reason);

public sealed record OfferPreviewResponse(string Currency, DateTimeOffset At, string LocalTime, string TimeZone, IReadOnlyList<OfferPreviewLine> Lines,
    IReadOnlyList<OfferPreviewApplied> Applied, IReadOnlyList<OfferPreviewSkipped> Skipped, string Subtotal, string Discount, string Total);

public sealed record CampaignConflictsResponse(Guid CampaignId, IReadOnlyList<OfferConflict> Conflicts);

/// <summary>The price a till would charge (<c>POST /offers/preview</c>) and a campaign's offer conflicts.</summary>
public static class OffersApi
{
    public const int MaxLines = 500;
    public const int MaxOffers = 50;
    public const int MaxQuantity = 10_000;

    internal static async Task<IResult> Preview(OfferPreviewRequest body, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var v = new Validator();
        if (body.LocationId is null) v.Add("locationId", "locationId is required (its time zone and brand decide hours and currency).");
        if ((body.CampaignIds is null) == (body.Offers is null)) v.Add("offers", "Give either campaignIds or offers.");
        if (body.CampaignIds is { Length: > MaxOffers } || body.Offers is { Count: > MaxOffers }) v.Add("offers", $"At most {MaxOffers} offers per preview.");
        var lines = body.Basket?.Lines;
        if (lines is null) v.Add("basket.lines", "basket.lines is required.");
        else if (lines.Count > MaxLines) v.Add("basket.lines", $"A basket has at most {MaxLines} lines; this one has {lines.Count}.");
        if (!v.IsValid) return v.ToResult();

        await using var conn = await db.OpenConnectionAsync(ct);
        var location = await CampaignStore.FindLocationAsync(conn, null, body.LocationId!.Value, null, me.CampaignScope, ct);
        if (location is null) return Problem.NotFound("location");
        var currency = Currency.FromSettings(await OfferStore.BrandSettingsAsync(conn, null, location.BrandId, ct));
        var timeZone = TimeZoneInfo.FindSystemTimeZoneById(location.TimeZone);
        var at = ParseAt(v, body.At, timeZone) ?? time.GetUtcNow();
        var basket = Basket(v, lines!, currency);

        var candidates = new List<OfferCandidate>();
        var unusable = new List<OfferPreviewSkipped>();
        if (body.Offers is { } offers)
        {
            for (var i = 0; i < offers.Count; i++)
                if (OfferRules.Validate(v, $"offers[{i}]", offers[i], currency, out _) is { } offer) candidates.Add(new OfferCandidate(offer));
        }
        if (!v.IsValid) return v.ToResult();
        if (body.CampaignIds is { } ids)
        {
            var distinct = ids.Distinct().ToArray();
            var rows = (await OfferStore.CampaignsAsync(conn, null, distinct, me.CampaignScope, ct)).ToDictionary(r => r.Id);
            if (distinct.Any(id => !rows.ContainsKey(id))) return Problem.NotFound("campaign");
            // Only campaigns that price at this store enter the engine; the rest are reported with their input position.
            var positions = new List<int>();
            for (var i = 0; i < distinct.Length; i++)
            {
                var r = rows[distinct[i]];
                var offer = OfferRules.FromStored(r.Offer, currency);
                string? why = r.LocationId != location.Id ? "The campaign runs at another store."
                    : offer is null ? "The campaign has no offer."
                    : r.Status is "cancelled" or "completed" or "rejected" ? $"The campaign is {r.Status}."
                    : null;
                if (why is not null) unusable.Add(new OfferPreviewSkipped(r.Id, i, offer?.Type, why));
                else
                {
                    candidates.Add(new OfferCandidate(offer!, r.Id, r.ScheduledStart, r.ScheduledEnd));
                    positions.Add(i);
                }
            }
            return Results.Ok(Respond(PriceEngine.Price(candidates, basket, at, timeZone, currency.Format), currency, at, timeZone, unusable, positions));
        }
        return Results.Ok(Respond(PriceEngine.Price(candidates, basket, at, timeZone, currency.Format), currency, at, timeZone, unusable, null));
    }

    private static OfferPreviewResponse Respond(PriceResult r, Currency c, DateTimeOffset at, TimeZoneInfo tz, List<OfferPreviewSkipped> unusable,
        List<int>? positions)
    {
        int Position(int index) => positions is null ? index : positions[index];
        var skipped = unusable.Concat(r.Skipped.Select(s => new OfferPreviewSkipped(s.CampaignId, Position(s.Index), s.Type, s.Reason)))
            .OrderBy(s => s.Index).ToList();
        return new OfferPreviewResponse(c.Code, at, TimeZoneInfo.ConvertTime(at, tz).ToString("yyyy-MM-dd'T'HH:mm", CultureInfo.InvariantCulture), tz.Id,
            r.Lines.Select(l => new OfferPreviewLine(l.Sku, c.Format(l.UnitPrice), l.Quantity, c.Format(l.Discount))).ToList(),
            r.Applied.Select(a => new OfferPreviewApplied(a.CampaignId, Position(a.Index), a.Type, c.Format(a.Discount), a.Reason)).ToList(),
            skipped, c.Format(r.Subtotal), c.Format(r.Discount), c.Format(r.Total));
    }

    private static List<BasketLine> Basket(Validator v, List<BasketLineRequest> lines, Currency currency)
    {
        var basket = new List<BasketLine>(lines.Count);
        for (var i = 0; i < lines.Count; i++)
        {
            var l = lines[i];
            var at = $"basket.lines[{i}]";
            if (l is null) { v.Add(at, "A line is required."); continue; }
            if (string.IsNullOrWhiteSpace(l.Sku) || l.Sku.Length > 100) v.Add($"{at}.sku", "sku is required (at most 100 characters).");
            v.MaxLength($"{at}.category", l.Category, 100);
            var price = currency.ToMinor(l.UnitPrice);
            if (price is null) v.Add($"{at}.unitPrice", $"unitPrice is required: a decimal amount in {currency.Code} with at most {currency.MinorUnits} decimals.");
            else if (price < 0) v.Add($"{at}.unitPrice", "unitPrice must be at least 0.");
            else if (price > OfferRules.MaxMoneyMinor / MaxQuantity) v.Add($"{at}.unitPrice", "unitPrice is too large.");
            if (l.Quantity is null or < 1 or > MaxQuantity) v.Add($"{at}.quantity", $"quantity must be a whole number from 1 to {MaxQuantity}.");
            if (v.IsValid) basket.Add(new BasketLine(l.Sku!.Trim(), l.Category?.Trim(), price!.Value, l.Quantity!.Value));
        }
        return basket;
    }

    private static DateTimeOffset? ParseAt(Validator v, string? text, TimeZoneInfo tz)
    {
        if (string.IsNullOrWhiteSpace(text)) return null;
        var hasOffset = text.EndsWith('Z') || text.EndsWith('z') || (text.Length > 6 && text[^6] is '+' or '-' && text[^3] == ':');
        if (hasOffset && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var instant)) return instant.ToUniversalTime();
        if (!hasOffset && DateTime.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.None, out var local))
        {
            if (tz.IsInvalidTime(local)) { v.Add("at", $"{text} does not exist in {tz.Id} (the clocks skip it)."); return null; }
            return new DateTimeOffset(TimeZoneInfo.ConvertTimeToUtc(DateTime.SpecifyKind(local, DateTimeKind.Unspecified), tz), TimeSpan.Zero);
        }
        v.Add("at", "at must be an ISO date-time: with Z or an offset for an instant, without one for the store's local time.");
        return null;
    }

    internal static async Task<IResult> Conflicts(Guid id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        var rows = await OfferStore.CampaignsAsync(conn, null, [id], http.CurrentUser().CampaignScope, ct);
        if (rows.Count == 0) return Problem.NotFound("campaign");
        return Results.Ok(new CampaignConflictsResponse(id, (await ForCampaignsAsync(conn, null, rows, ct))[0]));
    }

    /// <summary>Conflicts of existing campaigns (one query for all); a campaign without an offer has none.</summary>
    public static async Task<IReadOnlyList<IReadOnlyList<OfferConflict>>> ForCampaignsAsync(DbConnection conn, DbTransaction? tx,
        IReadOnlyList<CampaignOfferRow> campaigns, CancellationToken ct)
    {
        var subjects = new List<ConflictSubject>();
        var at = new List<int>();
        for (var i = 0; i < campaigns.Count; i++)
        {
            var c = campaigns[i];
            if (OfferRules.FromStored(c.Offer, Currency.FromSettings(c.BrandSettings)) is not { } offer) continue;
            subjects.Add(new ConflictSubject(c.LocationId, c.TimeZone, c.ScheduledStart, c.ScheduledEnd, offer, c.Id));
            at.Add(i);
        }
        var found = await OfferConflicts.FindAsync(conn, tx, subjects, ct);
        var result = campaigns.Select(_ => (IReadOnlyList<OfferConflict>)[]).ToArray();
        for (var k = 0; k < at.Count; k++) result[at[k]] = found[k];
        return result;
    }
}
