using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Offers;

/// <summary>Offers: the till's price for a basket, and conflicts between campaigns' offers. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Offers")]
public sealed class OffersFunctions
{
    [Function("Offers_Preview")]
    [EndpointSummary("Price a basket with offers (inline or campaigns') at a store's local time: lines, applied and skipped offers with reasons, totals")]
    [ProducesResponseType<OfferPreviewResponse>(200)]
    [Problems(400, 404)]
    public IResult Preview([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/offers/preview")] HttpRequest req) =>
        Api.Handle(OffersApi.Preview);

    [Function("Offers_CampaignConflicts")]
    [EndpointSummary("Other campaigns at the same store whose offers overlap this one's in time (store-local, hours included) and items and cannot stack")]
    [ProducesResponseType<CampaignConflictsResponse>(200)]
    [Problems(404)]
    public IResult Conflicts([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/campaigns/{id:guid}/conflicts")] HttpRequest req) =>
        Api.Handle(OffersApi.Conflicts);
}
