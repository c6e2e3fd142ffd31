using System.Data.Common;
using Dapper;
using Npgsql;
using StoreSync.Data.Db;

namespace StoreSync.Data.Users;

public sealed record UserListQuery(string? Q, string? Role, Guid? BrandId, bool? IsActive, string Sort, int Offset, int Limit);

public sealed class UserStore(NpgsqlDataSource db)
{
    private const string Select = """
        SELECT u.id, u.username, u.email, u.display_name, u.password_hash, u.role, u.is_active, u.created_at, u.updated_at,
               ARRAY(SELECT brand_id FROM user_brands WHERE user_id = u.id ORDER BY brand_id) AS brand_ids,
               ARRAY(SELECT location_id FROM user_locations WHERE user_id = u.id ORDER BY location_id) AS location_ids
        FROM users u
        """;

    public async Task<UserRow?> FindAsync(Guid id, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QuerySingleOrDefaultAsync<UserRow>(new CommandDefinition(Select + " WHERE u.id = @id", new { id }, cancellationToken: ct));
    }

    /// <summary>By username or e-mail, case-insensitive.</summary>
    public async Task<UserRow?> FindByLoginAsync(string login, CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.QueryFirstOrDefaultAsync<UserRow>(new CommandDefinition(
            Select + " WHERE lower(u.username) = lower(@login) OR lower(u.email) = lower(@login) ORDER BY (lower(u.username) = lower(@login)) DESC LIMIT 1",
            new { login }, cancellationToken: ct));
    }

    public async Task<bool> AnyAsync(CancellationToken ct)
    {
        await using var conn = await db.OpenConnectionAsync(ct);
        return await conn.ExecuteScalarAsync<bool>(new CommandDefinition("SELECT EXISTS (SELECT 1 FROM users)", cancellationToken: ct));
    }

    public async Task<(IReadOnlyList<UserRow> Items, int Total)> ListAsync(UserListQuery q, CancellationToken ct)
    {
        var order = q.Sort switch
        {
            "username" => "lower(u.username) ASC, u.id",
            "-username" => "lower(u.username) DESC, u.id",
            "createdAt" => "u.created_at ASC, u.id",
            "-createdAt" => "u.created_at DESC, u.id",
            "role" => "u.role ASC, lower(u.username), u.id",
            _ => "lower(u.username) ASC, u.id",
        };
        var where = """
            WHERE (@q::text IS NULL OR lower(u.username) LIKE @q OR lower(coalesce(u.email, '')) LIKE @q OR lower(coalesce(u.display_name, '')) LIKE @q)
              AND (@role::text IS NULL OR u.role = @role)
              AND (@isActive::boolean IS NULL OR u.is_active = @isActive)
              AND (@brandId::uuid IS NULL OR EXISTS (SELECT 1 FROM user_brands ub WHERE ub.user_id = u.id AND ub.brand_id = @brandId))
            """;
        var args = new { q = Like.Pattern(q.Q), role = q.Role, isActive = q.IsActive, brandId = q.BrandId, offset = q.Offset, limit = q.Limit };
        await using var conn = await db.OpenConnectionAsync(ct);
        var items = await conn.QueryAsync<UserRow>(new CommandDefinition(
            $"{Select} {where} ORDER BY {order} OFFSET @offset LIMIT @limit", args, cancellationToken: ct));
        var total = await conn.ExecuteScalarAsync<int>(new CommandDefinition($"SELECT count(*) FROM users u {where}", args, cancellationToken: ct));
        return (items.ToList(), total);
    }


    public async Task InsertAsync(DbConnection conn, DbTransaction tx, Guid id, string username, string? email, string? displayName,
        string passwordHash, string role, bool isActive, Guid[] brandIds, Guid[] locationIds, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("""
            INSERT INTO users (id, username, email, display_name, password_hash, role, is_active)
            VALUES (@id, @username, @email, @displayName, @passwordHash, @role, @isActive)
            """, new { id, username, email, displayName, passwordHash, role, isActive }, tx, cancellationToken: ct));
        await SetMembershipsAsync(conn, tx, id, brandIds, locationIds, ct);
    }

    /// <summary>Replaces brand and location memberships; locations must belong to one of the brands.</summary>
    public static async Task SetMembershipsAsync(DbConnection conn, DbTransaction tx, Guid userId, Guid[]? brandIds, Guid[]? locationIds, CancellationToken ct)
    {
        if (brandIds is not null)
        {
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM user_brands WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition(
                "INSERT INTO user_brands (user_id, brand_id) SELECT @userId, b.id FROM brands b WHERE b.id = ANY(@brandIds)",
                new { userId, brandIds }, tx, cancellationToken: ct));
        }
        if (locationIds is not null)
        {
            // Naming stores limits the user to them for good; an empty list lifts the limit.
            await conn.ExecuteAsync(new CommandDefinition("UPDATE users SET limited_to_locations = cardinality(@locationIds) > 0 WHERE id = @userId",
                new { userId, locationIds }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition("DELETE FROM user_locations WHERE user_id = @userId", new { userId }, tx, cancellationToken: ct));
            await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO user_locations (user_id, location_id)
                SELECT @userId, l.id FROM locations l JOIN user_brands ub ON ub.brand_id = l.brand_id AND ub.user_id = @userId
                WHERE l.id = ANY(@locationIds)
                """, new { userId, locationIds }, tx, cancellationToken: ct));
        }
    }
}
