using StoreSync.Data.Notifications;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;

namespace StoreSync.Functions.Notifications;

/// <summary>
/// `campaignId` and `campaignName` say which campaign a notification is about, so a client can open it; `rolloutId` is
/// that campaign's rollout, if any (rollout-wide kinds open the rollout page).
/// </summary>
public sealed record NotificationResponse(Guid Id, string Kind, string Title, string Body, Guid? CampaignId, string? CampaignName,
    DateTimeOffset CreatedAt, DateTimeOffset? ReadAt, Guid? RolloutId)
{
    public static NotificationResponse From(NotificationRow n) =>
        new(n.Id, n.Kind, n.Title, n.Body, n.CampaignId, n.CampaignName, n.CreatedAt, n.ReadAt, n.RolloutId);
}

/// <summary>A page of the caller's notifications plus how many are unread in all.</summary>
public sealed record NotificationPage(IReadOnlyList<NotificationResponse> Items, int Unread, int Page, int PageSize, int Total);

/// <summary>The caller's own notifications (reminders, digests, flags from the lifecycle sweep). Nobody sees anyone else's.</summary>
public static class NotificationsApi
{
    public static IHostApplicationBuilder AddNotifications(this IHostApplicationBuilder builder)
    {
        builder.Services.AddSingleton<NotificationStore>();
        return builder;
    }


    internal static async Task<IResult> List(HttpContext http, NotificationStore store, bool? unreadOnly, int? page, int? pageSize, CancellationToken ct)
    {
        var p = PageRequest.From(page, pageSize);
        var (items, total, unread) = await store.ListAsync(http.CurrentUser().Id, unreadOnly ?? false, p.Offset, p.PageSize, ct);
        return Results.Ok(new NotificationPage(items.Select(NotificationResponse.From).ToList(), unread, p.Page, p.PageSize, total));
    }

    internal static async Task<IResult> MarkRead(Guid id, HttpContext http, NotificationStore store, TimeProvider time, CancellationToken ct) =>
        await store.MarkReadAsync(http.CurrentUser().Id, id, time.GetUtcNow(), ct) ? Results.NoContent() : Problem.NotFound("notification");

    internal static async Task<IResult> MarkAllRead(HttpContext http, NotificationStore store, TimeProvider time, CancellationToken ct)
    {
        await store.MarkAllReadAsync(http.CurrentUser().Id, time.GetUtcNow(), ct);
        return Results.NoContent();
    }
}
