using System.Text.RegularExpressions;
using Npgsql;
using StoreSync.Data.Campaigns;
using StoreSync.Data.Comments;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Comments;

public sealed record CommentRequest(string? Body);

public sealed record CommentResponse(Guid Id, Guid CampaignId, Guid? AuthorId, string AuthorName, string Body, DateTimeOffset CreatedAt)
{
    public static CommentResponse From(CommentRow c) => new(c.Id, c.CampaignId, c.AuthorId, c.AuthorId is null ? "(deleted user)" : c.AuthorName ?? "",
        c.Body, c.CreatedAt);
}

/// <summary>One entry of a campaign's timeline: a workflow transition or a comment.</summary>
/// <param name="Kind">transition or comment.</param>
public sealed record TimelineEntry(string Kind, DateTimeOffset At, Guid? Actor, string ActorName, string? FromStatus, string? ToStatus, string? Action,
    string? Comment, Guid? CommentId, string? Body);

public sealed record MentionableUser(Guid Id, string Username, string? DisplayName);

/// <summary>
/// Comments on a campaign, by anyone who can see it (viewers included). An @username in a comment notifies that user if,
/// and only if, they can see the campaign; the answer is the same whoever the name belongs to, so it reveals nothing.
/// </summary>
public static partial class CommentsApi
{
    public const int MaxBody = 4_000;
    public const int TimelineLimit = 200;
    public const int MaxMentionsPerComment = 20;

    /// <summary>@name where name follows the username rule; not part of an e-mail address or a longer word.</summary>
    [GeneratedRegex(@"(?<![A-Za-z0-9._@-])@([A-Za-z0-9._-]{3,64})")]
    private static partial Regex MentionPattern();

    public static string[] MentionsIn(string body) =>
        MentionPattern().Matches(body).Select(m => m.Groups[1].Value.TrimEnd('.', '-')).Where(n => n.Length >= 3)
            .Select(n => n.ToLowerInvariant()).Distinct().Take(MaxMentionsPerComment).ToArray();

    internal static async Task<IResult> List(Guid id, HttpContext http, NpgsqlDataSource db, CommentStore comments, int? page, int? pageSize,
        CancellationToken ct)
    {
        if (!await VisibleAsync(db, http.CurrentUser(), id, ct)) return Problem.NotFound("campaign");
        var p = PageRequest.From(page, pageSize);
        var (items, total) = await comments.ListAsync(id, p.Offset, p.PageSize, ct);
        return Results.Ok(new Page<CommentResponse>(items.Select(CommentResponse.From).ToList(), p.Page, p.PageSize, total));
    }

    internal static async Task<IResult> Create(Guid id, CommentRequest body, HttpContext http, NpgsqlDataSource db, TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var text = body.Body?.Trim();
        var v = new Validator();
        if (string.IsNullOrEmpty(text)) v.Add("body", "body is required.");
        else if (text.Length > MaxBody) v.Add("body", $"body must be at most {MaxBody} characters.");
        if (text is not null && text.Contains('\0')) v.Add("body", "body must not contain NUL characters.");
        if (!v.IsValid) return v.ToResult();

        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (await CampaignStore.FindStateAsync(conn, tx, id, me.CampaignScope, ct) is not { } campaign) return Problem.NotFound("campaign");
        var now = time.GetUtcNow();
        var row = await CommentStore.InsertAsync(conn, tx, Guid.CreateVersion7(), id, campaign.BrandId, me.Id, text!, now, ct);
        await CommentStore.NotifyMentionsAsync(conn, tx, row.Id, id, me.Id, MentionsIn(text!), now, ct);
        await tx.CommitAsync(ct);
        return Results.Created($"/api/v1/campaigns/{id}/comments/{row.Id}", CommentResponse.From(row));
    }

    /// <summary>History and comments merged, newest first; the newest <see cref="TimelineLimit"/> entries.</summary>
    internal static async Task<IResult> Timeline(Guid id, HttpContext http, NpgsqlDataSource db, CampaignStore campaigns, CommentStore comments,
        CancellationToken ct)
    {
        if (!await VisibleAsync(db, http.CurrentUser(), id, ct)) return Problem.NotFound("campaign");
        var history = (await campaigns.HistoryAsync(id, ct)).Select(h => new TimelineEntry("transition", h.At, h.Actor,
            h.Actor is null ? "system" : h.ActorName ?? "(deleted user)", h.FromStatus, h.ToStatus, h.Action, h.Comment, null, null));
        var said = (await comments.NewestAsync(id, TimelineLimit, ct)).Select(c => new TimelineEntry("comment", c.CreatedAt, c.AuthorId,
            CommentResponse.From(c).AuthorName, null, null, null, null, c.Id, c.Body));
        return Results.Ok(history.Concat(said).OrderByDescending(e => e.At).Take(TimelineLimit).ToList());
    }

    /// <summary>For the @ autocomplete: up to 10 people who can see the campaign whose username starts with q.</summary>
    internal static async Task<IResult> Mentionable(Guid id, HttpContext http, NpgsqlDataSource db, CommentStore comments, string? q, CancellationToken ct)
    {
        var v = new Validator().MaxLength("q", q, 64);
        if (!v.IsValid) return v.ToResult();
        if (!await VisibleAsync(db, http.CurrentUser(), id, ct)) return Problem.NotFound("campaign");
        var rows = await comments.MentionableAsync(id, q?.Trim().TrimStart('@') ?? "", 10, ct);
        return Results.Ok(rows.Select(u => new MentionableUser(u.Id, u.Username, u.DisplayName)).ToList());
    }

    private static async Task<bool> VisibleAsync(NpgsqlDataSource db, CurrentUser me, Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await CampaignStore.FindStateAsync(conn, null, id, me.CampaignScope, ct) is not null;
    }
}
