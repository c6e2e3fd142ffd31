using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using Microsoft.DurableTask.Client;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Hosting;
using StoreSync.Functions.Lifecycle;

namespace StoreSync.Functions.Campaigns;

/// <summary>Campaigns, their workflow and roll-outs. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Campaigns")]
public sealed class CampaignsFunctions
{
    [Function("Campaigns_List")]
    [EndpointSummary("List campaigns (?status&brandId&locationId&templateId&q&startsFrom&startsTo&sort=createdAt|-createdAt|name|scheduledStart|status&page&pageSize)")]
    [ProducesResponseType<Page<CampaignResponse>>(200)]
    [Problems(400)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/campaigns")] HttpRequest req) =>
        Api.Handle(CampaignsApi.List);

    [Function("Campaigns_Create")]
    [EndpointSummary("Create a draft campaign for one location (Idempotency-Key honoured)")]
    [ProducesResponseType<CampaignResponse>(201)]
    [Problems(400, 403, 404, 409, 422)]
    public IResult Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns")] HttpRequest req) =>
        Api.Handle(CampaignsApi.Create);

    [Function("Campaigns_Get")]
    [EndpointSummary("Get a campaign (ETag)")]
    [ProducesResponseType<CampaignResponse>(200)]
    [Problems(404)]
    public IResult Get([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/campaigns/{id:guid}")] HttpRequest req) =>
        Api.Handle(CampaignsApi.Get);

    [Function("Campaigns_Update")]
    [EndpointSummary("Edit name, customizations or dates of a draft or rejected campaign (If-Match honoured)")]
    [ProducesResponseType<CampaignResponse>(200)]
    [Problems(400, 403, 404, 409, 412)]
    [IfMatch]
    public IResult Update([HttpTrigger(AuthorizationLevel.Anonymous, "patch", Route = "v1/campaigns/{id:guid}")] HttpRequest req) =>
        Api.Handle(CampaignsApi.Update);

    [Function("Campaigns_Delete")]
    [EndpointSummary("Delete a draft campaign (If-Match honoured)")]
    [ProducesResponseType(204)]
    [Problems(403, 404, 409, 412)]
    [IfMatch]
    public IResult Delete([HttpTrigger(AuthorizationLevel.Anonymous, "delete", Route = "v1/campaigns/{id:guid}")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(CampaignsApi.Delete).DrainAfterCommit(req, client);

    [Function("Campaigns_History")]
    [EndpointSummary("Status history, newest first")]
    [ProducesResponseType<List<CampaignHistoryEntry>>(200)]
    [Problems(404)]
    public IResult History([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/campaigns/{id:guid}/history")] HttpRequest req) =>
        Api.Handle(CampaignsApi.History);

    [Function("Campaigns_RollOut")]
    [EndpointSummary("Roll a template out to many locations (locationIds or locationFilter, at most 5,000); Idempotency-Key honoured")]
    [ProducesResponseType<RolloutResponse>(200)]
    [Problems(400, 403, 404, 409, 422)]
    public IResult RollOut([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/bulk")] HttpRequest req) =>
        Api.Handle(CampaignRollout.RollOutAsync);

    [Function("Campaigns_Submit")]
    [EndpointSummary("Workflow: submit (optional {comment}; If-Match honoured)")]
    [ProducesResponseType<CampaignResponse>(200)]
    [Problems(400, 403, 404, 409, 412)]
    [IfMatch]
    public IResult Submit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/{id:guid}/submit")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(CampaignActions.Submit).DrainAfterCommit(req, client);

    [Function("Campaigns_Approve")]
    [EndpointSummary("Workflow: approve (optional {comment}; If-Match honoured)")]
    [ProducesResponseType<CampaignResponse>(200)]
    [Problems(400, 403, 404, 409, 412)]
    [IfMatch]
    public IResult Approve([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/{id:guid}/approve")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(CampaignActions.Approve).DrainAfterCommit(req, client);

    [Function("Campaigns_Reject")]
    [EndpointSummary("Workflow: reject (optional {comment}; If-Match honoured)")]
    [ProducesResponseType<CampaignResponse>(200)]
    [Problems(400, 403, 404, 409, 412)]
    [IfMatch]
    public IResult Reject([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/{id:guid}/reject")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(CampaignActions.Reject).DrainAfterCommit(req, client);

    [Function("Campaigns_Revise")]
    [EndpointSummary("Workflow: revise (optional {comment}; If-Match honoured)")]
    [ProducesResponseType<CampaignResponse>(200)]
    [Problems(400, 403, 404, 409, 412)]
    [IfMatch]
    public IResult Revise([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/{id:guid}/revise")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(CampaignActions.Revise).DrainAfterCommit(req, client);

    [Function("Campaigns_Schedule")]
    [EndpointSummary("Workflow: schedule (optional {comment}; If-Match honoured)")]
    [ProducesResponseType<CampaignResponse>(200)]
    [Problems(400, 403, 404, 409, 412)]
    [IfMatch]
    public IResult Schedule([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/{id:guid}/schedule")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(CampaignActions.Schedule).DrainAfterCommit(req, client);

    [Function("Campaigns_Cancel")]
    [EndpointSummary("Workflow: cancel (optional {comment}; If-Match honoured)")]
    [ProducesResponseType<CampaignResponse>(200)]
    [Problems(400, 403, 404, 409, 412)]
    [IfMatch]
    public IResult Cancel([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/{id:guid}/cancel")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(CampaignActions.Cancel).DrainAfterCommit(req, client);

    [Function("Campaigns_BulkSubmit")]
    [EndpointSummary("Workflow: submit up to 1,000 campaigns, each checked and reported on its own")]
    [ProducesResponseType<BulkActionResponse>(200)]
    [Problems(400)]
    public IResult BulkSubmit([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/bulk/submit")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(CampaignActions.BulkSubmit).DrainAfterCommit(req, client, maxBatches: 5);

    [Function("Campaigns_BulkApprove")]
    [EndpointSummary("Workflow: approve up to 1,000 campaigns, each checked and reported on its own")]
    [ProducesResponseType<BulkActionResponse>(200)]
    [Problems(400)]
    public IResult BulkApprove([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/bulk/approve")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(CampaignActions.BulkApprove).DrainAfterCommit(req, client, maxBatches: 5);

    [Function("Campaigns_BulkReject")]
    [EndpointSummary("Workflow: reject up to 1,000 campaigns, each checked and reported on its own")]
    [ProducesResponseType<BulkActionResponse>(200)]
    [Problems(400)]
    public IResult BulkReject([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/bulk/reject")] HttpRequest req,
        [DurableClient] DurableTaskClient client) =>
        Api.Handle(CampaignActions.BulkReject).DrainAfterCommit(req, client, maxBatches: 5);
}
