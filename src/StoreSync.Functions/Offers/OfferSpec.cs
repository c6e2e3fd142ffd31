using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Offers;

public sealed record OfferItems(List<string>? Skus, List<string>? Categories);

public sealed record OfferTier([property: JsonConverter(typeof(DecimalTextConverter))] string? MinSpend, decimal? PercentOff);

/// <summary>A window in the store's local time on the listed days; <c>end</c> is exclusive and may be "24:00".</summary>
public sealed record OfferHours(List<string>? Days, string? Start, string? End);

/// <summary>
/// An offer in the contract's shape: the request body, the stored JSON (templates.offer, campaigns.offer) and the response.
/// Money is a decimal string in the brand's currency (a JSON number is accepted on input); <c>value</c> is the percent for
/// <c>percentOff</c> and money for <c>amountOff</c> and <c>threshold</c>.
/// </summary>
public sealed record OfferSpec(
    string? Type,
    [property: JsonConverter(typeof(DecimalTextConverter))] string? Value = null,
    OfferItems? AppliesTo = null,
    int? MinQuantity = null,
    [property: JsonConverter(typeof(DecimalTextConverter))] string? MinSpend = null,
    int? BuyQuantity = null,
    int? GetQuantity = null,
    decimal? GetPercentOff = null,
    [property: JsonConverter(typeof(DecimalTextConverter))] string? BundlePrice = null,
    List<OfferTier>? Tiers = null,
    List<OfferHours>? Hours = null,
    int? PerCustomerLimit = null,
    int? TotalLimit = null,
    bool? Stackable = null,
    int? Priority = null,
    bool? RequiresVoucher = null)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerOptions.Web) { DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull };

    public string ToJson() => JsonSerializer.Serialize(this, Json);

    public static OfferSpec? Parse(string? json) => string.IsNullOrEmpty(json) ? null : JsonSerializer.Deserialize<OfferSpec>(json, Json);

    /// <summary>The defaults overlaid field by field with what the campaign sets (a null field keeps the default).</summary>
    public static OfferSpec? Overlay(OfferSpec? defaults, OfferSpec? own)
    {
        if (defaults is null) return own;
        if (own is null) return defaults;
        return new OfferSpec(own.Type ?? defaults.Type, own.Value ?? defaults.Value, own.AppliesTo ?? defaults.AppliesTo,
            own.MinQuantity ?? defaults.MinQuantity, own.MinSpend ?? defaults.MinSpend, own.BuyQuantity ?? defaults.BuyQuantity,
            own.GetQuantity ?? defaults.GetQuantity, own.GetPercentOff ?? defaults.GetPercentOff, own.BundlePrice ?? defaults.BundlePrice,
            own.Tiers ?? defaults.Tiers, own.Hours ?? defaults.Hours, own.PerCustomerLimit ?? defaults.PerCustomerLimit,
            own.TotalLimit ?? defaults.TotalLimit, own.Stackable ?? defaults.Stackable, own.Priority ?? defaults.Priority,
            own.RequiresVoucher ?? defaults.RequiresVoucher);
    }
}

/// <summary>Money and percents arrive as JSON strings or numbers; both are kept as the invariant decimal text.</summary>
public sealed class DecimalTextConverter : JsonConverter<string?>
{
    public override string? Read(ref Utf8JsonReader reader, Type typeToConvert, JsonSerializerOptions options) => reader.TokenType switch
    {
        JsonTokenType.Null => null,
        JsonTokenType.String => reader.GetString(),
        JsonTokenType.Number => reader.TryGetDecimal(out var d) ? d.ToString(CultureInfo.InvariantCulture)
            : throw new JsonException("The number is out of range."),
        _ => throw new JsonException("Expected a decimal string or a number."),
    };

    public override void Write(Utf8JsonWriter writer, string? value, JsonSerializerOptions options)
    {
        if (value is null) writer.WriteNullValue();
        else writer.WriteStringValue(value);
    }
}

public static class OfferTypes
{
    public const string PercentOff = "percentOff";
    public const string AmountOff = "amountOff";
    public const string BuyXGetY = "buyXGetY";
    public const string BundlePrice = "bundlePrice";
    public const string FreeItem = "freeItem";
    public const string Threshold = "threshold";
    public const string Tiered = "tiered";
    public static readonly string[] All = [PercentOff, AmountOff, BuyXGetY, BundlePrice, FreeItem, Threshold, Tiered];

    /// <summary>Types that are about the whole basket's spend; their <c>appliesTo</c> is optional (narrows what counts).</summary>
    public static bool IsBasketWide(string type) => type is Threshold or Tiered;
}

/// <summary>ISO 4217 code and its minor unit (digits after the decimal point) used for rounding.</summary>
public sealed record Currency(string Code, int MinorUnits)
{
    public const string DefaultCode = "USD";
    public static readonly Currency Default = new(DefaultCode, 2);

    // The codes whose minor unit is not 2 (ISO 4217); every other well-formed code rounds to cents.
    private static readonly Dictionary<string, int> NotTwo = new(StringComparer.OrdinalIgnoreCase)
    {
        ["BIF"] = 0, ["CLP"] = 0, ["DJF"] = 0, ["GNF"] = 0, ["ISK"] = 0, ["JPY"] = 0, ["KMF"] = 0, ["KRW"] = 0, ["PYG"] = 0,
        ["RWF"] = 0, ["UGX"] = 0, ["UYI"] = 0, ["VND"] = 0, ["VUV"] = 0, ["XAF"] = 0, ["XOF"] = 0, ["XPF"] = 0,
        ["BHD"] = 3, ["IQD"] = 3, ["JOD"] = 3, ["KWD"] = 3, ["LYD"] = 3, ["OMR"] = 3, ["TND"] = 3,
    };

    /// <summary>The brand's <c>settings.currency</c>, or USD when unset or not a three-letter code.</summary>
    public static Currency FromSettings(string? settingsJson)
    {
        if (string.IsNullOrEmpty(settingsJson)) return Default;
        using var doc = JsonDocument.Parse(settingsJson);
        return doc.RootElement.ValueKind == JsonValueKind.Object && doc.RootElement.TryGetProperty("currency", out var c) &&
               c.ValueKind == JsonValueKind.String ? Of(c.GetString()) : Default;
    }

    public static Currency Of(string? code) =>
        code is { Length: 3 } && code.All(char.IsAsciiLetter)
            ? new Currency(code.ToUpperInvariant(), NotTwo.GetValueOrDefault(code, 2))
            : Default;

    public long Scale => MinorUnits switch { 0 => 1, 3 => 1000, _ => 100 };

    public string Format(long minor) => (minor / (decimal)Scale).ToString("F" + MinorUnits, CultureInfo.InvariantCulture);

    /// <summary>Money text → minor units; null when not a plain decimal or it has more decimals than the currency.</summary>
    public long? ToMinor(string? text)
    {
        if (text is null || !decimal.TryParse(text, NumberStyles.AllowDecimalPoint | NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var d))
            return null;
        var scaled = d * Scale;
        if (scaled != decimal.Truncate(scaled) || Math.Abs(scaled) > 1e15m) return null;
        return (long)scaled;
    }
}

/// <summary>Checks an offer against the contract and turns it into the price engine's model (money in minor units).</summary>
public static class OfferRules
{
    public const int MaxItems = 500;
    public const int MaxTiers = 20;
    public const int MaxHours = 28;
    public const long MaxMoneyMinor = 100_000_000_000; // one billion in the major unit: far above any till, far below overflow
    public static readonly string[] Days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"];

    /// <summary>The engine's offer, or null with field errors under <paramref name="field"/>; <paramref name="normalized"/> is what to store.</summary>
    public static Offer? Validate(Validator v, string field, OfferSpec? spec, Currency currency, out OfferSpec? normalized)
    {
        normalized = null;
        if (spec is null) { v.Add(field, "An offer is required."); return null; }
        var before = v.Errors.Count;
        var type = spec.Type;
        if (type is null) { v.Add($"{field}.type", "type is required."); return null; }
        if (!OfferTypes.All.Contains(type))
        {
            v.Add($"{field}.type", $"type must be one of: {string.Join(", ", OfferTypes.All)}.");
            return null;
        }

        long? Money(string name, string? text, bool required)
        {
            if (text is null)
            {
                if (required) v.Add($"{field}.{name}", $"{name} is required for {type} offers.");
                return null;
            }
            var minor = currency.ToMinor(text);
            if (minor is null) v.Add($"{field}.{name}", $"{name} must be a decimal amount in {currency.Code} with at most {currency.MinorUnits} decimals.");
            else if (minor < 0) v.Add($"{field}.{name}", $"{name} must be at least 0.");
            else if (minor > MaxMoneyMinor) v.Add($"{field}.{name}", $"{name} is too large.");
            else return minor;
            return null;
        }
        decimal? Percent(string name, decimal? value, bool required)
        {
            if (value is null)
            {
                if (required) v.Add($"{field}.{name}", $"{name} is required for {type} offers.");
                return null;
            }
            if (value is <= 0 or > 100) { v.Add($"{field}.{name}", $"{name} must be more than 0 and at most 100."); return null; }
            return value;
        }
        int? Count(string name, int? value, int min, bool required)
        {
            if (value is null)
            {
                if (required) v.Add($"{field}.{name}", $"{name} is required for {type} offers.");
                return null;
            }
            if (value < min || value > 10_000) { v.Add($"{field}.{name}", $"{name} must be from {min} to 10000."); return null; }
            return value;
        }

        decimal? percentValue = null;
        long? moneyValue = null;
        if (type == OfferTypes.PercentOff)
        {
            decimal? p = null;
            if (spec.Value is null) v.Add($"{field}.value", "value (the percent off) is required for percentOff offers.");
            else if (!decimal.TryParse(spec.Value, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var parsed))
                v.Add($"{field}.value", "value must be more than 0 and at most 100.");
            else p = parsed;
            if (p is not null) percentValue = Percent("value", p, true);
        }
        else if (type is OfferTypes.AmountOff or OfferTypes.Threshold)
        {
            moneyValue = Money("value", spec.Value, true);
            if (moneyValue == 0) { v.Add($"{field}.value", "value must be more than 0."); moneyValue = null; }
        }

        var minQuantity = Count("minQuantity", spec.MinQuantity, 1, false);
        var minSpend = Money("minSpend", spec.MinSpend, type == OfferTypes.Threshold);
        var buy = Count("buyQuantity", spec.BuyQuantity, 1, type is OfferTypes.BuyXGetY or OfferTypes.BundlePrice);
        var get = Count("getQuantity", spec.GetQuantity, 1, type == OfferTypes.BuyXGetY);
        var getPercent = type == OfferTypes.BuyXGetY ? Percent("getPercentOff", spec.GetPercentOff ?? 100, false) : null;
        var bundle = Money("bundlePrice", spec.BundlePrice, type == OfferTypes.BundlePrice);
        if (type == OfferTypes.BundlePrice && buy is < 2) v.Add($"{field}.buyQuantity", "A bundle has at least 2 items (buyQuantity).");
        Count("perCustomerLimit", spec.PerCustomerLimit, 1, false);
        Count("totalLimit", spec.TotalLimit, 1, false);
        if (spec.Priority is < -1000 or > 1000) v.Add($"{field}.priority", "priority must be from -1000 to 1000.");

        var tiers = new List<OfferTierRule>();
        if (type == OfferTypes.Tiered)
        {
            if (spec.Tiers is not { Count: > 0 }) v.Add($"{field}.tiers", "tiers are required for tiered offers (at least one {minSpend, percentOff}).");
            else if (spec.Tiers.Count > MaxTiers) v.Add($"{field}.tiers", $"At most {MaxTiers} tiers.");
            else
            {
                for (var i = 0; i < spec.Tiers.Count; i++)
                {
                    var t = spec.Tiers[i];
                    if (t is null) { v.Add($"{field}.tiers[{i}]", "A tier is required."); continue; }
                    var spend = Money($"tiers[{i}].minSpend", t.MinSpend, true);
                    var pct = Percent($"tiers[{i}].percentOff", t.PercentOff, true);
                    if (spend is null || pct is null) continue;
                    if (tiers.Count > 0 && spend <= tiers[^1].MinSpend)
                        v.Add($"{field}.tiers[{i}].minSpend", "tiers must be in ascending order of minSpend (each more than the one before).");
                    else if (tiers.Count > 0 && pct < tiers[^1].PercentOff)
                        v.Add($"{field}.tiers[{i}].percentOff", "A higher tier must not give a smaller percentOff than the one before.");
                    tiers.Add(new OfferTierRule(spend.Value, pct.Value));
                }
            }
        }

        var hours = new List<HoursWindow>();
        if (spec.Hours is { } hs)
        {
            if (hs.Count > MaxHours) v.Add($"{field}.hours", $"At most {MaxHours} hour windows.");
            for (var i = 0; i < Math.Min(hs.Count, MaxHours); i++)
            {
                var h = hs[i];
                var at = $"{field}.hours[{i}]";
                if (h is null) { v.Add(at, "An hours window is required."); continue; }
                var days = new HashSet<DayOfWeek>();
                if (h.Days is not { Count: > 0 }) v.Add($"{at}.days", "days must list at least one of mon, tue, wed, thu, fri, sat, sun.");
                else
                    foreach (var d in h.Days)
                        if (Array.IndexOf(Days, d) is var k and >= 0) days.Add(k == 6 ? DayOfWeek.Sunday : (DayOfWeek)(k + 1));
                        else v.Add($"{at}.days", $"'{d}' is not a day: use mon, tue, wed, thu, fri, sat, sun.");
                var start = Minutes(h.Start, allowEndOfDay: false);
                var end = Minutes(h.End, allowEndOfDay: true);
                if (start is null) v.Add($"{at}.start", "start must be a time of day HH:mm from 00:00 to 23:59.");
                if (end is null) v.Add($"{at}.end", "end must be a time of day HH:mm from 00:01 to 24:00.");
                if (start is not null && end is not null && end <= start)
                    v.Add($"{at}.end", "end must be after start (a window lies within one day; split overnight hours in two).");
                if (start is not null && end is not null && days.Count > 0) hours.Add(new HoursWindow(days, start.Value, end.Value));
            }
        }

        var skus = Clean(v, $"{field}.appliesTo.skus", spec.AppliesTo?.Skus);
        var categories = Clean(v, $"{field}.appliesTo.categories", spec.AppliesTo?.Categories);
        if (!OfferTypes.IsBasketWide(type) && skus.Count == 0 && categories.Count == 0)
            v.Add($"{field}.appliesTo", $"appliesTo must list skus or categories for {type} offers (only threshold and tiered offers are basket-wide).");

        if (v.Errors.Count != before) return null;
        var offer = new Offer(type, percentValue, moneyValue, skus, categories, minQuantity, minSpend, buy, get, getPercent, bundle, tiers, hours,
            spec.Stackable ?? false, spec.Priority ?? 0, spec.RequiresVoucher ?? false);
        normalized = Normalize(spec, offer, currency);
        return offer;
    }

    /// <summary>An offer read back from the database (validated when stored); null when there is none or it no longer validates.</summary>
    public static Offer? FromStored(string? json, Currency currency)
    {
        var spec = OfferSpec.Parse(json);
        return spec is null ? null : Validate(new Validator(), "offer", spec, currency, out _);
    }

    /// <summary>What is stored: only the fields the type uses, money in the currency's format, defaults written out.</summary>
    private static OfferSpec Normalize(OfferSpec s, Offer o, Currency c)
    {
        string? M(long? minor) => minor is { } m ? c.Format(m) : null;
        var value = o.Type == OfferTypes.PercentOff ? o.Percent!.Value.ToString("0.####", CultureInfo.InvariantCulture) : M(o.Amount);
        return new OfferSpec(o.Type, value,
            o.Skus.Count + o.Categories.Count == 0 ? null : new OfferItems(o.Skus.Count > 0 ? [.. o.Skus] : null, o.Categories.Count > 0 ? [.. o.Categories] : null),
            o.MinQuantity, M(o.MinSpend),
            o.Type is OfferTypes.BuyXGetY or OfferTypes.BundlePrice ? o.BuyQuantity : null,
            o.Type is OfferTypes.BuyXGetY or OfferTypes.FreeItem ? s.GetQuantity : null,
            o.Type == OfferTypes.BuyXGetY ? o.GetPercentOff : null,
            o.Type == OfferTypes.BundlePrice ? M(o.BundlePrice) : null,
            o.Type == OfferTypes.Tiered ? o.Tiers.Select(t => new OfferTier(c.Format(t.MinSpend), t.PercentOff)).ToList() : null,
            s.Hours is { Count: > 0 } ? s.Hours : null, s.PerCustomerLimit, s.TotalLimit, o.Stackable, o.Priority, o.RequiresVoucher);
    }

    private static List<string> Clean(Validator v, string field, List<string>? values)
    {
        if (values is null) return [];
        if (values.Count > MaxItems) { v.Add(field, $"At most {MaxItems} entries."); return []; }
        var result = new List<string>();
        foreach (var s in values)
        {
            if (string.IsNullOrWhiteSpace(s) || s.Length > 100) { v.Add(field, "Each entry is 1 to 100 characters."); continue; }
            if (!result.Contains(s.Trim(), StringComparer.OrdinalIgnoreCase)) result.Add(s.Trim());
        }
        return result;
    }

    /// <summary>"HH:mm" → minutes after midnight; "24:00" only as an end.</summary>
    public static int? Minutes(string? text, bool allowEndOfDay)
    {
        if (text is not { Length: 5 } || text[2] != ':' || !int.TryParse(text.AsSpan(0, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var h) ||
            !int.TryParse(text.AsSpan(3, 2), NumberStyles.None, CultureInfo.InvariantCulture, out var m) || m > 59)
            return null;
        if (h == 24 && m == 0 && allowEndOfDay) return 24 * 60;
        return h <= 23 ? h * 60 + m : null;
    }
}
