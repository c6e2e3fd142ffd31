using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using Dapper;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.Extensions.Options;
using Npgsql;
using StoreSync.Functions.Common.Auth;
using StoreSync.Functions.Common.Problems;

namespace StoreSync.Functions.Common.Idempotency;

/// <summary>What a create produced: a response to send (and store under the key), or a problem (nothing is kept).</summary>
public sealed record CreateOutcome(IResult? Problem, int Status, object? Body, string? Location)
{
    public static CreateOutcome Created(string location, object body) => new(null, StatusCodes.Status201Created, body, location);
    public static CreateOutcome Ok(object body) => new(null, StatusCodes.Status200OK, body, null);
    public static CreateOutcome Failed(IResult problem) => new(problem, 0, null, null);
}

/// <summary>
/// Every POST that creates runs through here, inside one transaction: with an <c>Idempotency-Key</c> header the key row
/// (user, key, request hash) is inserted FIRST in that transaction, so the unique key of idempotency_keys is the guard.
/// A concurrent duplicate waits on the first one's uncommitted row, then replays it; a key already used with another
/// body is 422; one whose first request is still running after <see cref="InFlightWait"/> is 409. A create that fails
/// rolls back, key row included, so the key can be used again.
/// </summary>
public sealed class Idempotency(NpgsqlDataSource db, IOptions<JsonOptions> json, TimeProvider time)
{
    public const string Header = "Idempotency-Key";
    public const int MaxKeyLength = 200;
    private static readonly TimeSpan InFlightWait = TimeSpan.FromSeconds(3);

    public async Task<IResult> RunAsync<TRequest>(HttpContext http, TRequest request,
        Func<NpgsqlConnection, NpgsqlTransaction, Task<CreateOutcome>> create, CancellationToken ct)
    {
        var key = http.Request.Headers[Header].ToString();
        if (key.Length > MaxKeyLength || (key.Length > 0 && string.IsNullOrWhiteSpace(key)))
            return Problem.Validation(Header, $"{Header} must be 1 to {MaxKeyLength} visible characters.");
        var userId = http.CurrentUser().Id;
        await using var conn = await db.OpenConnectionAsync(ct);
        await using var tx = await conn.BeginTransactionAsync(ct);
        if (key.Length > 0)
        {
            var hash = RequestHash(http.Request, request);
            if (!await ClaimAsync(conn, tx, userId, key, hash, ct))
            {
                var stored = await conn.QuerySingleAsync<StoredResponse>(new CommandDefinition(
                    "SELECT request_hash, status_code, response_body, location FROM idempotency_keys WHERE user_id = @userId AND key = @key",
                    new { userId, key }, tx, cancellationToken: ct));
                await tx.RollbackAsync(ct);
                if (!stored.RequestHash.AsSpan().SequenceEqual(hash))
                    return Problem.Unprocessable($"This {Header} was already used with a different request. Use a new key for a new request.");
                if (stored.StatusCode is null)
                    return Problem.Conflict($"A request with this {Header} is still in progress. Retry shortly.");
                return new StoredResult(stored.StatusCode.Value, stored.ResponseBody ?? "", stored.Location, replayed: true);
            }
        }
        var outcome = await create(conn, tx);
        if (outcome.Problem is not null)
        {
            await tx.RollbackAsync(ct);
            return outcome.Problem;
        }
        var body = JsonSerializer.Serialize(outcome.Body, json.Value.SerializerOptions);
        if (key.Length > 0)
            await conn.ExecuteAsync(new CommandDefinition("""
                UPDATE idempotency_keys SET status_code = @Status, response_body = @body, location = @Location
                WHERE user_id = @userId AND key = @key
                """, new { outcome.Status, body, outcome.Location, userId, key }, tx, cancellationToken: ct));
        await tx.CommitAsync(ct);
        return new StoredResult(outcome.Status, body, outcome.Location, replayed: false);
    }

    /// <summary>True when this request owns the key; false when a committed row already holds it.</summary>
    private async Task<bool> ClaimAsync(NpgsqlConnection conn, NpgsqlTransaction tx, Guid userId, string key, byte[] hash, CancellationToken ct)
    {
        await conn.ExecuteAsync(new CommandDefinition("SELECT set_config('lock_timeout', @wait, true)",
            new { wait = $"{(int)InFlightWait.TotalMilliseconds}ms" }, tx, cancellationToken: ct));
        int inserted;
        try
        {
            inserted = await conn.ExecuteAsync(new CommandDefinition("""
                INSERT INTO idempotency_keys (user_id, key, request_hash, created_at) VALUES (@userId, @key, @hash, @at)
                ON CONFLICT (user_id, key) DO NOTHING
                """, new { userId, key, hash, at = time.GetUtcNow().UtcDateTime }, tx, cancellationToken: ct));
        }
        catch (PostgresException e) when (e.SqlState == PostgresErrorCodes.LockNotAvailable)
        {
            throw new ApiProblemException(StatusCodes.Status409Conflict, "Conflict",
                $"A request with this {Header} is still in progress. Retry shortly.");
        }
        await conn.ExecuteAsync(new CommandDefinition("SELECT set_config('lock_timeout', '0', true)", transaction: tx, cancellationToken: ct));
        return inserted == 1;
    }

    /// <summary>Method, path and the bound request (so formatting differences of the same JSON do not matter).</summary>
    private byte[] RequestHash<TRequest>(HttpRequest request, TRequest body)
    {
        var bytes = Encoding.UTF8.GetBytes($"{request.Method} {request.Path}\n");
        return SHA256.HashData([.. bytes, .. JsonSerializer.SerializeToUtf8Bytes(body, json.Value.SerializerOptions)]);
    }

    private sealed record StoredResponse(byte[] RequestHash, int? StatusCode, string? ResponseBody, string? Location);

    /// <summary>The same bytes for the first answer and every replay.</summary>
    private sealed class StoredResult(int status, string body, string? location, bool replayed) : IResult
    {
        public async Task ExecuteAsync(HttpContext http)
        {
            http.Response.StatusCode = status;
            if (location is not null) http.Response.Headers.Location = location;
            if (replayed) http.Response.Headers["Idempotent-Replayed"] = "true";
            http.Response.ContentType = "application/json; charset=utf-8";
            await http.Response.WriteAsync(body, http.RequestAborted);
        }
    }
}
