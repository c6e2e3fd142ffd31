using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Azure.Functions.Worker;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Notifications;

/// <summary>The caller's notifications. Each function binds its HTTP trigger and hands the request to its handler.</summary>
[Tags("Notifications")]
public sealed class NotificationsFunctions
{
    [Function("Notifications_List")]
    [EndpointSummary("The caller's notifications, unread first, newest first (?unreadOnly&page&pageSize)")]
    [ProducesResponseType<NotificationPage>(200)]
    public IResult List([HttpTrigger(AuthorizationLevel.Anonymous, "get", Route = "v1/notifications")] HttpRequest req) =>
        Api.Handle(NotificationsApi.List);

    [Function("Notifications_MarkRead")]
    [EndpointSummary("Mark one of the caller's notifications read")]
    [ProducesResponseType(204)]
    [Problems(404)]
    public IResult MarkRead([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/notifications/{id:guid}/read")] HttpRequest req) =>
        Api.Handle(NotificationsApi.MarkRead);

    [Function("Notifications_MarkAllRead")]
    [EndpointSummary("Mark all the caller's notifications read")]
    [ProducesResponseType(204)]
    public IResult MarkAllRead([HttpTrigger(AuthorizationLevel.Anonymous, "post", Route = "v1/notifications/read-all")] HttpRequest req) =>
        Api.Handle(NotificationsApi.MarkAllRead);
}
