using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Comments;

/// <summary>Comments and @mentions on campaigns, and the timeline that shows them with the workflow history.</summary>
[Tags("Comments")]
public sealed class CommentsFunctions
{
    [Function("Comments_List")]
    [EndpointSummary("Comments on a campaign, newest first (?page&pageSize)")]
    [ProducesResponseType<Page<CommentResponse>>(200)]
    [Problems(404)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/campaigns/{id:guid}/comments")] HttpRequest req) =>
        Api.Handle(CommentsApi.List);

    [Function("Comments_Create")]
    [EndpointSummary("Comment on a campaign (any role that can see it; 1..4,000 characters; @username notifies a user who can see the campaign)")]
    [ProducesResponseType<CommentResponse>(201)]
    [Problems(400, 404, 429)]
    [EnableRateLimiting(CommentsSetup.UserRateLimit)]
    public IResult Create([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/campaigns/{id:guid}/comments")] HttpRequest req) =>
        Api.Handle(CommentsApi.Create);

    [Function("Comments_Timeline")]
    [EndpointSummary("Workflow history and comments in one list, newest first (the newest 200)")]
    [ProducesResponseType<List<TimelineEntry>>(200)]
    [Problems(404)]
    public IResult Timeline([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/campaigns/{id:guid}/timeline")] HttpRequest req) =>
        Api.Handle(CommentsApi.Timeline);

    [Function("Comments_Mentionable")]
    [EndpointSummary("People who can see the campaign whose username starts with q (at most 10), for @mention autocomplete")]
    [ProducesResponseType<List<MentionableUser>>(200)]
    [Problems(400, 404)]
    public IResult Mentionable([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/campaigns/{id:guid}/mentionable")] HttpRequest req) =>
        Api.Handle(CommentsApi.Mentionable);
}
