using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Hosting;
using StoreSync.Functions.Store;

namespace StoreSync.Functions.Public;

/// <summary>What anyone may read without signing in: a store's page with its live campaigns.</summary>
[Tags("Public")]
public sealed class PublicFunctions
{
    [Function("Public_StorePage")]
    [EndpointSummary("A store's public page: name, address, hours and its live campaigns' approved copy and offer (no sign-in; cacheable; ETag)")]
    [ProducesResponseType<PublicStorePage>(200)]
    [ProducesResponseType(304)]
    [Problems(404, 429)]
    [AllowAnonymous]
    [EnableRateLimiting(StoreSetup.PublicRateLimit)]
    public IResult StorePage([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/public/brands/{brandSlug}/locations/{storeNumber}")] HttpRequest req) =>
        Api.Handle(PublicApi.StorePage);
}
