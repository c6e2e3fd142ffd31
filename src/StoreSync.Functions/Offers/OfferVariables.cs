using System.Globalization;

namespace StoreSync.Functions.Offers;

/// <summary>
/// The offer as template variables: <c>{{offer.percentOff}}</c>, <c>{{offer.value}}</c> … One fixed namespace of plain
/// strings (the only dotted names the template engine accepts), so copy can show the offer without any code running.
/// </summary>
public static class OfferVariables
{
    public static readonly string[] Names =
    [
        "type", "value", "percentOff", "amountOff", "minQuantity", "minSpend", "buyQuantity", "getQuantity", "getPercentOff", "bundlePrice",
        "currency", "summary", "hours",
    ];

    public static bool IsOfferVariable(string name) => name.StartsWith("offer.", StringComparison.Ordinal) && Names.Contains(name[6..]);

    /// <summary>The values for <c>data["offer"]</c>; every name is present ("" when the offer has no such field), so no tag renders the path.</summary>
    public static Dictionary<string, string> For(OfferSpec? o, Currency currency)
    {
        var d = Names.ToDictionary(n => n, _ => "");
        if (o is null) return d;
        d["type"] = o.Type ?? "";
        d["value"] = o.Value ?? "";
        d["percentOff"] = o.Type == OfferTypes.PercentOff ? o.Value ?? "" : "";
        d["amountOff"] = o.Type is OfferTypes.AmountOff or OfferTypes.Threshold ? o.Value ?? "" : "";
        d["minQuantity"] = o.MinQuantity?.ToString(CultureInfo.InvariantCulture) ?? "";
        d["minSpend"] = o.MinSpend ?? "";
        d["buyQuantity"] = o.BuyQuantity?.ToString(CultureInfo.InvariantCulture) ?? "";
        d["getQuantity"] = o.GetQuantity?.ToString(CultureInfo.InvariantCulture) ?? "";
        d["getPercentOff"] = o.GetPercentOff?.ToString("0.####", CultureInfo.InvariantCulture) ?? "";
        d["bundlePrice"] = o.BundlePrice ?? "";
        d["currency"] = currency.Code;
        d["summary"] = Summary(o, currency.Code);
        d["hours"] = string.Join("; ", (o.Hours ?? []).Select(h => $"{string.Join(",", h.Days ?? [])} {h.Start}–{h.End}"));
        return d;
    }

    /// <summary>A one-line description for copy and screens, e.g. "20% off", "Buy 2, get 1 free", "3 for 10.00 USD".</summary>
    public static string Summary(OfferSpec o, string currency) => o.Type switch
    {
        OfferTypes.PercentOff => $"{o.Value}% off",
        OfferTypes.AmountOff => $"{o.Value} {currency} off",
        OfferTypes.BuyXGetY => o.GetPercentOff is null or 100 ? $"Buy {o.BuyQuantity}, get {o.GetQuantity} free"
            : $"Buy {o.BuyQuantity}, get {o.GetQuantity} at {o.GetPercentOff:0.##}% off",
        OfferTypes.BundlePrice => $"{o.BuyQuantity} for {o.BundlePrice} {currency}",
        OfferTypes.FreeItem => o.MinSpend is null ? "Free item" : $"Free item when you spend {o.MinSpend} {currency}",
        OfferTypes.Threshold => $"Spend {o.MinSpend} {currency}, save {o.Value} {currency}",
        OfferTypes.Tiered => string.Join(", ", (o.Tiers ?? []).Select(t => $"spend {t.MinSpend} save {t.PercentOff:0.##}%")),
        _ => "",
    };
}
