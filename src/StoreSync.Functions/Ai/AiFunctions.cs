using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Ai;

/// <summary>AI drafting and semantic search. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("AI")]
public sealed class AiFunctions
{
    [Function("Ai_Generate")]
    [EndpointSummary("Draft the campaign's copy with AI (falls back to the rendered template without a provider)")]
    [ProducesResponseType<GenerationResponse>(200)]
    [Problems(400, 403, 404, 409, 412, 429)]
    [EnableRateLimiting(AiSetup.UserRateLimit)]
    public IResult Generate([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/{id:guid}/generate")] HttpRequest req) =>
        Api.Handle(AiApi.Generate);

    [Function("Ai_GenerateBulk")]
    [EndpointSummary("Draft many campaigns in a background job (202 + Location of the job)")]
    [ProducesResponseType<AiJobResponse>(202)]
    [Problems(400, 403, 429)]
    [EnableRateLimiting(AiSetup.UserRateLimit)]
    public IResult GenerateBulk([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/generate-bulk")] HttpRequest req) =>
        Api.Handle(AiApi.GenerateBulk);

    [Function("Ai_GetJob")]
    [EndpointSummary("Progress of a bulk generation job")]
    [ProducesResponseType<AiJobResponse>(200)]
    [Problems(404)]
    public IResult GetJob([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/ai/jobs/{jobId:guid}")] HttpRequest req) =>
        Api.Handle(AiApi.GetJob);

    [Function("Ai_Similar")]
    [EndpointSummary("Campaigns of the same brand most similar to this one (?limit=1..50, default 5)")]
    [ProducesResponseType<SimilarResponse>(200)]
    [Problems(400, 404)]
    public IResult Similar([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/campaigns/{id:guid}/similar")] HttpRequest req) =>
        Api.Handle(AiApi.Similar);

    [Function("Ai_Search")]
    [EndpointSummary("Semantic search over visible campaigns (admins: all brands unless brandId is given)")]
    [ProducesResponseType<SimilarResponse>(200)]
    [Problems(400, 404, 429, 503)]
    [EnableRateLimiting(AiSetup.UserRateLimit)]
    public IResult Search([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/search")] HttpRequest req) =>
        Api.Handle(AiApi.Search);
}
