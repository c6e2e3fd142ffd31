using StoreSync.Functions.Offers;

namespace StoreSync.Tests.Offers;

/// <summary>Properties over many seeded random baskets and offer sets (a failing seed is printed, so it can be replayed).</summary>
public sealed class PriceEnginePropertyTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    private static readonly string[] Skus = ["A", "B", "C", "D", "E"];
    private static readonly string[] Categories = ["snacks", "drinks", "care"];

    private static OfferSpec RandomOffer(Random r)
    {
        var items = r.Next(3) switch
        {
            0 => new OfferItems([Skus[r.Next(Skus.Length)], Skus[r.Next(Skus.Length)]], null),
            1 => new OfferItems(null, [Categories[r.Next(Categories.Length)]]),
            _ => new OfferItems([Skus[r.Next(Skus.Length)]], [Categories[r.Next(Categories.Length)]]),
        };
        string Money(int max) => (r.Next(1, max) / 100m).ToString("0.00", System.Globalization.CultureInfo.InvariantCulture);
        var stack = r.Next(2) == 0;
        var priority = r.Next(-2, 3);
        int? minQ = r.Next(4) == 0 ? r.Next(1, 5) : null;
        return r.Next(7) switch
        {
            0 => new OfferSpec("percentOff", r.Next(1, 101).ToString(), items, minQ, Stackable: stack, Priority: priority),
            1 => new OfferSpec("amountOff", Money(5000), items, minQ, Stackable: stack, Priority: priority),
            2 => new OfferSpec("buyXGetY", AppliesTo: items, BuyQuantity: r.Next(1, 4), GetQuantity: r.Next(1, 3), GetPercentOff: r.Next(1, 101),
                Stackable: stack, Priority: priority),
            3 => new OfferSpec("bundlePrice", AppliesTo: items, BuyQuantity: r.Next(2, 5), BundlePrice: Money(3000), Stackable: stack, Priority: priority),
            4 => new OfferSpec("freeItem", AppliesTo: items, GetQuantity: r.Next(1, 3), MinSpend: r.Next(2) == 0 ? Money(5000) : null, Stackable: stack,
                Priority: priority),
            5 => new OfferSpec("threshold", Money(8000), MinSpend: Money(10000), Stackable: stack, Priority: priority),
            _ => new OfferSpec("tiered", Tiers: [new("10.00", r.Next(1, 30)), new("50.00", r.Next(30, 60)), new("90.00", r.Next(60, 101))],
                Stackable: stack, Priority: priority),
        };
    }

    [Fact]
    public void TheDiscountIsNeverNegativeNeverExceedsTheBasketAndNoLineGoesBelowZero()
    {
        for (var seed = 1; seed <= 3000; seed++)
        {
            var r = new Random(seed);
            var offers = Enumerable.Range(0, r.Next(0, 8)).Select(_ => new OfferCandidate(PriceEngineTests.O(RandomOffer(r)))).ToList();
            var basket = Enumerable.Range(0, r.Next(0, 12)).Select(_ =>
                new BasketLine(Skus[r.Next(Skus.Length)], r.Next(4) == 0 ? null : Categories[r.Next(Categories.Length)], r.Next(0, 5000), r.Next(1, 7))).ToList();
            var at = new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero).AddMinutes(r.Next(0, 525_600));

            var result = PriceEngine.Price(offers, basket, at, Chicago);

            var why = $"seed {seed}";
            Assert.True(result.Discount >= 0, why);
            Assert.True(result.Discount <= result.Subtotal, why);
            Assert.Equal(result.Subtotal - result.Discount, result.Total);
            Assert.Equal(result.Discount, result.Lines.Sum(l => l.Discount));
            Assert.Equal(result.Discount, result.Applied.Sum(a => a.Discount));
            Assert.All(result.Lines, l => Assert.InRange(l.Discount, 0, l.UnitPrice * l.Quantity));
            Assert.All(result.Applied, a => Assert.True(a.Discount > 0, why));
            Assert.Equal(offers.Count, result.Applied.Count + result.Skipped.Count);
            if (result.Applied.Count > 1) Assert.All(result.Applied, a => Assert.True(offers[a.Index].Offer.Stackable, why));
        }
    }

    [Fact]
    public void PricingIsDeterministic()
    {
        for (var seed = 1; seed <= 200; seed++)
        {
            var r = new Random(seed);
            var offers = Enumerable.Range(0, 6).Select(_ => new OfferCandidate(PriceEngineTests.O(RandomOffer(r)))).ToList();
            var basket = Enumerable.Range(0, 8).Select(_ => new BasketLine(Skus[r.Next(Skus.Length)], Categories[r.Next(Categories.Length)],
                r.Next(0, 5000), r.Next(1, 7))).ToList();
            var at = DateTimeOffset.UnixEpoch.AddDays(20_000);
            var a = PriceEngine.Price(offers, basket, at, Chicago);
            var b = PriceEngine.Price(offers, basket, at, Chicago);
            Assert.Equal(a.Applied, b.Applied);
            Assert.Equal(a.Lines, b.Lines);
        }
    }
}
