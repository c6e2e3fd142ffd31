using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Reports;

/// <summary>Reports. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Reports")]
public sealed class ReportsFunctions
{
    [Function("Reports_CampaignsPdf")]
    [EndpointSummary("A PDF summary for leadership (?brandId&from&to, default the last 30 days): counts by status, time to approval, results, charts")]
    [ProducesResponseType(typeof(byte[]), 200, "application/pdf")]
    [Problems(400, 404, 503)]
    public IResult CampaignsPdf([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/reports/campaigns.pdf")] HttpRequest req) =>
        Api.Handle(ReportsApi.CampaignsPdf);
}
