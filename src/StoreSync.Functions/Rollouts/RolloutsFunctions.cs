using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Rollouts;

/// <summary>Rollouts created by POST /campaigns/bulk: progress by status, the stores that have not acted, reminders.</summary>
[Tags("Rollouts")]
public sealed class RolloutsFunctions
{
    [Function("Rollouts_List")]
    [EndpointSummary("Rollouts visible to you, newest first (?brandId&q&page&pageSize)")]
    [ProducesResponseType<Page<RolloutSummary>>(200)]
    [Problems(400)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/rollouts")] HttpRequest req) =>
        Api.Handle(RolloutsApi.List);

    [Function("Rollouts_Get")]
    [EndpointSummary("A rollout with its campaigns counted by status (the ones you can see)")]
    [ProducesResponseType<RolloutDetail>(200)]
    [Problems(404)]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/rollouts/{id:guid}")] HttpRequest req) =>
        Api.Handle(RolloutsApi.Get);

    [Function("Rollouts_Locations")]
    [EndpointSummary("The rollout's stores with their campaign, status and since when (?status | ?stage=notSubmitted|rejectedNotRevised|approvedNotScheduled|live, q, page, pageSize)")]
    [ProducesResponseType<Page<RolloutLocation>>(200)]
    [Problems(400, 404)]
    public IResult Locations([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/rollouts/{id:guid}/locations")] HttpRequest req) =>
        Api.Handle(RolloutsApi.Locations);

    [Function("Rollouts_Remind")]
    [EndpointSummary("Remind the people who can act on the rollout's drafts and rejected campaigns (once per person and day)")]
    [ProducesResponseType<RemindResponse>(200)]
    [Problems(403, 404)]
    public IResult Remind([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/rollouts/{id:guid}/remind")] HttpRequest req) =>
        Api.Handle(RolloutsApi.Remind);
}
