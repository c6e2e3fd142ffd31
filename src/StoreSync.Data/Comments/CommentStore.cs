using System.Data.Common;
using Dapper;
using Npgsql;

namespace StoreSync.Data.Comments;

public sealed class CommentRow
{
    public Guid Id { get; init; }
    public Guid CampaignId { get; init; }
    public Guid? AuthorId { get; init; }
    public string? AuthorName { get; init; }
    public string Body { get; init; } = "";
    public DateTimeOffset CreatedAt { get; init; }
}

public sealed class MentionableRow
{
    public Guid Id { get; init; }
    public string Username { get; init; } = "";
    public string? DisplayName { get; init; }
}

/// <summary>
/// Comments on campaigns and the mentions in them. The callers check that the campaign is visible before reading or writing
/// here; mention notifications go only to users <see cref="CampaignAudience"/> lets see the campaign.
/// </summary>
public sealed class CommentStore(NpgsqlDataSource db)
{
    private const string Select = """
        SELECT m.id, m.campaign_id, m.author_id, coalesce(nullif(u.display_name, ''), u.username) AS author_name, m.body, m.created_at
        FROM campaign_comments m LEFT JOIN users u ON u.id = m.author_id
        """;

    public async Task<(IReadOnlyList<CommentRow> Items, int Total)> ListAsync(Guid campaignId, int offset, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var results = await conn.QueryMultipleAsync(new CommandDefinition($"""
            {Select} WHERE m.campaign_id = @campaignId ORDER BY m.created_at DESC, m.id DESC OFFSET @offset LIMIT @limit;
            SELECT count(*)::int FROM campaign_comments WHERE campaign_id = @campaignId;
            """, new { campaignId, offset, limit }, cancellationToken: ct));
        var items = (await results.ReadAsync<CommentRow>()).ToList();
        return (items, await results.ReadSingleAsync<int>());
    }

    /// <summary>The newest <paramref name="limit"/> comments (the timeline merges them with the history).</summary>
    public async Task<IReadOnlyList<CommentRow>> NewestAsync(Guid campaignId, int limit, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<CommentRow>(new CommandDefinition(
            $"{Select} WHERE m.campaign_id = @campaignId ORDER BY m.created_at DESC, m.id DESC LIMIT @limit",
            new { campaignId, limit }, cancellationToken: ct))).ToList();
    }

    public static async Task<CommentRow> InsertAsync(DbConnection conn, DbTransaction tx, Guid id, Guid campaignId, Guid brandId, Guid authorId,
        string body, DateTimeOffset at, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO campaign_comments (id, campaign_id, brand_id, author_id, body, created_at)
            VALUES (@id, @campaignId, @brandId, @authorId, @body, @at);
            INSERT INTO audit_log (at, actor_id, brand_id, action, entity, entity_id, details)
            VALUES (@at, @authorId, @brandId, 'comment', 'campaign', @campaignId, jsonb_build_object('commentId', @id));
            """, new { id, campaignId, brandId, authorId, body, at = at.UtcDateTime }, tx, cancellationToken: ct));
        return await conn.QuerySingleAsync<CommentRow>(new CommandDefinition($"{Select} WHERE m.id = @id", new { id }, tx, cancellationToken: ct));
    }

    /// <summary>
    /// Notifies the named users who can see the campaign (never the author), once per comment and user. Names that are
    /// nobody, or somebody who cannot see the campaign, produce nothing. Returns how many were notified.
    /// </summary>
    public static Task<int> NotifyMentionsAsync(DbConnection conn, DbTransaction tx, Guid commentId, Guid campaignId, Guid authorId,
        string[] usernames, DateTimeOffset at, CancellationToken ct) =>
        usernames.Length == 0 ? Task.FromResult(0) : conn.ExecuteAsync(new CommandDefinition($"""
            INSERT INTO notifications (id, user_id, brand_id, kind, title, body, campaign_id, dedupe_key, created_at)
            SELECT gen_random_uuid(), u.id, c.brand_id, 'mention',
                   author.name || ' mentioned you on ' || c.name,
                   left(m.body, 280) || CASE WHEN char_length(m.body) > 280 THEN '…' ELSE '' END,
                   c.id, concat_ws(':', 'mention', m.id, u.id), @at
            FROM campaign_comments m
            JOIN campaigns c ON c.id = m.campaign_id
            JOIN users u ON lower(u.username) = ANY(@usernames)
            CROSS JOIN LATERAL (
                SELECT coalesce((SELECT coalesce(nullif(a.display_name, ''), a.username) FROM users a WHERE a.id = @authorId), 'Someone') AS name
            ) author
            WHERE m.id = @commentId AND c.id = @campaignId AND u.id <> @authorId AND {CampaignAudience.CanSee}
            ON CONFLICT (dedupe_key) DO NOTHING
            """, new { commentId, campaignId, authorId, usernames = usernames.Select(n => n.ToLowerInvariant()).Distinct().ToArray(), at = at.UtcDateTime },
            tx, cancellationToken: ct));

    /// <summary>
    /// People who can see the campaign whose username starts with the prefix; at most <paramref name="limit"/>,
    /// alphabetical. The username prefix is a range of users_username_prefix_idx.
    /// </summary>
    public async Task<IReadOnlyList<MentionableRow>> MentionableAsync(Guid campaignId, string prefix, int limit, CancellationToken ct)
    {
        var pattern = prefix.ToLowerInvariant().Replace("\\", "\\\\").Replace("%", "\\%").Replace("_", "\\_") + "%";
        await using var conn = await db.OpenConnectionAsync(ct);
        return (await conn.QueryAsync<MentionableRow>(new CommandDefinition($"""
            SELECT u.id, u.username, u.display_name
            FROM campaigns c JOIN users u ON lower(u.username) LIKE @pattern
            WHERE c.id = @campaignId AND {CampaignAudience.CanSee}
            ORDER BY lower(u.username)
            LIMIT @limit
            """, new { campaignId, pattern, limit }, cancellationToken: ct))).ToList();
    }
}
