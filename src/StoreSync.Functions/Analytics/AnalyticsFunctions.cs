using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Analytics;

/// <summary>Campaign results from store redemptions. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Analytics")]
public sealed class AnalyticsFunctions
{
    [Function("Analytics_Campaigns")]
    [EndpointSummary("Redemptions, discount and revenue per campaign (store) and per store-local day for one brand (?brandId&from&to&templateId&locationId&rolloutId&campaignId&sort&page&pageSize&format=json|csv)")]
    [ProducesResponseType<CampaignResultsResponse>(200)]
    [ProducesResponseType(typeof(string), 200, "text/csv")]
    [Problems(400, 404)]
    public IResult Campaigns([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/analytics/campaigns")] HttpRequest req) =>
        Api.Handle(AnalyticsApi.Campaigns);
}
