using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Offers;

namespace StoreSync.Tests.Offers;

/// <summary>The price engine, table-driven: money in cents (USD) unless a case says otherwise.</summary>
public sealed class PriceEngineTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    private static readonly DateTimeOffset Noon = new(2026, 6, 10, 17, 0, 0, TimeSpan.Zero); // Wed 12:00 CDT

    public static Offer O(OfferSpec spec, Currency? currency = null)
    {
        var v = new Validator();
        var offer = OfferRules.Validate(v, "offer", spec, currency ?? Currency.Default, out _);
        Assert.True(offer is not null, string.Join("; ", v.Errors.Select(e => $"{e.Key}: {string.Join(",", e.Value)}")));
        return offer!;
    }

    private static readonly OfferItems Shampoo = new(["SH-1"], null);
    private static readonly OfferItems Snacks = new(null, ["snacks"]);

    private static BasketLine L(string sku, long cents, int qty = 1, string? category = null) => new(sku, category, cents, qty);

    private static PriceResult Price(IEnumerable<Offer> offers, params BasketLine[] lines) =>
        PriceEngine.Price(offers.Select(o => new OfferCandidate(o)).ToList(), lines, Noon, Chicago);

    public static TheoryData<string, OfferSpec, BasketLine[], long> EveryType => new()
    {
        { "percentOff 20% of 2 x 4.99 = 9.98 → 2.00 (1.996 rounds)", new("percentOff", "20", Shampoo), [L("SH-1", 499, 2)], 200 },
        { "percentOff only on covered lines", new("percentOff", "50", Snacks), [L("A", 1000, 1, "snacks"), L("B", 1000, 1, "drinks")], 500 },
        { "amountOff 5.00 on the qualifying items", new("amountOff", "5", Shampoo), [L("SH-1", 300, 3), L("X", 1000)], 500 },
        { "amountOff never more than the items", new("amountOff", "50", Shampoo), [L("SH-1", 300), L("X", 1000)], 300 },
        { "buy 2 get 1: the cheapest of 3", new("buyXGetY", AppliesTo: Snacks, BuyQuantity: 2, GetQuantity: 1),
            [L("A", 300, 1, "snacks"), L("B", 200, 1, "snacks"), L("C", 100, 1, "snacks")], 100 },
        { "buy 2 get 1: 6 items give the 2 cheapest", new("buyXGetY", AppliesTo: Snacks, BuyQuantity: 2, GetQuantity: 1),
            [L("A", 500, 4, "snacks"), L("B", 100, 2, "snacks")], 200 },
        { "buy 1 get 1 half price", new("buyXGetY", AppliesTo: Snacks, BuyQuantity: 1, GetQuantity: 1, GetPercentOff: 50),
            [L("A", 400, 1, "snacks"), L("B", 300, 1, "snacks")], 150 },
        { "bundle 3 for 10.00 of 3 x 4.00", new("bundlePrice", AppliesTo: Shampoo, BuyQuantity: 3, BundlePrice: "10"), [L("SH-1", 400, 4)], 200 },
        { "free item: cheapest covered unit when the basket spends 20", new("freeItem", AppliesTo: Snacks, MinSpend: "20"),
            [L("A", 2000), L("B", 150, 2, "snacks")], 150 },
        { "threshold: spend 50 save 10", new("threshold", "10", MinSpend: "50"), [L("A", 3000), L("B", 2000)], 1000 },
        { "tiered: second tier", new("tiered", Tiers: [new("50", 10), new("100", 20)]), [L("A", 6000), L("B", 4000)], 2000 },
    };

    [Theory]
    [MemberData(nameof(EveryType))]
    public void EveryOfferTypeGivesTheExpectedDiscount(string _, OfferSpec spec, BasketLine[] basket, long expected)
    {
        var r = Price([O(spec)], basket);
        Assert.Equal(expected, r.Discount);
        Assert.Equal(r.Subtotal - expected, r.Total);
        Assert.Equal(expected, r.Lines.Sum(l => l.Discount));
    }

    public static TheoryData<long, long> TierBoundaries => new()
    {
        { 4999, 0 },      // below the first tier
        { 5000, 500 },    // exactly the first tier: 10%
        { 9999, 1000 },   // 9.999 → 10.00 (half away from zero)
        { 10000, 2000 },  // exactly the second tier: 20%
    };

    [Theory]
    [MemberData(nameof(TierBoundaries))]
    public void TiersApplyFromExactlyTheirMinimumSpend(long spend, long expected)
    {
        var r = Price([O(new("tiered", Tiers: [new("50", 10), new("100", 20)]))], L("A", spend));
        Assert.Equal(expected, r.Discount);
        if (expected == 0) Assert.Contains("more to reach the first tier", Assert.Single(r.Skipped).Reason);
    }

    [Theory]
    [InlineData(2, false)]
    [InlineData(3, true)]
    public void MinQuantityIsMetAtExactlyTheMinimum(int quantity, bool applies)
    {
        var r = Price([O(new("percentOff", "10", Shampoo, MinQuantity: 3))], L("SH-1", 1000, quantity));
        Assert.Equal(applies, r.Applied.Count == 1);
        if (!applies) Assert.Equal("Needs 3 qualifying items; the basket has 2.", Assert.Single(r.Skipped).Reason);
    }

    [Fact]
    public void ANonStackableOfferOfHigherPriorityExcludesAllOthersEvenWhenTheyGiveMore()
    {
        var small = O(new("percentOff", "5", Shampoo, Priority: 10));
        var big = O(new("percentOff", "50", Shampoo, Stackable: true));
        var r = Price([big, small], L("SH-1", 1000));
        Assert.Equal(50, r.Discount);
        Assert.Equal(1, Assert.Single(r.Applied).Index);
        Assert.Contains("not stackable and ranks first", Assert.Single(r.Skipped).Reason);
    }

    [Fact]
    public void AtEqualPriorityTheLargerDiscountWinsAndTiesGoToTheEarlierOffer()
    {
        var ten = O(new("percentOff", "10", Shampoo));
        var twenty = O(new("percentOff", "20", Shampoo));
        Assert.Equal(1, Assert.Single(Price([ten, twenty], L("SH-1", 1000)).Applied).Index);
        Assert.Equal(0, Assert.Single(Price([ten, ten], L("SH-1", 1000)).Applied).Index);
    }

    [Fact]
    public void StackableOffersApplyInRankOrderOnWhatIsLeftAndNonStackableOnesAreSkipped()
    {
        var r = Price([O(new("percentOff", "50", Shampoo, Stackable: true, Priority: 5)), O(new("amountOff", "3", Shampoo, Stackable: true)),
            O(new("percentOff", "10", Shampoo))], L("SH-1", 1000));
        Assert.Equal(800, r.Discount); // 5.00 then 3.00 of the remaining 5.00
        Assert.Equal([0, 1], r.Applied.Select(a => a.Index));
        Assert.Equal(2, Assert.Single(r.Skipped).Index);
    }

    [Fact]
    public void StackedOffersNeverTakeALineBelowZero()
    {
        var r = Price([O(new("percentOff", "100", Shampoo, Stackable: true)), O(new("amountOff", "5", Shampoo, Stackable: true))], L("SH-1", 300));
        Assert.Equal((300L, 0L), (r.Discount, r.Total));
        Assert.Contains("left nothing", Assert.Single(r.Skipped).Reason);
    }

    [Fact]
    public void HoursAreStoreLocalAcrossTheSpringDstChange()
    {
        // 2026-03-08: Chicago moves from CST (UTC-6) to CDT (UTC-5) at 02:00. 14:30Z is 09:30 CDT (08:30 had the offset not changed).
        var happyHour = O(new("percentOff", "10", Shampoo, Hours: [new(["sun"], "09:00", "10:00")]));
        var candidates = new[] { new OfferCandidate(happyHour) };
        var after = PriceEngine.Price(candidates, [L("SH-1", 1000)], new DateTimeOffset(2026, 3, 8, 14, 30, 0, TimeSpan.Zero), Chicago);
        var before = PriceEngine.Price(candidates, [L("SH-1", 1000)], new DateTimeOffset(2026, 3, 1, 14, 30, 0, TimeSpan.Zero), Chicago);
        Assert.Equal(100, after.Discount);
        Assert.Equal(0, before.Discount); // a week earlier 14:30Z is 08:30 CST
        Assert.Contains("Sun 08:30", Assert.Single(before.Skipped).Reason);
    }

    [Fact]
    public void AnHoursWindowEndIsExclusive()
    {
        var offer = new[] { new OfferCandidate(O(new("percentOff", "10", Shampoo, Hours: [new(["wed"], "11:00", "12:00")]))) };
        Assert.Equal(0, PriceEngine.Price(offer, [L("SH-1", 1000)], Noon, Chicago).Discount);
        Assert.Equal(100, PriceEngine.Price(offer, [L("SH-1", 1000)], Noon.AddMinutes(-1), Chicago).Discount);
    }

    [Fact]
    public void ACampaignOutsideItsDatesIsSkipped()
    {
        var c = new OfferCandidate(O(new("percentOff", "10", Shampoo)), Guid.NewGuid(), Noon.AddDays(1), Noon.AddDays(2));
        var r = PriceEngine.Price([c], [L("SH-1", 1000)], Noon, Chicago);
        Assert.Equal(0, r.Discount);
        Assert.Equal(c.CampaignId, Assert.Single(r.Skipped).CampaignId);
    }

    [Fact]
    public void AFixedAmountIsSplitOverLinesByLargestRemainderSoTheCentsAddUp()
    {
        var r = Price([O(new("amountOff", "1", new OfferItems(["A", "B", "C"], null)))], L("A", 100), L("B", 100), L("C", 100));
        Assert.True(r.Skipped.Count == 0, string.Join(";", r.Skipped.Select(s => s.Reason)));
        Assert.Equal([34L, 33L, 33L], r.Lines.Select(l => l.Discount));
        Assert.Equal(100, r.Discount);
    }

    [Fact]
    public void RoundingFollowsTheCurrencysMinorUnit()
    {
        var yen = Currency.Of("JPY");
        var r = PriceEngine.Price([new OfferCandidate(O(new("percentOff", "15", Shampoo), yen))], [L("SH-1", 333)], Noon, Chicago, yen.Format);
        Assert.Equal(50, r.Discount); // 49.95 yen → 50
        Assert.Equal("283", yen.Format(r.Total));
        Assert.Equal("1.235", Currency.Of("KWD").Format(1235));
    }

    [Fact]
    public void ABundlePriceAboveTheItemsPriceGivesNothing()
    {
        var r = Price([O(new("bundlePrice", AppliesTo: Shampoo, BuyQuantity: 2, BundlePrice: "10"))], L("SH-1", 400, 2));
        Assert.Equal(0, r.Discount);
        Assert.Contains("not below", Assert.Single(r.Skipped).Reason);
    }
}
