using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Approvals;

/// <summary>The caller's review queue. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Approvals")]
public sealed class ApprovalsFunctions
{
    [Function("Approvals_Queue")]
    [EndpointSummary("Review queue: pendingReview campaigns the caller may approve, oldest first (?brandId&page&pageSize)")]
    [ProducesResponseType<Page<ApprovalItem>>(200)]
    public IResult Queue([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/approvals")] HttpRequest req) =>
        Api.Handle(ApprovalsApi.QueueAsync);
}
