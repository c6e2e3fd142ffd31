using System.Globalization;
using System.Security.Cryptography;
using System.Text.Json;
using Microsoft.Net.Http.Headers;
using Npgsql;
using StoreSync.Data.Store;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Store;

public sealed record FeedLocation(Guid Id, Guid BrandId, string Name, string StoreNumber, string TimeZone);

public sealed record FeedCampaign(Guid Id, string Name, DateTime StartsAt, DateTime EndsAt, string Content, JsonElement? Offer, bool VouchersRequired);

public sealed record StoreFeed(FeedLocation Location, DateTime At, string Version, IReadOnlyList<FeedCampaign> Live, IReadOnlyList<FeedCampaign> Upcoming);

/// <summary>A till's batch. Money may be sent as a decimal string ("12.50", the contract's form) or a JSON number.</summary>
public sealed record RedemptionBatchRequest(string? BatchId, IReadOnlyList<RedemptionItemRequest>? Items);

public sealed record RedemptionItemRequest(Guid? CampaignId, DateTimeOffset? At, int? Quantity, JsonElement? BasketTotal, JsonElement? Discount,
    string? VoucherCode);

public sealed record RedemptionBatchResponse(int Accepted, IReadOnlyList<RejectedItem> Rejected);

public static class StoreApi
{
    public const int MaxDays = 31;
    public const int MaxItems = 1000;
    private const decimal MaxMoney = 1_000_000_000m;
    private static readonly JsonSerializerOptions Web = new(JsonSerializerDefaults.Web);

    /// <summary>
    /// The device's location only. Without <c>at</c>: what is live now (active) and scheduled to start within <c>days</c>;
    /// with <c>at</c>: what would be live then (see <see cref="FeedWindow"/>). The ETag is a fingerprint of exactly the answer,
    /// computed with an index-only query, so <c>If-None-Match</c> is answered 304 without building the body.
    /// </summary>
    internal static async Task<IResult> Feed(HttpContext http, NpgsqlDataSource db, TimeProvider clock, DateTimeOffset? at, int? days, CancellationToken ct)
    {
        var device = http.CurrentDevice();
        var v = new Validator();
        if (days is < 1 or > MaxDays) v.Add("days", $"days must be 1 to {MaxDays}.");
        if (!v.IsValid) return v.ToResult();
        var moment = at ?? clock.GetUtcNow();
        var window = new FeedWindow(device.LocationId, moment, moment.AddDays(days ?? 7), Preview: at is not null);
        var queries = new StoreFeedQueries(db);
        if (await queries.VersionAsync(window, ct) is not { } fingerprint) return Results.Unauthorized(); // location gone: device gone with it
        // The explicit at and days are part of what was asked; "now" is not, so a device polling every minute keeps its 304s
        // until something it would see changes (a campaign going live, a new upcoming one, an edit).
        var version = Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(
            $"{fingerprint}|{days ?? 7}|{(at is { } a ? a.UtcDateTime.ToString("O", CultureInfo.InvariantCulture) : "now")}")))[..32];
        var etag = $"\"{version}\"";
        http.Response.Headers.ETag = etag;
        http.Response.Headers.CacheControl = "private, no-cache";
        if (IfNoneMatch(http.Request, etag)) return Results.StatusCode(StatusCodes.Status304NotModified);

        var (location, rows) = await queries.FeedAsync(window, ct);
        if (location is null) return Results.Unauthorized();
        var campaigns = rows.Select(r => (r.Live, Campaign: new FeedCampaign(r.Id, r.Name, r.StartsAt.UtcDateTime, r.EndsAt.UtcDateTime, r.Content,
            r.Offer is null ? null : JsonDocument.Parse(r.Offer).RootElement.Clone(), r.VouchersRequired))).ToList();
        return Results.Ok(new StoreFeed(new FeedLocation(location.Id, location.BrandId, location.Name, location.StoreNumber, location.TimeZone),
            moment.UtcDateTime, version, campaigns.Where(c => c.Live).Select(c => c.Campaign).ToList(),
            campaigns.Where(c => !c.Live).Select(c => c.Campaign).ToList()));
    }

    private static bool IfNoneMatch(HttpRequest request, string etag)
    {
        foreach (var value in request.Headers.IfNoneMatch)
            foreach (var part in (value ?? "").Split(','))
                if (part.Trim() == etag || part.Trim() == "*") return true;
        return false;
    }

    /// <summary>
    /// A till's redemptions. Bad input (a missing field, quantity ≤ 0, negative money) is a 400 for the whole batch and nothing
    /// is stored; items that are well formed but cannot count (campaign not live at this store at <c>at</c>, voucher unknown,
    /// used, expired or of another campaign) are rejected one by one while the rest are accepted.
    /// </summary>
    internal static async Task<IResult> Redeem(RedemptionBatchRequest body, HttpContext http, NpgsqlDataSource db, TimeProvider clock, CancellationToken ct)
    {
        var device = http.CurrentDevice();
        if (body.Items is { Count: > MaxItems })
            return Results.Problem(statusCode: 413, title: "Payload too large",
                detail: $"A batch carries at most {MaxItems:N0} items; this one has {body.Items.Count:N0}. Split it; nothing was stored.");
        var v = new Validator();
        var batchId = body.BatchId?.Trim();
        v.Required("batchId", batchId, 100);
        if (body.Items is null || body.Items.Count == 0) v.Add("items", "items must hold 1 to 1,000 redemptions.");
        var items = new List<RedemptionItem>(body.Items?.Count ?? 0);
        for (var i = 0; i < (body.Items?.Count ?? 0); i++)
        {
            var item = body.Items![i];
            var field = $"items[{i}]";
            if (item is null) { v.Add(field, "An item is required."); continue; }
            if (item.CampaignId is null) v.Add($"{field}.campaignId", "campaignId is required.");
            if (item.At is null) v.Add($"{field}.at", "at is required.");
            if (item.Quantity is not > 0) v.Add($"{field}.quantity", "quantity must be a whole number greater than 0.");
            var total = Money(item.BasketTotal, $"{field}.basketTotal", v);
            var discount = Money(item.Discount, $"{field}.discount", v);
            var code = string.IsNullOrWhiteSpace(item.VoucherCode) ? null : item.VoucherCode.Trim().ToUpperInvariant();
            v.MaxLength($"{field}.voucherCode", code, 64);
            if (v.IsValid) items.Add(new RedemptionItem(item.CampaignId!.Value, item.At!.Value, item.Quantity!.Value, total!.Value, discount!.Value, code));
        }
        if (!v.IsValid) return v.ToResult();

        var hash = SHA256.HashData(JsonSerializer.SerializeToUtf8Bytes(items, Web));
        var outcome = await new RedemptionStore(db).RecordAsync(device.Id, device.BrandId, device.LocationId, batchId!, hash, items, clock.GetUtcNow(),
            (accepted, rejected) => JsonSerializer.Serialize(new RedemptionBatchResponse(accepted, rejected), Web), ct);
        return outcome switch
        {
            BatchOutcome.Recorded r => Results.Ok(new RedemptionBatchResponse(r.Accepted, r.Rejected)),
            BatchOutcome.Replayed r => Results.Text(r.ResponseJson, "application/json", statusCode: 200),
            _ => Problem.Unprocessable($"Batch '{batchId}' was already sent with other items. A batch id names one batch: use a new one."),
        };
    }

    /// <summary>A money amount: a decimal string or JSON number, ≥ 0, at most 4 decimals (the column's scale).</summary>
    private static decimal? Money(JsonElement? value, string field, Validator v)
    {
        decimal amount;
        if (value is not { } e || e.ValueKind is JsonValueKind.Null or JsonValueKind.Undefined) { v.Add(field, $"{field} is required."); return null; }
        if (e.ValueKind == JsonValueKind.Number && e.TryGetDecimal(out amount)) { }
        else if (e.ValueKind == JsonValueKind.String && decimal.TryParse(e.GetString(), NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out amount)) { }
        else { v.Add(field, $"{field} must be a decimal amount such as \"12.50\"."); return null; }
        if (amount < 0 || amount > MaxMoney) { v.Add(field, $"{field} must be between 0 and {MaxMoney:0}."); return null; }
        if (amount != Math.Round(amount, 4)) { v.Add(field, $"{field} has more than 4 decimals."); return null; }
        return amount;
    }
}
