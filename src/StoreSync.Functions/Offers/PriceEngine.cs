using System.Globalization;

namespace StoreSync.Functions.Offers;

public sealed record OfferTierRule(long MinSpend, decimal PercentOff);

/// <summary>Days and minutes after local midnight, <c>[Start, End)</c>.</summary>
public sealed record HoursWindow(IReadOnlySet<DayOfWeek> Days, int Start, int End);

/// <summary>A validated offer with money in minor units of the brand's currency (see <see cref="OfferRules"/>).</summary>
public sealed record Offer(string Type, decimal? Percent, long? Amount, IReadOnlyList<string> Skus, IReadOnlyList<string> Categories,
    int? MinQuantity, long? MinSpend, int? BuyQuantity, int? GetQuantity, decimal? GetPercentOff, long? BundlePrice,
    IReadOnlyList<OfferTierRule> Tiers, IReadOnlyList<HoursWindow> Hours, bool Stackable, int Priority, bool RequiresVoucher)
{
    public bool IsBasketWide => Skus.Count == 0 && Categories.Count == 0;

    public bool Covers(string sku, string? category) =>
        IsBasketWide || Skus.Contains(sku, StringComparer.OrdinalIgnoreCase) ||
        (category is not null && Categories.Contains(category, StringComparer.OrdinalIgnoreCase));

    /// <summary>Whether a store-local time falls in the offer's hours (no hours: always).</summary>
    public bool IsOpenAt(DateTime local)
    {
        if (Hours.Count == 0) return true;
        var minute = local.Hour * 60 + local.Minute;
        return Hours.Any(h => h.Days.Contains(local.DayOfWeek) && minute >= h.Start && minute < h.End);
    }
}

/// <summary>An offer to price with, and when it runs (a campaign's dates; null = unbounded).</summary>
public sealed record OfferCandidate(Offer Offer, Guid? CampaignId = null, DateTimeOffset? StartsAt = null, DateTimeOffset? EndsAt = null);

/// <summary>A basket line; prices in minor units.</summary>
public sealed record BasketLine(string Sku, string? Category, long UnitPrice, int Quantity);

public sealed record PricedLine(string Sku, long UnitPrice, int Quantity, long Discount);

public sealed record AppliedOffer(int Index, Guid? CampaignId, string Type, long Discount, string Reason);

public sealed record SkippedOffer(int Index, Guid? CampaignId, string Type, string Reason);

public sealed record PriceResult(IReadOnlyList<PricedLine> Lines, IReadOnlyList<AppliedOffer> Applied, IReadOnlyList<SkippedOffer> Skipped,
    long Subtotal, long Discount, long Total);

/// <summary>
/// The till's arithmetic, pure (no database, no clock, no I/O). Money is integer minor units of one currency, so every
/// discount is a whole number of cents (or yen, or fils) and sums are exact.
/// <para>Order of work: offers outside their dates or hours (store-local, DST-correct through <see cref="TimeZoneInfo"/>)
/// or whose conditions the basket misses are skipped with the reason. The rest are ranked by priority (higher first),
/// then by the discount each would give on the full basket (larger first), then by their order in the input. If the
/// first is not stackable it applies alone and excludes all others; if it is stackable, every stackable offer applies in
/// rank order (each on what the ones before left of each line) and the non-stackable ones are skipped.</para>
/// <para>Conditions (minQuantity, minSpend, tiers) are measured on the qualifying lines at full price; for freeItem they
/// are measured on the whole basket. A line's discount never exceeds what is left of it, so no line and no total is
/// ever negative, and the discount never exceeds the basket.</para>
/// </summary>
public static class PriceEngine
{
    public static PriceResult Price(IReadOnlyList<OfferCandidate> offers, IReadOnlyList<BasketLine> basket, DateTimeOffset at, TimeZoneInfo timeZone,
        Func<long, string>? money = null)
    {
        money ??= m => m.ToString(CultureInfo.InvariantCulture);
        var full = new long[basket.Count];
        for (var i = 0; i < basket.Count; i++) full[i] = basket[i].UnitPrice * basket[i].Quantity;
        var subtotal = full.Sum();
        var local = TimeZoneInfo.ConvertTime(at, timeZone).DateTime;

        var skipped = new List<SkippedOffer>();
        var ranked = new List<(int Index, OfferCandidate C, long Discount)>();
        for (var k = 0; k < offers.Count; k++)
        {
            var c = offers[k];
            var reason = c.StartsAt is { } s && at < s ? $"It starts at {s:yyyy-MM-dd HH:mm}Z, after the time priced."
                : c.EndsAt is { } e && at >= e ? $"It ended at {e:yyyy-MM-dd HH:mm}Z, before the time priced."
                : !c.Offer.IsOpenAt(local) ? $"Outside its hours: {local:ddd HH:mm} store time ({timeZone.Id})."
                : null;
            long[]? discounts = null;
            if (reason is null)
            {
                (discounts, var why) = Evaluate(c.Offer, basket, full, full, money);
                reason = discounts is null ? why : discounts.Sum() == 0 ? "It gives no discount on this basket." : null;
            }
            if (reason is not null) skipped.Add(new SkippedOffer(k, c.CampaignId, c.Offer.Type, reason));
            else ranked.Add((k, c, discounts!.Sum()));
        }
        ranked.Sort((a, b) => b.C.Offer.Priority != a.C.Offer.Priority ? b.C.Offer.Priority.CompareTo(a.C.Offer.Priority)
            : b.Discount != a.Discount ? b.Discount.CompareTo(a.Discount)
            : a.Index.CompareTo(b.Index));

        var left = (long[])full.Clone();
        var lineDiscounts = new long[basket.Count];
        var applied = new List<AppliedOffer>();
        if (ranked.Count > 0)
        {
            var first = ranked[0];
            var exclusive = !first.C.Offer.Stackable;
            foreach (var r in ranked)
            {
                if (applied.Count > 0 && exclusive)
                {
                    skipped.Add(new SkippedOffer(r.Index, r.C.CampaignId, r.C.Offer.Type,
                        $"Offer #{first.Index} ({first.C.Offer.Type}) is not stackable and ranks first (priority {first.C.Offer.Priority}, discount {money(first.Discount)})."));
                    continue;
                }
                if (!exclusive && !r.C.Offer.Stackable)
                {
                    skipped.Add(new SkippedOffer(r.Index, r.C.CampaignId, r.C.Offer.Type,
                        $"Not stackable, and stackable offer #{first.Index} ranks higher (priority {first.C.Offer.Priority}, discount {money(first.Discount)})."));
                    continue;
                }
                var (d, why) = Evaluate(r.C.Offer, basket, left, full, money);
                if (d is null)
                {
                    skipped.Add(new SkippedOffer(r.Index, r.C.CampaignId, r.C.Offer.Type, $"After the offers ranked before it: {why}"));
                    continue;
                }
                var total = 0L;
                for (var i = 0; i < d.Length; i++)
                {
                    var take = Math.Min(d[i], left[i]);
                    left[i] -= take;
                    lineDiscounts[i] += take;
                    total += take;
                }
                if (total == 0)
                {
                    skipped.Add(new SkippedOffer(r.Index, r.C.CampaignId, r.C.Offer.Type, "Offers ranked before it left nothing to discount."));
                    continue;
                }
                applied.Add(new AppliedOffer(r.Index, r.C.CampaignId, r.C.Offer.Type, total, why!));
            }
        }
        skipped.Sort((a, b) => a.Index.CompareTo(b.Index));
        var lines = basket.Select((l, i) => new PricedLine(l.Sku, l.UnitPrice, l.Quantity, lineDiscounts[i])).ToList();
        var discount = lineDiscounts.Sum();
        return new PriceResult(lines, applied, skipped, subtotal, discount, subtotal - discount);
    }

    /// <summary>
    /// Per-line discounts of one offer on <paramref name="amounts"/> (what is left of each line) with conditions measured
    /// on <paramref name="full"/>; on success the reason says why it applies, else the discounts are null and the reason
    /// says why not.
    /// </summary>
    private static (long[]? Discounts, string Reason) Evaluate(Offer o, IReadOnlyList<BasketLine> basket, long[] amounts, long[] full,
        Func<long, string> money)
    {
        var n = basket.Count;
        var covered = new bool[n];
        long qualifyingSpend = 0, qualifyingQuantity = 0, basketQuantity = 0;
        for (var i = 0; i < n; i++)
        {
            basketQuantity += basket[i].Quantity;
            if (!o.Covers(basket[i].Sku, basket[i].Category)) continue;
            covered[i] = true;
            qualifyingSpend += full[i];
            qualifyingQuantity += basket[i].Quantity;
        }
        if (qualifyingQuantity == 0) return (null, "No line of the basket is one of its items.");
        var (spend, quantity, what) = o.Type == OfferTypes.FreeItem ? (full.Sum(), basketQuantity, "basket") : (qualifyingSpend, qualifyingQuantity, "qualifying items");
        if (o.MinQuantity is { } mq && quantity < mq) return (null, $"Needs {mq} {what}; the basket has {quantity}.");
        if (o.MinSpend is { } ms && spend < ms) return (null, $"Needs a spend of {money(ms)} on {what}; the basket has {money(spend)}.");

        var d = new long[n];
        switch (o.Type)
        {
            case OfferTypes.PercentOff:
                for (var i = 0; i < n; i++) if (covered[i]) d[i] = PercentOf(amounts[i], o.Percent!.Value);
                return (d, $"{Pct(o.Percent!.Value)}% off {quantity} {what}.");
            case OfferTypes.AmountOff:
            {
                var weights = Masked(amounts, covered);
                Allocate(d, Math.Min(o.Amount!.Value, weights.Sum()), weights);
                return (d, $"{money(o.Amount!.Value)} off {what}.");
            }
            case OfferTypes.Threshold:
            {
                var weights = Masked(amounts, covered);
                Allocate(d, Math.Min(o.Amount!.Value, weights.Sum()), weights);
                return (d, $"Spend {money(o.MinSpend!.Value)} reached ({money(spend)}): {money(o.Amount!.Value)} off.");
            }
            case OfferTypes.Tiered:
            {
                var tier = o.Tiers.LastOrDefault(t => spend >= t.MinSpend);
                if (tier is null) return (null, $"Spend {money(o.Tiers[0].MinSpend - spend)} more to reach the first tier ({money(o.Tiers[0].MinSpend)}).");
                for (var i = 0; i < n; i++) if (covered[i]) d[i] = PercentOf(amounts[i], tier.PercentOff);
                return (d, $"Tier {money(tier.MinSpend)} reached ({money(spend)}): {Pct(tier.PercentOff)}% off.");
            }
            case OfferTypes.BuyXGetY:
            {
                var x = o.BuyQuantity!.Value;
                var y = o.GetQuantity!.Value;
                var free = qualifyingQuantity / (x + y) * y;
                if (free == 0) return (null, $"Needs {x + y} qualifying items (buy {x}, get {y}); the basket has {qualifyingQuantity}.");
                var units = Cheapest(basket, covered, free, ascending: true);
                foreach (var (i, count) in units) d[i] = Math.Min(amounts[i], PercentOf(basket[i].UnitPrice * count, o.GetPercentOff ?? 100));
                return (d, $"Buy {x}, get {y} at {Pct(o.GetPercentOff ?? 100)}% off: {free} cheapest qualifying item(s).");
            }
            case OfferTypes.BundlePrice:
            {
                var size = o.BuyQuantity!.Value;
                var bundles = qualifyingQuantity / size;
                if (bundles == 0) return (null, $"Needs {size} qualifying items for a bundle; the basket has {qualifyingQuantity}.");
                var units = Cheapest(basket, covered, bundles * size, ascending: false);
                var value = new long[n];
                foreach (var (i, count) in units) value[i] = Math.Min(amounts[i], basket[i].UnitPrice * count);
                var saving = value.Sum() - bundles * o.BundlePrice!.Value;
                if (saving <= 0) return (null, $"The bundle price {money(o.BundlePrice!.Value)} is not below the items' price ({money(value.Sum() / bundles)}).");
                Allocate(d, saving, value);
                return (d, $"{bundles} bundle(s) of {size} for {money(o.BundlePrice!.Value)} each.");
            }
            case OfferTypes.FreeItem:
            {
                var count = o.GetQuantity ?? 1;
                var units = Cheapest(basket, covered, (int)Math.Min(count, qualifyingQuantity), ascending: true);
                foreach (var (i, c) in units) d[i] = Math.Min(amounts[i], basket[i].UnitPrice * c);
                return (d, $"{Math.Min(count, qualifyingQuantity)} free item(s), the cheapest qualifying.");
            }
            default:
                return (null, $"Unknown offer type {o.Type}.");
        }
    }

    /// <summary>Half away from zero, to the minor unit; never more than the amount (percent ≤ 100).</summary>
    private static long PercentOf(long amount, decimal percent) => (long)Math.Round(amount * percent / 100m, MidpointRounding.AwayFromZero);

    private static string Pct(decimal p) => p.ToString("0.####", CultureInfo.InvariantCulture);

    private static long[] Masked(long[] amounts, bool[] covered)
    {
        var w = new long[amounts.Length];
        for (var i = 0; i < w.Length; i++) if (covered[i]) w[i] = amounts[i];
        return w;
    }

    /// <summary>
    /// Splits <paramref name="total"/> (≤ the weights' sum) over lines in proportion to their weights, largest remainder
    /// first (ties to the earlier line), so the shares add up exactly and none exceeds its weight.
    /// </summary>
    private static void Allocate(long[] into, long total, long[] weights)
    {
        var sum = weights.Sum();
        if (sum == 0 || total <= 0) return;
        var given = 0L;
        var remainders = new List<(int Index, decimal Remainder)>();
        for (var i = 0; i < weights.Length; i++)
        {
            if (weights[i] == 0) continue;
            var exact = (decimal)total * weights[i] / sum;
            var floor = (long)decimal.Floor(exact);
            into[i] += floor;
            given += floor;
            remainders.Add((i, exact - floor));
        }
        foreach (var (i, _) in remainders.OrderByDescending(r => r.Remainder).ThenBy(r => r.Index).Take((int)(total - given)))
            into[i] += 1;
    }

    /// <summary><paramref name="units"/> covered units taken from the cheapest (or dearest) lines first, ties to the earlier line.</summary>
    private static List<(int Line, int Count)> Cheapest(IReadOnlyList<BasketLine> basket, bool[] covered, long units, bool ascending)
    {
        var order = Enumerable.Range(0, basket.Count).Where(i => covered[i]);
        order = ascending ? order.OrderBy(i => basket[i].UnitPrice).ThenBy(i => i) : order.OrderByDescending(i => basket[i].UnitPrice).ThenBy(i => i);
        var taken = new List<(int, int)>();
        foreach (var i in order)
        {
            if (units <= 0) break;
            var take = (int)Math.Min(units, basket[i].Quantity);
            taken.Add((i, take));
            units -= take;
        }
        return taken;
    }
}
