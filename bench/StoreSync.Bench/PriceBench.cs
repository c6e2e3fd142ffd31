using System.Diagnostics;
using StoreSync.Functions.Common.Validation;
using StoreSync.Functions.Offers;

namespace StoreSync.Bench;

/// <summary>
/// The price engine alone (no HTTP, no database): a 50-line basket against 20 offers of every type, a mix of stackable
/// and not, some with hours, at a store-local time in Chicago. Median and p99 over 10,000 runs after a warm-up.
/// Target: median under 1 ms. Options: [runs, default 10000].
/// </summary>
public static class PriceBench
{
    public static Task<int> RunAsync(string[] args)
    {
        var runs = args.Length > 0 && int.TryParse(args[0], out var n) ? n : 10_000;
        var random = new Random(42);
        var categories = new[] { "snacks", "drinks", "care", "home", "baby" };
        var basket = Enumerable.Range(0, 50).Select(i => new BasketLine($"SKU-{i:000}", categories[i % categories.Length], random.Next(50, 5000),
            random.Next(1, 6))).ToList();
        var specs = new List<OfferSpec>();
        for (var i = 0; i < 20; i++)
        {
            var items = new OfferItems([$"SKU-{random.Next(50):000}", $"SKU-{random.Next(50):000}"], [categories[i % categories.Length]]);
            var stack = i % 3 != 0;
            List<OfferHours>? hours = i % 4 == 0 ? [new(["mon", "tue", "wed", "thu", "fri", "sat", "sun"], "08:00", "20:00")] : null;
            specs.Add((i % 7) switch
            {
                0 => new OfferSpec("percentOff", "10", items, Stackable: stack, Priority: i % 3, Hours: hours),
                1 => new OfferSpec("amountOff", "2.50", items, Stackable: stack, Hours: hours),
                2 => new OfferSpec("buyXGetY", AppliesTo: items, BuyQuantity: 2, GetQuantity: 1, Stackable: stack, Hours: hours),
                3 => new OfferSpec("bundlePrice", AppliesTo: items, BuyQuantity: 3, BundlePrice: "5.00", Stackable: stack, Hours: hours),
                4 => new OfferSpec("freeItem", AppliesTo: items, MinSpend: "20.00", Stackable: stack, Hours: hours),
                5 => new OfferSpec("threshold", "5.00", MinSpend: "50.00", Stackable: stack, Hours: hours),
                _ => new OfferSpec("tiered", Tiers: [new("50.00", 5), new("100.00", 10), new("200.00", 15)], Stackable: stack, Hours: hours),
            });
        }
        var offers = specs.Select(s => new OfferCandidate(OfferRules.Validate(new Validator(), "offer", s, Currency.Default, out _)!)).ToList();
        var tz = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
        var at = new DateTimeOffset(2026, 3, 7, 16, 0, 0, TimeSpan.Zero);

        for (var i = 0; i < 1000; i++) PriceEngine.Price(offers, basket, at, tz);
        var times = new double[runs];
        PriceResult last = null!;
        for (var i = 0; i < runs; i++)
        {
            var start = Stopwatch.GetTimestamp();
            last = PriceEngine.Price(offers, basket, at, tz);
            times[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }
        Array.Sort(times);
        var median = times[runs / 2];
        Console.WriteLine($"price: 50 lines x 20 offers, {runs:N0} runs: median {median:F3} ms, p99 {times[(int)(runs * 0.99)]:F3} ms, " +
                          $"max {times[^1]:F3} ms; applied {last.Applied.Count}, skipped {last.Skipped.Count}, discount {last.Discount} of {last.Subtotal} cents");
        Console.WriteLine(median < 1 ? "PASS median < 1 ms" : "FAIL median >= 1 ms");
        return Task.FromResult(median < 1 ? 0 : 1);
    }
}
