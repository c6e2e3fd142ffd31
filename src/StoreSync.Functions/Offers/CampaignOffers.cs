using System.Data.Common;
using StoreSync.Data.Offers;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Offers;

/// <summary>An effective offer: validated, in the form stored (JSON) and the engine's, with its currency.</summary>
public sealed record EffectiveOffer(OfferSpec Spec, string Json, Offer Offer, Currency Currency);

/// <summary>
/// The offer a campaign stores: its template's defaults overlaid by what the campaign already has and then by what this
/// request sets. Stored in full on the campaign (create, bulk create, every edit), so readers need one column.
/// </summary>
public static class CampaignOffers
{
    public static async Task<Currency> CurrencyAsync(DbConnection conn, DbTransaction? tx, Guid brandId, CancellationToken ct) =>
        Currency.FromSettings(await OfferStore.BrandSettingsAsync(conn, tx, brandId, ct));

    /// <summary>Null without errors when no layer has an offer; null with errors under "offer" when the result is not valid.</summary>
    public static EffectiveOffer? Resolve(Validator v, Currency currency, string? templateOffer, string? campaignOffer, OfferSpec? requested)
    {
        var merged = OfferSpec.Overlay(OfferSpec.Overlay(OfferSpec.Parse(templateOffer), OfferSpec.Parse(campaignOffer)), requested);
        if (merged is null) return null;
        var offer = OfferRules.Validate(v, "offer", merged, currency, out var normalized);
        return offer is null ? null : new EffectiveOffer(normalized!, normalized!.ToJson(), offer, currency);
    }
}
