using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.RateLimiting;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Calendar;

/// <summary>The personal iCalendar feed. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Calendar")]
public sealed class CalendarFunctions
{
    [Function("Calendar_IssueToken")]
    [EndpointSummary("A new personal calendar feed URL; the previous one stops working")]
    [ProducesResponseType<CalendarTokenResponse>(200)]
    public IResult IssueToken([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/auth/me/calendar-token")] HttpRequest req) =>
        Api.Handle(CalendarApi.IssueToken);

    [Function("Calendar_Feed")]
    [EndpointSummary("The iCalendar feed of a calendar token (?brandId&locationId): scheduled and active campaigns in store-local time")]
    [ProducesResponseType(typeof(string), 200, "text/calendar")]
    [Problems(404, 429)]
    [AllowAnonymous]
    [EnableRateLimiting(CalendarApi.FeedRateLimit)]
    public IResult Feed([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/calendar/{token}.ics")] HttpRequest req) =>
        Api.Handle(CalendarApi.Feed);
}
