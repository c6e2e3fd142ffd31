using StoreSync.Functions.Offers;

namespace StoreSync.Tests.Offers;

/// <summary>The conflict rule on its own (the HTTP tests cover where conflicts are shown).</summary>
public sealed class OfferConflictsTests
{
    private static readonly TimeZoneInfo Chicago = TimeZoneInfo.FindSystemTimeZoneById("America/Chicago");
    // Monday 2026-06-08 00:00 to Tuesday 00:00, Chicago time (CDT, UTC-5).
    private static readonly DateTimeOffset MondayStart = new(2026, 6, 8, 5, 0, 0, TimeSpan.Zero);
    private static readonly DateTimeOffset MondayEnd = MondayStart.AddDays(1);

    private static Offer Snacks(bool stackable = false, string? day = null, string start = "00:00", string end = "24:00") =>
        PriceEngineTests.O(new OfferSpec("percentOff", "10", new OfferItems(null, ["snacks"]), Stackable: stackable,
            Hours: day is null ? null : [new([day], start, end)]));

    [Theory]
    [InlineData("mon", true)]
    [InlineData("sat", false)] // the overlap is a Monday only, in store time
    public void HoursConflictOnlyOnStoreLocalDaysBothRun(string day, bool conflicts)
    {
        var reason = OfferConflicts.Explain(Snacks(), MondayStart, MondayEnd, Snacks(day: day), MondayStart.AddDays(-30), MondayStart.AddDays(30), Chicago);
        Assert.Equal(conflicts, reason is not null);
    }

    [Fact]
    public void AdjacentHoursDoNotConflictButOverlappingOnesDo()
    {
        Assert.Null(OfferConflicts.Explain(Snacks(day: "mon", start: "09:00", end: "12:00"), null, null, Snacks(day: "mon", start: "12:00", end: "14:00"), null, null, Chicago));
        Assert.Contains("mon, 11:00–12:00", OfferConflicts.Explain(Snacks(day: "mon", start: "09:00", end: "12:00"), null, null,
            Snacks(day: "mon", start: "11:00", end: "14:00"), null, null, Chicago));
    }

    [Fact]
    public void TwoStackableOffersNeverConflictAndOneNonStackableIsEnough()
    {
        Assert.Null(OfferConflicts.Explain(Snacks(stackable: true), null, null, Snacks(stackable: true), null, null, Chicago));
        Assert.NotNull(OfferConflicts.Explain(Snacks(stackable: true), null, null, Snacks(), null, null, Chicago));
    }

    [Fact]
    public void DisjointDatesOrItemsDoNotConflict()
    {
        Assert.Null(OfferConflicts.Explain(Snacks(), MondayStart, MondayEnd, Snacks(), MondayEnd, MondayEnd.AddDays(1), Chicago));
        var drinks = PriceEngineTests.O(new OfferSpec("percentOff", "10", new OfferItems(["D-1"], ["drinks"])));
        Assert.Null(OfferConflicts.Explain(Snacks(), null, null, drinks, null, null, Chicago));
        var basketWide = PriceEngineTests.O(new OfferSpec("threshold", "5", MinSpend: "50"));
        Assert.Contains("the whole basket", OfferConflicts.Explain(basketWide, null, null, drinks, null, null, Chicago));
    }
}
