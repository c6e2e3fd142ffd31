namespace StoreSync.Functions.Common.Problems;

/// <summary>The problem answers of the contract, built one way everywhere.</summary>
public static class Problem
{
    public static IResult Validation(IDictionary<string, string[]> errors, string? detail = null) =>
        Results.ValidationProblem(errors, detail: detail ?? "One or more fields are invalid.", title: "Validation failed");

    public static IResult Validation(string field, string message) =>
        Validation(new Dictionary<string, string[]> { [field] = [message] });

    public static IResult BadRequest(string detail, string title = "Bad request") =>
        Results.Problem(statusCode: 400, title: title, detail: detail);

    public static IResult NotFound(string what = "resource") =>
        Results.Problem(statusCode: 404, title: "Not found", detail: $"The {what} does not exist or is not visible to you.");

    public static IResult Forbidden(string detail) =>
        Results.Problem(statusCode: 403, title: "Forbidden", detail: detail);

    public static IResult Conflict(string detail) =>
        Results.Problem(statusCode: 409, title: "Conflict", detail: detail);

    public static IResult PreconditionFailed() =>
        Results.Problem(statusCode: 412, title: "Precondition failed",
            detail: "The resource changed since you read it (If-Match does not match its current ETag). Reload and try again.");

    public static IResult Unprocessable(string detail) =>
        Results.Problem(statusCode: 422, title: "Unprocessable request", detail: detail);

    public static IResult TooManyRequests(string detail, TimeSpan retryAfter) =>
        new RetryAfterResult(Results.Problem(statusCode: 429, title: "Too many requests", detail: detail), retryAfter);

    private sealed class RetryAfterResult(IResult inner, TimeSpan retryAfter) : IResult
    {
        public Task ExecuteAsync(HttpContext http)
        {
            http.Response.Headers.RetryAfter = ((int)Math.Ceiling(Math.Max(1, retryAfter.TotalSeconds))).ToString();
            return inner.ExecuteAsync(http);
        }
    }
}
