using Dapper;
using Microsoft.AspNetCore.Identity;
using Npgsql;
using StoreSync.Data.Audit;
using StoreSync.Data.Auth;
using StoreSync.Data.Users;
using StoreSync.Functions.Auth;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Paging;
using StoreSync.Functions.Common.Problems;
using StoreSync.Functions.Common.Validation;

namespace StoreSync.Functions.Users;

/// <summary>Timestamps as UTC DateTime so they serialise with 'Z', as the contract shows.</summary>
public sealed record UserResponse(Guid Id, string Username, string? Email, string? DisplayName, string Role,
    Guid[] BrandIds, Guid[] LocationIds, bool IsActive, DateTime CreatedAt, DateTime UpdatedAt)
{
    public static UserResponse From(UserRow u) =>
        new(u.Id, u.Username, u.Email, u.DisplayName, u.Role, u.BrandIds, u.LocationIds, u.IsActive, u.CreatedAt.UtcDateTime, u.UpdatedAt.UtcDateTime);
}

public sealed record CreateUserRequest(string? Username, string? Email, string? DisplayName, string? Password, string? Role,
    Guid[]? BrandIds, Guid[]? LocationIds, bool? IsActive);

public sealed record UpdateUserRequest(string? Email, string? DisplayName, string? Password, string? Role,
    Guid[]? BrandIds, Guid[]? LocationIds, bool? IsActive);

/// <summary>User administration: admins only.</summary>
public static class UsersApi
{

    internal static async Task<IResult> List(UserStore users, string? q, string? role, Guid? brandId, bool? isActive, string? sort,
        int? page, int? pageSize, CancellationToken ct)
    {
        var p = PageRequest.From(page, pageSize);
        var (items, total) = await users.ListAsync(new UserListQuery(q, role, brandId, isActive, sort ?? "username", p.Offset, p.PageSize), ct);
        return Results.Ok(new Page<UserResponse>(items.Select(UserResponse.From).ToList(), p.Page, p.PageSize, total));
    }

    internal static async Task<IResult> Get(Guid id, UserStore users, CancellationToken ct) =>
        await users.FindAsync(id, ct) is { } u ? Results.Ok(UserResponse.From(u)) : Problem.NotFound("user");

    internal static async Task<IResult> Create(CreateUserRequest body, HttpContext http, NpgsqlDataSource db, UserStore users,
        PasswordHasher<UserRow> hasher, CancellationToken ct)
    {
        var v = new Validator();
        AuthApi.ValidateUsername(v, body.Username);
        v.Email("email", body.Email).MaxLength("displayName", body.DisplayName, 100)
            .Password("password", body.Password, body.Username, body.Email, body.DisplayName)
            .OneOf("role", body.Role, Roles.All);
        ValidateIds(v, body.BrandIds, body.LocationIds);
        if (!v.IsValid) return v.ToResult();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        await ValidateMembershipsAsync(conn, tx, v, body.BrandIds ?? [], body.LocationIds ?? [], ct);
        if (!v.IsValid) return v.ToResult();
        var id = Guid.CreateVersion7();
        try
        {
            await users.InsertAsync(conn, tx, id, body.Username!.Trim(), body.Email?.Trim(), body.DisplayName?.Trim(),
                AuthApi.HashFor(hasher, body.Password!), body.Role!, body.IsActive ?? true, body.BrandIds ?? [], body.LocationIds ?? [], ct);
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problem.Conflict(e.ConstraintName == "users_email_key" ? "That e-mail address is already in use." : "That username is taken.");
        }
        await AuditLog.WriteAsync(conn, tx, http.CurrentUser().Id, null, "create", "user", id,
            new { body.Username, body.Role, body.BrandIds, body.LocationIds }, ct);
        await tx.CommitAsync(ct);
        return Results.Created($"/api/v1/users/{id}", UserResponse.From((await users.FindAsync(id, ct))!));
    }

    internal static async Task<IResult> Update(Guid id, UpdateUserRequest body, HttpContext http, NpgsqlDataSource db, UserStore users,
        PasswordHasher<UserRow> hasher, TimeProvider time, CancellationToken ct)
    {
        var me = http.CurrentUser();
        var v = new Validator().Email("email", body.Email).MaxLength("displayName", body.DisplayName, 100)
            .OneOf("role", body.Role, Roles.All, required: false);
        if (body.Password is not null)
        {
            var target = await users.FindAsync(id, ct);
            v.Password("password", body.Password, target?.Username, body.Email ?? target?.Email, body.DisplayName ?? target?.DisplayName);
        }
        ValidateIds(v, body.BrandIds, body.LocationIds);
        if (id == me.Id && (body.IsActive == false || (body.Role is not null && body.Role != Roles.Admin)))
            v.Add(body.IsActive == false ? "isActive" : "role", "You cannot deactivate yourself or remove your own admin role.");
        if (!v.IsValid) return v.ToResult();
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Locations are checked against the brands the user will have: the new ones, or the current ones when unchanged.
        var brandIds = body.BrandIds ?? (await conn.QueryAsync<Guid>(new CommandDefinition(
            "SELECT brand_id FROM user_brands WHERE user_id = @id", new { id }, tx, cancellationToken: ct))).ToArray();
        await ValidateMembershipsAsync(conn, tx, v, brandIds, body.LocationIds ?? [], ct);
        if (!v.IsValid) return v.ToResult();
        int updated;
        try
        {
            updated = await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE users SET email = coalesce(@email, email), display_name = coalesce(@displayName, display_name),
                       role = coalesce(@role, role), is_active = coalesce(@isActive, is_active),
                       password_hash = coalesce(@passwordHash, password_hash), updated_at = now()
                WHERE id = @id
                """, new
            {
                id, email = body.Email?.Trim(), displayName = body.DisplayName?.Trim(), role = body.Role, isActive = body.IsActive,
                passwordHash = body.Password is null ? null : AuthApi.HashFor(hasher, body.Password),
            }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.UniqueViolation)
        {
            return Problem.Conflict("That e-mail address is already in use.");
        }
        if (updated == 0) return Problem.NotFound("user");
        await UserStore.SetMembershipsAsync(conn, tx, id, body.BrandIds, body.LocationIds, ct);
        if (body.BrandIds is not null && body.LocationIds is null)
        {
            // Leaving a brand also ends the assignment to its stores.
            await conn.ExecuteAsync(new CommandDefinition("""
                DELETE FROM user_locations ul
                WHERE ul.user_id = @id
                  AND NOT EXISTS (SELECT 1 FROM locations l WHERE l.id = ul.location_id AND l.brand_id = ANY(@brandIds))
                """, new { id, brandIds = body.BrandIds }, tx, cancellationToken: ct));
        }
        // A deactivated user, or one whose password an admin reset, loses every session now.
        if (body.IsActive == false || body.Password is not null)
            await RefreshTokenStore.RevokeAllAsync(conn, tx, id, null, time.GetUtcNow(), ct);
        await AuditLog.WriteAsync(conn, tx, me.Id, null, "update", "user", id,
            new { body.Email, body.DisplayName, body.Role, body.IsActive, body.BrandIds, body.LocationIds, passwordChanged = body.Password is not null }, ct);
        await tx.CommitAsync(ct);
        return Results.Ok(UserResponse.From((await users.FindAsync(id, ct))!));
    }

    internal static async Task<IResult> Delete(Guid id, HttpContext http, NpgsqlDataSource db, CancellationToken ct)
    {
        var me = http.CurrentUser();
        if (id == me.Id) return Problem.Conflict("You cannot delete your own account.");
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        var deleted = await conn.ExecuteAsync(new CommandDefinition("DELETE FROM users WHERE id = @id", new { id }, tx, cancellationToken: ct));
        if (deleted == 0) return Problem.NotFound("user");
        await AuditLog.WriteAsync(conn, tx, me.Id, null, "delete", "user", id, null, ct);
        await tx.CommitAsync(ct);
        return Results.NoContent();
    }

    private static void ValidateIds(Validator v, Guid[]? brandIds, Guid[]? locationIds)
    {
        if (brandIds is { Length: > 1000 }) v.Add("brandIds", "At most 1000 brands.");
        if (locationIds is { Length: > 10000 }) v.Add("locationIds", "At most 10000 locations.");
    }

    /// <summary>Every brand must exist, and every location must belong to one of the user's brands.</summary>
    private static async Task ValidateMembershipsAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Validator v, Guid[] brandIds, Guid[] locationIds, CancellationToken ct)
    {
        if (brandIds.Length > 0)
        {
            var missing = (await conn.QueryAsync<Guid>(new CommandDefinition(
                "SELECT x FROM unnest(@brandIds) AS x WHERE NOT EXISTS (SELECT 1 FROM brands WHERE id = x)", new { brandIds }, tx, cancellationToken: ct))).ToList();
            if (missing.Count > 0) v.Add("brandIds", $"Unknown brand(s): {string.Join(", ", missing)}.");
        }
        if (locationIds.Length > 0)
        {
            var bad = (await conn.QueryAsync<Guid>(new CommandDefinition(
                "SELECT x FROM unnest(@locationIds) AS x WHERE NOT EXISTS (SELECT 1 FROM locations WHERE id = x AND brand_id = ANY(@brandIds))",
                new { locationIds, brandIds }, tx, cancellationToken: ct))).ToList();
            if (bad.Count > 0) v.Add("locationIds", $"Location(s) not in the user's brands: {string.Join(", ", bad)}.");
        }
    }
}
