using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Store;

/// <summary>The store API, called by devices with <c>Authorization: Device &lt;key&gt;</c>; a device sees only its own location.</summary>
[Tags("Store")]
[DeviceAuthentication]
[EnableRateLimiting(StoreSetup.DeviceRateLimit)]
public sealed class StoreFunctions
{
    [Function("Store_Feed")]
    [EndpointSummary("What is live at this store now (or at ?at=) and what starts within ?days=7 (1..31); ETag, If-None-Match → 304")]
    [ProducesResponseType<StoreFeed>(200)]
    [ProducesResponseType(304)]
    [Problems(400, 401, 429)]
    public IResult Feed([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/store/feed")] HttpRequest req) =>
        Api.Handle(StoreApi.Feed);

    [Function("Store_Redeem")]
    [EndpointSummary("Report a batch of redemptions (up to 1,000 items); idempotent per batchId: the same batch again gets the same answer")]
    [ProducesResponseType<RedemptionBatchResponse>(200)]
    [Problems(400, 401, 413, 422, 429)]
    public IResult Redeem([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/store/redemptions")] HttpRequest req) =>
        Api.Handle(StoreApi.Redeem);
}
