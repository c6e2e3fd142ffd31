using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Dapper;
using StoreSync.Functions.Common.Auth;
using StoreSync.Tests.Infrastructure;

namespace StoreSync.Tests.Notifications;

/// <summary>GET /notifications, POST /notifications/{id}/read, POST /notifications/read-all: only ever the caller's own.</summary>
public sealed class NotificationsApiTests(StoreSyncApp app) : IClassFixture<StoreSyncApp>
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 2, 8, 0, 0, TimeSpan.Zero);

    [Fact]
    public async Task TheListShowsOnlyTheCallersOwnUnreadFirstThenNewestFirst()
    {
        var (me, client) = await app.SignInAsNewAsync(Roles.BrandManager);
        var other = await app.CreateUserAsync(Roles.BrandManager);
        var oldUnread = await InsertAsync(me.Id, T0);
        var newRead = await InsertAsync(me.Id, T0.AddHours(2), readAt: T0.AddHours(3));
        var newUnread = await InsertAsync(me.Id, T0.AddHours(1));
        await InsertAsync(other.Id, T0.AddHours(5));

        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications");

        Assert.Equal([newUnread, oldUnread, newRead], Ids(page));
        Assert.Equal(3, page.GetProperty("total").GetInt32());
        Assert.Equal(2, page.GetProperty("unread").GetInt32());
        Assert.Equal(1, page.GetProperty("page").GetInt32());
        Assert.Equal(20, page.GetProperty("pageSize").GetInt32());
        var first = page.GetProperty("items")[0];
        Assert.Equal("reminder", first.GetProperty("kind").GetString());
        Assert.Equal("Review waiting", first.GetProperty("title").GetString());
        Assert.Equal(JsonValueKind.Null, first.GetProperty("readAt").ValueKind);
        Assert.Equal(T0.AddHours(1), first.GetProperty("createdAt").GetDateTimeOffset());
        Assert.True(first.TryGetProperty("campaignId", out _));
    }

    [Fact]
    public async Task UnreadOnlyAndPagingNarrowTheListButUnreadCountsAll()
    {
        var (me, client) = await app.SignInAsNewAsync(Roles.Viewer);
        for (var i = 0; i < 5; i++) await InsertAsync(me.Id, T0.AddMinutes(i));
        await InsertAsync(me.Id, T0.AddHours(1), readAt: T0.AddHours(2));

        var unread = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications?unreadOnly=true&page=2&pageSize=2");

        Assert.Equal(5, unread.GetProperty("total").GetInt32());
        Assert.Equal(5, unread.GetProperty("unread").GetInt32());
        Assert.Equal(2, unread.GetProperty("items").GetArrayLength());
        Assert.All(unread.GetProperty("items").EnumerateArray(), n => Assert.Equal(JsonValueKind.Null, n.GetProperty("readAt").ValueKind));
        var all = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications?pageSize=500");
        Assert.Equal(6, all.GetProperty("total").GetInt32());
        Assert.Equal(100, all.GetProperty("pageSize").GetInt32());
    }

    [Fact]
    public async Task MarkingOneReadIs204AndKeepsTheFirstReadTime()
    {
        var (me, client) = await app.SignInAsNewAsync(Roles.LocationManager);
        var id = await InsertAsync(me.Id, T0);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/notifications/{id}/read", null)).StatusCode);
        var firstRead = await ReadAtAsync(id);
        Assert.NotNull(firstRead);
        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync($"/api/v1/notifications/{id}/read", null)).StatusCode);
        Assert.Equal(firstRead, await ReadAtAsync(id));
        var page = await client.GetFromJsonAsync<JsonElement>("/api/v1/notifications");
        Assert.Equal(0, page.GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task AnotherUsersNotificationIs404AndStaysUnread()
    {
        var (_, client) = await app.SignInAsNewAsync(Roles.Admin);
        var owner = await app.CreateUserAsync(Roles.BrandManager);
        var theirs = await InsertAsync(owner.Id, T0);

        var response = await client.PostAsync($"/api/v1/notifications/{theirs}/read", null);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Null(await ReadAtAsync(theirs));
        Assert.Equal(HttpStatusCode.NotFound, (await client.PostAsync($"/api/v1/notifications/{Guid.NewGuid()}/read", null)).StatusCode);
    }

    [Fact]
    public async Task ReadAllMarksOnlyTheCallersOwn()
    {
        var (me, client) = await app.SignInAsNewAsync(Roles.BrandManager);
        var other = await app.CreateUserAsync(Roles.BrandManager);
        var mine = new[] { await InsertAsync(me.Id, T0), await InsertAsync(me.Id, T0.AddMinutes(1)) };
        var theirs = await InsertAsync(other.Id, T0);

        Assert.Equal(HttpStatusCode.NoContent, (await client.PostAsync("/api/v1/notifications/read-all", null)).StatusCode);

        foreach (var id in mine) Assert.NotNull(await ReadAtAsync(id));
        Assert.Null(await ReadAtAsync(theirs));
    }

    [Fact]
    public async Task NotificationsNeedAToken()
    {
        var anonymous = app.CreateClient();
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/notifications")).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.PostAsync("/api/v1/notifications/read-all", null)).StatusCode);
    }

    [Fact]
    public async Task AMalformedFlagIsA400Problem()
    {
        var (_, client) = await app.SignInAsNewAsync(Roles.Viewer);
        var response = await client.GetAsync("/api/v1/notifications?unreadOnly=perhaps");
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    private static Guid[] Ids(JsonElement page) => page.GetProperty("items").EnumerateArray().Select(n => n.GetProperty("id").GetGuid()).ToArray();

    private async Task<Guid> InsertAsync(Guid userId, DateTimeOffset createdAt, DateTimeOffset? readAt = null)
    {
        var id = Guid.CreateVersion7();
        await using var conn = await app.Db.OpenConnectionAsync();
        await conn.ExecuteAsync("""
            INSERT INTO notifications (id, user_id, kind, title, body, dedupe_key, created_at, read_at)
            VALUES (@id, @userId, 'reminder', 'Review waiting', 'Something waits for you.', 'test:' || @id, @createdAt, @readAt)
            """, new { id, userId, createdAt = createdAt.UtcDateTime, readAt = readAt?.UtcDateTime });
        return id;
    }

    private async Task<DateTime?> ReadAtAsync(Guid id)
    {
        await using var conn = await app.Db.OpenConnectionAsync();
        return await conn.ExecuteScalarAsync<DateTime?>("SELECT read_at FROM notifications WHERE id = @id", new { id });
    }
}
