using System.Net.Sockets;
using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Npgsql;

namespace StoreSync.Functions.Common.Problems;

/// <summary>
/// Turns exceptions into RFC 9457 answers: bad input is a 4xx, an unreachable database is a 503.
/// Anything else is a bug and stays a 500 (logged).
/// </summary>
public sealed class ProblemExceptionHandler(IProblemDetailsService problems, ILogger<ProblemExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext http, Exception exception, CancellationToken ct)
    {
        if (exception is Validation.ValidationFailedException v)
        {
            await Problem.Validation(v.Errors).ExecuteAsync(http);
            return true;
        }
        var (status, title, detail) = Classify(exception);
        if (status is null) return false;
        if (status == StatusCodes.Status503ServiceUnavailable)
            logger.LogWarning("Database unavailable: {Message}", exception.Message);
        http.Response.StatusCode = status.Value;
        if (status == StatusCodes.Status503ServiceUnavailable) http.Response.Headers.RetryAfter = "5";
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = http,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = detail },
        });
    }

    private static (int? Status, string? Title, string? Detail) Classify(Exception e) => e switch
    {
        ApiProblemException p => (p.Status, p.Title, p.Detail),
        BadHttpRequestException { StatusCode: 413 } b => (413, "Payload too large", b.Message),
        BadHttpRequestException { StatusCode: 415 } b => (415, "Unsupported media type", b.Message + " Send JSON with Content-Type: application/json."),
        BadHttpRequestException b when b.InnerException is JsonException j => (b.StatusCode, "Malformed JSON", JsonDetail(j)),
        BadHttpRequestException b => (b.StatusCode, "Bad request", b.Message),
        JsonException j => (400, "Malformed JSON", JsonDetail(j)),
        PostgresException { SqlState: PostgresErrorCodes.UniqueViolation } p => (409, "Conflict", $"A record with the same {p.ConstraintName} already exists."),
        PostgresException { SqlState: PostgresErrorCodes.ForeignKeyViolation } => (409, "Conflict", "The record is still referenced by other records."),
        // Text PostgreSQL cannot store: a NUL character (22021), or \u0000 inside a jsonb value (22P05).
        PostgresException { SqlState: PostgresErrorCodes.StringDataRightTruncation or PostgresErrorCodes.NumericValueOutOfRange
            or PostgresErrorCodes.InvalidTextRepresentation or PostgresErrorCodes.CharacterNotInRepertoire or PostgresErrorCodes.UntranslatableCharacter } p
            => (400, "Invalid value", p.MessageText),
        _ when IsDatabaseUnavailable(e) => (503, "Service unavailable", "The database is unavailable. Try again shortly."),
        _ => (null, null, null),
    };

    private static string JsonDetail(JsonException j) =>
        j.Path is { Length: > 0 } ? $"{j.Message}" : j.Message;

    public static bool IsDatabaseUnavailable(Exception e) => e switch
    {
        NpgsqlException { InnerException: SocketException or IOException or TimeoutException } => true,
        NpgsqlException n when n.IsTransient => true,
        PostgresException { SqlState: PostgresErrorCodes.CannotConnectNow or PostgresErrorCodes.AdminShutdown or PostgresErrorCodes.TooManyConnections } => true,
        SocketException => true,
        TimeoutException => true,
        _ when e.InnerException is not null => IsDatabaseUnavailable(e.InnerException),
        _ => false,
    };
}

/// <summary>Thrown by feature code for a specific problem answer (status, title, detail, optional field errors).</summary>
public sealed class ApiProblemException(int status, string title, string? detail = null) : Exception(detail ?? title)
{
    public int Status { get; } = status;
    public string Title { get; } = title;
    public string? Detail { get; } = detail;
}
