using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Data.Users;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Hosting;

namespace StoreSync.Functions.Auth;

/// <summary>On an empty database, creates the first admin from Auth:BootstrapAdminUsername / Auth:BootstrapAdminPassword.</summary>
public static class BootstrapAdmin
{
    public static async Task EnsureAsync(NpgsqlDataSource db, AuthOptions options, PasswordHasher<UserRow> hasher, ILogger logger, CancellationToken ct)
    {
        if (string.IsNullOrWhiteSpace(options.BootstrapAdminUsername) || string.IsNullOrWhiteSpace(options.BootstrapAdminPassword)) return;
        var users = new UserStore(db);
        if (await users.AnyAsync(ct)) return;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        // Serialise concurrent starts: only the first instance creates the admin.
        await Dapper.SqlMapper.ExecuteAsync(conn, "LOCK TABLE users IN SHARE ROW EXCLUSIVE MODE", transaction: tx);
        if (await Dapper.SqlMapper.ExecuteScalarAsync<bool>(conn, "SELECT EXISTS (SELECT 1 FROM users)", transaction: tx)) return;
        await users.InsertAsync(conn, tx, Guid.CreateVersion7(), options.BootstrapAdminUsername.Trim(), null, "Administrator",
            AuthApi.HashFor(hasher, options.BootstrapAdminPassword), Roles.Admin, true, [], [], ct);
        await tx.CommitAsync(ct);
        logger.LogInformation("Created the first admin '{Username}' from configuration", options.BootstrapAdminUsername);
    }
}
