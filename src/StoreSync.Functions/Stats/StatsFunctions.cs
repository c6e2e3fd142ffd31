using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Stats;

/// <summary>Dashboard figures. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Stats")]
public sealed class StatsFunctions
{
    [Function("Stats_Get")]
    [EndpointSummary("Counts by status, approvals waiting, median submit→approve time, going live in 7 days, 30 days of activity (?brandId)")]
    [ProducesResponseType<StatsResponse>(200)]
    [Problems(404)]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/stats")] HttpRequest req) =>
        Api.Handle(StatsApi.GetAsync);
}
